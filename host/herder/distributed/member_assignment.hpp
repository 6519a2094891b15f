// The member's side of a completed rebalance (Java WorkerCoordinator
// onJoinComplete): how the assignment a member receives becomes the full set
// of connectors and tasks it should now run.
#pragma once

#include <optional>

#include "host/herder/distributed/connect_protocol.hpp"

namespace kc::host::distributed {

// The member's new full assignment, given what it held before (nullopt for
// nothing) and what the leader just sent under `protocol`.
//
// Eager: the received assignment is already complete (the member stopped
// everything before rejoining), so it is returned as is.
// Cooperative: the received assignment lists only new work. The result keeps
// every field of `received` (error, leader, offset, revoked, delay) and its
// `assigned` becomes the new items plus the previously held ones that were not
// revoked, without repeats. This happens even when the assignment failed, so a
// failed round does not drop the work the member still runs. The herder stops
// `received.revoked` itself.
ConnectAssignment merge_assignment(const std::optional<ConnectAssignment>& previous,
                                   const ConnectAssignment& received,
                                   ConnectProtocolCompatibility protocol);

// Items of `from` not listed in `remove`, in `from`'s order.
ConnectorsAndTasks subtract(const ConnectorsAndTasks& from, const ConnectorsAndTasks& remove);

}  // namespace kc::host::distributed
