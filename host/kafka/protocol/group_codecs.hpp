// The group membership requests (JoinGroup v2-5, SyncGroup v0-3, Heartbeat
// v0-3, LeaveGroup v0-1) and their responses: the non-flexible versions that
// both librdkafka 2.0.2's mock cluster and Kafka 2.x-4.x brokers accept.
//
// Kafka's schemas declare the responses' protocol name, leader, member id and
// assignment non-null, but the librdkafka mock writes them as null (-1) in its
// error responses; the decoders read such a null as empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/protocol/request_header.hpp"

namespace kc::host::kafka::protocol {

inline constexpr VersionRange join_group_versions{2, 5};
inline constexpr VersionRange sync_group_versions{0, 3};
inline constexpr VersionRange heartbeat_versions{0, 3};
inline constexpr VersionRange leave_group_versions{0, 1};

struct GroupProtocol {
    std::string name;
    std::string metadata;
};

struct JoinGroupRequest {
    std::string group_id;
    std::int32_t session_timeout_ms = 0;
    std::int32_t rebalance_timeout_ms = 0;
    std::string member_id;
    // Sent from v5 on; null = no static membership (Connect has none).
    std::optional<std::string> group_instance_id;
    std::string protocol_type;
    std::vector<GroupProtocol> protocols;
};

struct JoinGroupMember {
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v5+
    std::string metadata;
};

struct JoinGroupResponse {
    std::int32_t throttle_time_ms = 0;
    std::int16_t error_code = 0;
    std::int32_t generation_id = -1;
    std::string protocol_name;
    std::string leader;
    std::string member_id;
    std::vector<JoinGroupMember> members;  // empty unless this member leads
};

struct SyncGroupAssignment {
    std::string member_id;
    std::string assignment;
};

struct SyncGroupRequest {
    std::string group_id;
    std::int32_t generation_id = -1;
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v3+
    std::vector<SyncGroupAssignment> assignments;  // the leader's only
};

struct SyncGroupResponse {
    std::int32_t throttle_time_ms = 0;
    std::int16_t error_code = 0;
    std::string assignment;
};

struct HeartbeatRequest {
    std::string group_id;
    std::int32_t generation_id = -1;
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v3+
};

struct LeaveGroupRequest {
    std::string group_id;
    std::string member_id;
};

// Heartbeat and LeaveGroup (v0-1) answer with an error code only.
struct ErrorOnlyResponse {
    std::int32_t throttle_time_ms = 0;
    std::int16_t error_code = 0;
};

std::string encode_join_group_request(const JoinGroupRequest& request, std::int16_t version);
JoinGroupResponse decode_join_group_response(std::string_view body, std::int16_t version);

std::string encode_sync_group_request(const SyncGroupRequest& request, std::int16_t version);
SyncGroupResponse decode_sync_group_response(std::string_view body, std::int16_t version);

std::string encode_heartbeat_request(const HeartbeatRequest& request, std::int16_t version);
ErrorOnlyResponse decode_heartbeat_response(std::string_view body, std::int16_t version);

std::string encode_leave_group_request(const LeaveGroupRequest& request, std::int16_t version);
ErrorOnlyResponse decode_leave_group_response(std::string_view body, std::int16_t version);

}  // namespace kc::host::kafka::protocol
