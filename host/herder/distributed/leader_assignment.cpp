#include "host/herder/distributed/leader_assignment.hpp"

#include <algorithm>
#include <stdexcept>

#include "host/kafka/protocol/wire.hpp"

namespace kc::host::distributed {

std::vector<ConnectorTaskId> AssignmentConfigSnapshot::tasks(const std::string& connector) const {
    std::vector<ConnectorTaskId> out;
    auto it = task_counts.find(connector);
    if (it == task_counts.end() || inconsistent.count(connector)) return out;
    for (int i = 0; i < it->second; ++i)
        out.push_back(ConnectorTaskId{connector, i});
    return out;
}

std::map<std::string, WorkerMetadata> decode_member_metadata(
    const std::vector<std::pair<std::string, std::string>>& members) {
    std::map<std::string, WorkerMetadata> out;
    for (const auto& [member, bytes] : members) {
        try {
            out[member] = decode_metadata(bytes);
        } catch (const kafka::protocol::WireError& e) {
            throw kafka::protocol::WireError("member '" + member + "': " + e.what());
        }
    }
    return out;
}

std::map<std::string, std::string> encode_group_assignment(const GroupAssignment& group) {
    std::map<std::string, std::string> out;
    for (const auto& [member, assignment] : group.assignments)
        out.emplace(member, encode_assignment(assignment));
    return out;
}

LeaderConfig resolve_leader_config(const LeaderAssignmentRequest& request) {
    if (request.members.empty())
        throw std::invalid_argument("cannot assign: the group has no members");
    if (!request.members.count(request.leader_id))
        throw std::invalid_argument("cannot assign: leader '" + request.leader_id +
                                    "' is not among the group's members");

    LeaderConfig out;
    out.max_member_offset =
        std::max_element(request.members.begin(), request.members.end(), [](auto& a, auto& b) {
            return a.second.config_offset < b.second.config_offset;
        })->second.config_offset;
    // Assignment always uses the largest offset any member has seen: members
    // behind it catch up before they act on the assignment.
    if (request.snapshot.offset >= out.max_member_offset) {
        out.offset = out.max_member_offset;
        out.snapshot = request.snapshot;
        return out;
    }
    if (!request.refresh_snapshot) return out;
    out.snapshot = request.refresh_snapshot();
    if (out.snapshot.offset >= out.max_member_offset) out.offset = out.snapshot.offset;
    return out;
}

GroupAssignment config_mismatch_assignment(const LeaderAssignmentRequest& request,
                                           std::int64_t max_member_offset, std::int16_t version) {
    GroupAssignment out;
    const std::string& leader_url = request.members.at(request.leader_id).url;
    for (const auto& [member, metadata] : request.members) {
        ConnectAssignment a;
        a.version = version;
        a.error = kAssignmentConfigMismatch;
        a.leader = request.leader_id;
        a.leader_url = leader_url;
        a.config_offset = max_member_offset;
        out.assignments.emplace(member, std::move(a));
    }
    return out;
}

}  // namespace kc::host::distributed
