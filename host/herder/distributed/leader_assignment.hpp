// What the group leader works from and hands out in a rebalance, shared by the
// eager and the incremental cooperative assignors: the members' metadata and
// the leader's config snapshot in, one assignment per member out. Plus the
// byte-level steps around them (member metadata from JoinGroup, assignments
// for SyncGroup).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "host/herder/distributed/connect_protocol.hpp"

namespace kc::host::distributed {

// The part of the leader's config snapshot (Java ClusterConfigState) that
// assignment needs.
struct AssignmentConfigSnapshot {
    std::int64_t offset = -1;
    // Every configured connector with its task count.
    std::map<std::string, int> task_counts;
    // Connectors whose last task-config commit was incomplete: they run no
    // tasks until the connector regenerates its configs.
    std::set<std::string> inconsistent;

    // Tasks 0..n-1 of the connector; none when it is inconsistent or unknown.
    std::vector<ConnectorTaskId> tasks(const std::string& connector) const;
};

// Everything the leader knows when it must assign.
struct LeaderAssignmentRequest {
    std::string leader_id;  // this worker's member id; must be one of `members`
    // The protocol the coordinator selected: eager assigns with version 0,
    // compatible with 1, sessioned with 2.
    ConnectProtocolCompatibility protocol = ConnectProtocolCompatibility::Sessioned;
    std::map<std::string, WorkerMetadata> members;  // member id -> its metadata
    AssignmentConfigSnapshot snapshot;              // taken when this worker joined
    // Reads the config topic again; called at most once, when `snapshot` is
    // behind a member's offset. May be empty (then the leader stays behind).
    std::function<AssignmentConfigSnapshot()> refresh_snapshot;
    // The generation of this worker's last completed rebalance, and the
    // generation being assigned now.
    int last_completed_generation = -1;
    int current_generation = -1;
    std::int64_t now_ms = 0;  // the leader's clock, for scheduled rebalances
};

// The leader's answer.
struct GroupAssignment {
    std::map<std::string, ConnectAssignment> assignments;  // what each member receives
    // What each member runs once it applies its assignment (Java LeaderState):
    // where to find a connector's or task's owner.
    std::map<std::string, ConnectorsAndTasks> owned;
};

// Decodes each member's metadata bytes (the selected protocol's, as JoinGroup
// hands them to the leader). A member id listed twice keeps its last entry.
// Throws WireError naming the member whose bytes are malformed.
std::map<std::string, WorkerMetadata> decode_member_metadata(
    const std::vector<std::pair<std::string, std::string>>& members);

// Each member's assignment bytes for SyncGroup.
std::map<std::string, std::string> encode_group_assignment(const GroupAssignment& group);

// The config the leader assigns from (steps 1-2 of both assignors).
struct LeaderConfig {
    std::int64_t max_member_offset = -1;  // the largest config offset any member reported
    // The offset and snapshot to assign at; nullopt when the leader's config is
    // behind max_member_offset even after one refresh.
    std::optional<std::int64_t> offset;
    AssignmentConfigSnapshot snapshot;
};

// Throws std::invalid_argument when there are no members or the leader is not
// one of them.
LeaderConfig resolve_leader_config(const LeaderAssignmentRequest& request);

// CONFIG_MISMATCH for every member: nothing assigned or revoked, the largest
// member offset, delay 0.
GroupAssignment config_mismatch_assignment(const LeaderAssignmentRequest& request,
                                           std::int64_t max_member_offset, std::int16_t version);

}  // namespace kc::host::distributed
