// ApiVersions v0: which versions of each API a broker speaks, asked once per
// connection so every later request can use the highest version both sides
// know. v0 is the one version every broker answers (a broker that does not
// know the requested version answers in v0 anyway).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "host/kafka/protocol/request_header.hpp"

namespace kc::host::kafka::protocol {

inline constexpr VersionRange api_versions_versions{0, 0};

struct ApiVersionsResponse {
    std::int16_t error_code = 0;
    std::map<std::int16_t, VersionRange> api_keys;
};

// The v0 request has no fields.
std::string encode_api_versions_request();
ApiVersionsResponse decode_api_versions_response(std::string_view body);

// The highest version of `key` inside both `ours` and the broker's range;
// nullopt when the broker lacks the API or the ranges do not meet.
std::optional<std::int16_t> choose_version(const ApiVersionsResponse& broker, ApiKey key,
                                           VersionRange ours);

}  // namespace kc::host::kafka::protocol
