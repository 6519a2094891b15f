// What a connector name may be. Java refuses empty names and control
// characters; this also refuses what breaks clients or the worker further on:
// NUL (cut C strings short), invalid UTF-8 (strict JSON clients can no longer
// read GET /connectors) and names past a length every client and the broker
// take as a client id, group id or header value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kc::host {

inline constexpr std::size_t kMaxConnectorNameBytes = 1024;

// Why `name` cannot name a connector, or nullopt when it can. The message
// never repeats the name itself, so it is safe to log.
std::optional<std::string> connector_name_problem(std::string_view name);

}  // namespace kc::host
