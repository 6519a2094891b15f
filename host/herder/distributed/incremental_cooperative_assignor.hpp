// The leader's assignor for the cooperative protocols (v1 compatible, v2
// sessioned), as Java's IncrementalCooperativeAssignor (KIP-415): members keep
// running their work through a rebalance; each round the leader revokes only
// what must move (deleted, duplicated, or surplus to a balanced load), hands
// out only what is new or lost, and waits up to
// scheduled.rebalance.max.delay.ms for departed workers to return before
// giving their work away. Load-balancing revocations take effect on the
// follow-up round, when the revoked items are free to place.
//
// The assignor remembers the previous round, so one instance lives on a worker
// for as long as the worker process does; only its leader rounds use it.
// Not thread-safe. Members, connectors and tasks are walked in sorted order, so
// a round is a deterministic function of its inputs and the remembered state.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "host/herder/distributed/leader_assignment.hpp"

namespace kc::host::distributed {

// One round's result over plain allocations (Java ClusterAssignment).
struct ClusterAssignment {
    // Per member (every member has an entry, possibly empty):
    std::map<std::string, ConnectorsAndTasks> newly_assigned;  // to start
    std::map<std::string, ConnectorsAndTasks> revoked;         // to stop
    std::map<std::string, ConnectorsAndTasks> owned;           // held after both
    std::int32_t delay_ms = 0;  // members rejoin after this long (0: no scheduled rebalance)
};

class IncrementalCooperativeAssignor {
  public:
    // max_delay_ms = scheduled.rebalance.max.delay.ms; 0 reassigns lost work at
    // once and never postpones revocations.
    explicit IncrementalCooperativeAssignor(std::int32_t max_delay_ms);

    // A whole leader round: CONFIG_MISMATCH to everyone when the leader's
    // config is behind (no state changes then), otherwise each member's
    // incremental assignment, version 2 under the sessioned protocol and 1
    // otherwise. Throws std::invalid_argument when there are no members or the
    // leader is not one of them.
    GroupAssignment assign(const LeaderAssignmentRequest& request);

    // The assignment step itself, given each member's current allocation.
    ClusterAssignment perform_task_assignment(
        const AssignmentConfigSnapshot& snapshot, int last_completed_generation,
        int current_generation, const std::map<std::string, ConnectorsAndTasks>& allocations,
        std::int64_t now_ms);

    // The remembered state, for the herder's logs and for tests.
    std::int32_t delay_ms() const { return delay_; }
    std::int64_t scheduled_rebalance_ms() const { return scheduled_rebalance_; }
    const std::set<std::string>& candidate_workers() const { return candidates_; }
    int previous_generation() const { return previous_generation_; }

    // Connectors and tasks as sets: what the assignor computes with.
    struct Items {
        std::set<std::string> connectors;
        std::set<ConnectorTaskId> tasks;

        bool empty() const { return connectors.empty() && tasks.empty(); }
    };
    struct WorkerLoad {
        std::string worker;
        Items items;
    };

  private:
    Items handle_lost_assignments(const Items& lost, std::vector<WorkerLoad>& next,
                                  std::int64_t now);
    void reset_delay();
    std::int32_t revocation_backoff(int attempts) const;

    const std::int32_t max_delay_;
    Items previous_assignment_;  // what members held after the last round, lost items included
    Items previous_revocation_;  // what the last round revoked
    bool revoked_in_previous_ = false;
    int successive_revoking_rounds_ = 0;
    std::set<std::string> candidates_;  // empty workers that may take lost work
    std::int64_t scheduled_rebalance_ = 0;
    std::int32_t delay_ = 0;
    int previous_generation_ = -1;
    std::set<std::string> previous_members_;
};

}  // namespace kc::host::distributed
