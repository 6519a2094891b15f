// FindCoordinator v1-2 (single key): which broker coordinates a group. v0 has
// no key type and v4+ batches keys (not in the 2.0.2 mock), so neither is used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/kafka/protocol/request_header.hpp"

namespace kc::host::kafka::protocol {

inline constexpr VersionRange find_coordinator_versions{1, 2};

// key_type values.
inline constexpr std::int8_t coordinator_type_group = 0;
inline constexpr std::int8_t coordinator_type_transaction = 1;

struct FindCoordinatorRequest {
    std::string key;
    std::int8_t key_type = coordinator_type_group;
};

struct FindCoordinatorResponse {
    std::int32_t throttle_time_ms = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::int32_t node_id = -1;
    std::string host;
    std::int32_t port = -1;
};

std::string encode_find_coordinator_request(const FindCoordinatorRequest& request,
                                            std::int16_t version);
FindCoordinatorResponse decode_find_coordinator_response(std::string_view body,
                                                         std::int16_t version);

}  // namespace kc::host::kafka::protocol
