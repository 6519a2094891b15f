#include "host/kafka/protocol/api_versions.hpp"

#include <algorithm>

namespace kc::host::kafka::protocol {

std::string encode_api_versions_request() {
    return {};
}

ApiVersionsResponse decode_api_versions_response(std::string_view body) {
    WireReader in(body);
    ApiVersionsResponse out;
    out.error_code = in.int16("ApiVersions error_code");
    // Each entry is api_key, min_version, max_version: three INT16s.
    const auto count = in.array_length("ApiVersions api_keys", 6);
    for (std::int32_t i = 0; i < count.value_or(0); ++i) {
        const std::int16_t key = in.int16("ApiVersions api_key");
        VersionRange range;
        range.min = in.int16("ApiVersions min_version");
        range.max = in.int16("ApiVersions max_version");
        out.api_keys[key] = range;
    }
    return out;
}

std::optional<std::int16_t> choose_version(const ApiVersionsResponse& broker, ApiKey key,
                                           VersionRange ours) {
    const auto it = broker.api_keys.find(static_cast<std::int16_t>(key));
    if (it == broker.api_keys.end()) return std::nullopt;
    const std::int16_t low = std::max(ours.min, it->second.min);
    const std::int16_t high = std::min(ours.max, it->second.max);
    if (low > high) return std::nullopt;
    return high;
}

}  // namespace kc::host::kafka::protocol
