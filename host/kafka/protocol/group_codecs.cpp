#include "host/kafka/protocol/group_codecs.hpp"

namespace kc::host::kafka::protocol {
namespace {

std::string string_or_empty(WireReader& in, const char* field) {
    return in.nullable_string(field).value_or("");
}

std::string bytes_or_empty(WireReader& in, const char* field) {
    return in.nullable_bytes(field).value_or("");
}

void write_count(WireWriter& out, std::size_t n, const char* what) {
    if (n > 0x7fffffff) throw WireError(std::string("too many ") + what);
    out.array_length(static_cast<std::int32_t>(n));
}

// Heartbeat v1+ and LeaveGroup v1+ put throttle_time_ms before the error.
ErrorOnlyResponse decode_error_only(std::string_view body, bool has_throttle,
                                    const char* throttle_field, const char* error_field) {
    WireReader in(body);
    ErrorOnlyResponse out;
    if (has_throttle) out.throttle_time_ms = in.int32(throttle_field);
    out.error_code = in.int16(error_field);
    return out;
}

}  // namespace

std::string encode_join_group_request(const JoinGroupRequest& request, std::int16_t version) {
    check_version(ApiKey::JoinGroup, version, join_group_versions);
    WireWriter out;
    out.string(request.group_id);
    out.int32(request.session_timeout_ms);
    out.int32(request.rebalance_timeout_ms);
    out.string(request.member_id);
    if (version >= 5) out.nullable_string(request.group_instance_id);
    out.string(request.protocol_type);
    write_count(out, request.protocols.size(), "JoinGroup protocols");
    for (const GroupProtocol& p : request.protocols) {
        out.string(p.name);
        out.bytes(p.metadata);
    }
    return out.take();
}

JoinGroupResponse decode_join_group_response(std::string_view body, std::int16_t version) {
    check_version(ApiKey::JoinGroup, version, join_group_versions);
    WireReader in(body);
    JoinGroupResponse out;
    out.throttle_time_ms = in.int32("JoinGroup throttle_time_ms");
    out.error_code = in.int16("JoinGroup error_code");
    out.generation_id = in.int32("JoinGroup generation_id");
    out.protocol_name = string_or_empty(in, "JoinGroup protocol_name");
    out.leader = string_or_empty(in, "JoinGroup leader");
    out.member_id = string_or_empty(in, "JoinGroup member_id");
    // member_id STRING + [group_instance_id] + metadata BYTES: at least 6 bytes.
    const auto count = in.array_length("JoinGroup members", version >= 5 ? 8 : 6);
    for (std::int32_t i = 0; i < count.value_or(0); ++i) {
        JoinGroupMember m;
        m.member_id = string_or_empty(in, "JoinGroup members.member_id");
        if (version >= 5)
            m.group_instance_id = in.nullable_string("JoinGroup members.group_instance_id");
        m.metadata = bytes_or_empty(in, "JoinGroup members.metadata");
        out.members.push_back(std::move(m));
    }
    return out;
}

std::string encode_sync_group_request(const SyncGroupRequest& request, std::int16_t version) {
    check_version(ApiKey::SyncGroup, version, sync_group_versions);
    WireWriter out;
    out.string(request.group_id);
    out.int32(request.generation_id);
    out.string(request.member_id);
    if (version >= 3) out.nullable_string(request.group_instance_id);
    write_count(out, request.assignments.size(), "SyncGroup assignments");
    for (const SyncGroupAssignment& a : request.assignments) {
        out.string(a.member_id);
        out.bytes(a.assignment);
    }
    return out.take();
}

SyncGroupResponse decode_sync_group_response(std::string_view body, std::int16_t version) {
    check_version(ApiKey::SyncGroup, version, sync_group_versions);
    WireReader in(body);
    SyncGroupResponse out;
    if (version >= 1) out.throttle_time_ms = in.int32("SyncGroup throttle_time_ms");
    out.error_code = in.int16("SyncGroup error_code");
    out.assignment = bytes_or_empty(in, "SyncGroup assignment");
    return out;
}

std::string encode_heartbeat_request(const HeartbeatRequest& request, std::int16_t version) {
    check_version(ApiKey::Heartbeat, version, heartbeat_versions);
    WireWriter out;
    out.string(request.group_id);
    out.int32(request.generation_id);
    out.string(request.member_id);
    if (version >= 3) out.nullable_string(request.group_instance_id);
    return out.take();
}

ErrorOnlyResponse decode_heartbeat_response(std::string_view body, std::int16_t version) {
    check_version(ApiKey::Heartbeat, version, heartbeat_versions);
    return decode_error_only(body, version >= 1, "Heartbeat throttle_time_ms",
                             "Heartbeat error_code");
}

std::string encode_leave_group_request(const LeaveGroupRequest& request, std::int16_t version) {
    check_version(ApiKey::LeaveGroup, version, leave_group_versions);
    WireWriter out;
    out.string(request.group_id);
    out.string(request.member_id);
    return out.take();
}

ErrorOnlyResponse decode_leave_group_response(std::string_view body, std::int16_t version) {
    check_version(ApiKey::LeaveGroup, version, leave_group_versions);
    return decode_error_only(body, version >= 1, "LeaveGroup throttle_time_ms",
                             "LeaveGroup error_code");
}

}  // namespace kc::host::kafka::protocol
