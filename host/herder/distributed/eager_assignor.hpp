// The assignor for the eager (v0) protocol (Java EagerAssignor): every member
// stopped all its work before rejoining, so each round hands out the complete
// assignment from scratch. Stateless.
#pragma once

#include "host/herder/distributed/leader_assignment.hpp"

namespace kc::host::distributed {

// Connectors sorted by name go round-robin over the members sorted by id;
// then, connector by connector in the same order, its tasks continue with the
// same rotation. Assignments are version 0. A leader whose config is behind a
// member's sends CONFIG_MISMATCH to all.
GroupAssignment eager_assign(const LeaderAssignmentRequest& request);

}  // namespace kc::host::distributed
