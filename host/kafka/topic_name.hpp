// Kafka's rule for a legal topic name (Java's Topic.validate): 1 to 249
// characters of ASCII letters, digits, '.', '_' and '-', and neither "." nor
// "..". Names from requests are checked before librdkafka sees them: it does
// not survive every name a client can send.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kc::host::kafka {

// Why `name` is not a legal topic name, or nullopt when it is.
std::optional<std::string> topic_name_problem(std::string_view name);

}  // namespace kc::host::kafka
