// The Kafka request types the project speaks itself, and the error codes their
// responses carry (the numbers of Kafka's protocol, common/protocol/Errors).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kc::host::kafka::protocol {

enum class ApiKey : std::int16_t {
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    SaslHandshake = 17,
    ApiVersions = 18,
    SaslAuthenticate = 36,
};

// "JoinGroup", "Heartbeat", ...; "ApiKey(<n>)" for a key not listed above.
std::string api_name(ApiKey key);

// The error codes the group client reacts to; any other code is reported by
// its number and, where known, its name.
namespace error_code {
inline constexpr std::int16_t none = 0;
inline constexpr std::int16_t not_leader_for_partition = 6;
inline constexpr std::int16_t coordinator_load_in_progress = 14;
inline constexpr std::int16_t coordinator_not_available = 15;
inline constexpr std::int16_t not_coordinator = 16;
inline constexpr std::int16_t illegal_generation = 22;
inline constexpr std::int16_t inconsistent_group_protocol = 23;
inline constexpr std::int16_t invalid_group_id = 24;
inline constexpr std::int16_t unknown_member_id = 25;
inline constexpr std::int16_t invalid_session_timeout = 26;
inline constexpr std::int16_t rebalance_in_progress = 27;
inline constexpr std::int16_t group_authorization_failed = 30;
inline constexpr std::int16_t unsupported_sasl_mechanism = 33;
inline constexpr std::int16_t illegal_sasl_state = 34;
inline constexpr std::int16_t unsupported_version = 35;
inline constexpr std::int16_t invalid_partitions = 37;
inline constexpr std::int16_t invalid_request = 42;
inline constexpr std::int16_t sasl_authentication_failed = 58;
inline constexpr std::int16_t group_id_not_found = 69;
inline constexpr std::int16_t member_id_required = 79;
inline constexpr std::int16_t group_max_size_reached = 81;
inline constexpr std::int16_t fenced_instance_id = 82;
}  // namespace error_code

// "REBALANCE_IN_PROGRESS (27)"; "error 1234" for a code not known here.
std::string error_name(std::int16_t code);

}  // namespace kc::host::kafka::protocol
