#include "host/herder/distributed/eager_assignor.hpp"

#include <utility>

namespace kc::host::distributed {

GroupAssignment eager_assign(const LeaderAssignmentRequest& request) {
    LeaderConfig config = resolve_leader_config(request);
    if (!config.offset)
        return config_mismatch_assignment(request, config.max_member_offset, kConnectProtocolV0);

    // std::map keeps both member ids and connector names sorted.
    std::map<std::string, ConnectorsAndTasks> owned;
    for (const auto& [member, metadata] : request.members)
        owned[member];
    auto next_member = owned.begin();
    auto take_member = [&]() -> ConnectorsAndTasks& {
        if (next_member == owned.end()) next_member = owned.begin();
        return (next_member++)->second;
    };
    // Connectors first, then tasks: with many one-task connectors, placing each
    // connector beside its task would leave half the members idle.
    for (const auto& [connector, count] : config.snapshot.task_counts)
        take_member().connectors.push_back(connector);
    for (const auto& [connector, count] : config.snapshot.task_counts)
        for (auto& task : config.snapshot.tasks(connector))
            take_member().tasks.push_back(task);

    GroupAssignment out;
    const std::string& leader_url = request.members.at(request.leader_id).url;
    for (const auto& [member, assigned] : owned) {
        ConnectAssignment a;
        a.version = kConnectProtocolV0;
        a.leader = request.leader_id;
        a.leader_url = leader_url;
        a.config_offset = *config.offset;
        a.assigned = assigned;
        out.assignments.emplace(member, std::move(a));
    }
    out.owned = std::move(owned);
    return out;
}

}  // namespace kc::host::distributed
