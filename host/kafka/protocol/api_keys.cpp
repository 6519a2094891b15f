#include "host/kafka/protocol/api_keys.hpp"

namespace kc::host::kafka::protocol {

std::string api_name(ApiKey key) {
    switch (key) {
        case ApiKey::FindCoordinator:
            return "FindCoordinator";
        case ApiKey::JoinGroup:
            return "JoinGroup";
        case ApiKey::Heartbeat:
            return "Heartbeat";
        case ApiKey::LeaveGroup:
            return "LeaveGroup";
        case ApiKey::SyncGroup:
            return "SyncGroup";
        case ApiKey::SaslHandshake:
            return "SaslHandshake";
        case ApiKey::ApiVersions:
            return "ApiVersions";
        case ApiKey::SaslAuthenticate:
            return "SaslAuthenticate";
    }
    return "ApiKey(" + std::to_string(static_cast<int>(key)) + ")";
}

std::string error_name(std::int16_t code) {
    std::string_view name;
    switch (code) {
        case error_code::none:
            name = "NONE";
            break;
        case error_code::not_leader_for_partition:
            name = "NOT_LEADER_OR_FOLLOWER";
            break;
        case error_code::coordinator_load_in_progress:
            name = "COORDINATOR_LOAD_IN_PROGRESS";
            break;
        case error_code::coordinator_not_available:
            name = "COORDINATOR_NOT_AVAILABLE";
            break;
        case error_code::not_coordinator:
            name = "NOT_COORDINATOR";
            break;
        case error_code::illegal_generation:
            name = "ILLEGAL_GENERATION";
            break;
        case error_code::inconsistent_group_protocol:
            name = "INCONSISTENT_GROUP_PROTOCOL";
            break;
        case error_code::invalid_group_id:
            name = "INVALID_GROUP_ID";
            break;
        case error_code::unknown_member_id:
            name = "UNKNOWN_MEMBER_ID";
            break;
        case error_code::invalid_session_timeout:
            name = "INVALID_SESSION_TIMEOUT";
            break;
        case error_code::rebalance_in_progress:
            name = "REBALANCE_IN_PROGRESS";
            break;
        case error_code::group_authorization_failed:
            name = "GROUP_AUTHORIZATION_FAILED";
            break;
        case error_code::unsupported_sasl_mechanism:
            name = "UNSUPPORTED_SASL_MECHANISM";
            break;
        case error_code::illegal_sasl_state:
            name = "ILLEGAL_SASL_STATE";
            break;
        case error_code::unsupported_version:
            name = "UNSUPPORTED_VERSION";
            break;
        case error_code::invalid_partitions:
            name = "INVALID_PARTITIONS";
            break;
        case error_code::invalid_request:
            name = "INVALID_REQUEST";
            break;
        case error_code::sasl_authentication_failed:
            name = "SASL_AUTHENTICATION_FAILED";
            break;
        case error_code::group_id_not_found:
            name = "GROUP_ID_NOT_FOUND";
            break;
        case error_code::member_id_required:
            name = "MEMBER_ID_REQUIRED";
            break;
        case error_code::group_max_size_reached:
            name = "GROUP_MAX_SIZE_REACHED";
            break;
        case error_code::fenced_instance_id:
            name = "FENCED_INSTANCE_ID";
            break;
        default:
            return "error " + std::to_string(code);
    }
    return std::string(name) + " (" + std::to_string(code) + ")";
}

}  // namespace kc::host::kafka::protocol
