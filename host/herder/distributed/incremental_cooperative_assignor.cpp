#include "host/herder/distributed/incremental_cooperative_assignor.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kc::host::distributed {
namespace {

using Items = IncrementalCooperativeAssignor::Items;
using WorkerLoad = IncrementalCooperativeAssignor::WorkerLoad;
using PerWorker = std::map<std::string, Items>;

// Successive revoking rounds are spaced by 1 ms x 40^n, capped at the max delay.
constexpr int kRevocationBackoffMultiplier = 40;

template <typename T>
void erase_all(std::set<T>& from, const std::set<T>& remove) {
    for (const auto& item : remove)
        from.erase(item);
}

template <typename T>
std::set<T> intersect(const std::set<T>& a, const std::set<T>& b) {
    std::set<T> out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

template <typename T>
bool intersects(const std::set<T>& a, const std::set<T>& b) {
    return std::any_of(a.begin(), a.end(), [&](const T& item) { return b.count(item) != 0; });
}

void add_all(Items& to, const Items& from) {
    to.connectors.insert(from.connectors.begin(), from.connectors.end());
    to.tasks.insert(from.tasks.begin(), from.tasks.end());
}

void remove_all(Items& from, const Items& remove) {
    erase_all(from.connectors, remove.connectors);
    erase_all(from.tasks, remove.tasks);
}

Items minus(Items base, const Items& a, const Items& b = {}) {
    remove_all(base, a);
    remove_all(base, b);
    return base;
}

Items intersection(const Items& a, const Items& b) {
    return {intersect(a.connectors, b.connectors), intersect(a.tasks, b.tasks)};
}

Items to_items(const ConnectorsAndTasks& list) {
    return {{list.connectors.begin(), list.connectors.end()},
            {list.tasks.begin(), list.tasks.end()}};
}

ConnectorsAndTasks to_list(const Items& items) {
    return {{items.connectors.begin(), items.connectors.end()},
            {items.tasks.begin(), items.tasks.end()}};
}

Items union_of(const PerWorker& per_worker) {
    Items out;
    for (const auto& [worker, items] : per_worker)
        add_all(out, items);
    return out;
}

void add_all(PerWorker& to, const PerWorker& from) {
    for (const auto& [worker, items] : from)
        add_all(to[worker], items);
}

void remove_all(std::vector<WorkerLoad>& loads, const PerWorker& remove) {
    for (auto& load : loads) {
        auto it = remove.find(load.worker);
        if (it != remove.end()) remove_all(load.items, it->second);
    }
}

bool any_items(const PerWorker& per_worker) {
    return std::any_of(per_worker.begin(), per_worker.end(),
                       [](const auto& entry) { return !entry.second.empty(); });
}

// Items held by more than one member.
Items duplicated(const PerWorker& allocations) {
    Items seen, out;
    for (const auto& [worker, items] : allocations) {
        for (const auto& c : items.connectors)
            if (!seen.connectors.insert(c).second) out.connectors.insert(c);
        for (const auto& t : items.tasks)
            if (!seen.tasks.insert(t).second) out.tasks.insert(t);
    }
    return out;
}

// Per worker, the part of its allocation that lies in `items`.
PerWorker held_by_each(const Items& items, const PerWorker& allocations) {
    PerWorker out;
    for (const auto& [worker, held] : allocations) {
        Items both = intersection(held, items);
        if (!both.empty()) out.emplace(worker, std::move(both));
    }
    return out;
}

// Load-balancing revocations of one kind (connectors or tasks): with `total`
// configured, every worker should hold total/n, and total%n of them one more.
// Workers are walked in order; the first ones above the minimum may keep one
// extra while extras remain, the rest keep the minimum, the surplus is revoked
// from the front of each worker's set.
template <typename T>
std::map<std::string, std::set<T>> balance_revocations(std::size_t total,
                                                       const std::vector<WorkerLoad>& workers,
                                                       std::set<T> Items::*kind) {
    std::map<std::string, std::set<T>> out;
    const std::size_t min_per_worker = total / workers.size();
    const std::size_t extras = total % workers.size();
    auto held = [&](const WorkerLoad& w) { return (w.items.*kind).size(); };

    auto at_min = std::count_if(workers.begin(), workers.end(),
                                [&](auto& w) { return held(w) == min_per_worker; });
    auto at_min_plus_one = std::count_if(workers.begin(), workers.end(),
                                         [&](auto& w) { return held(w) == min_per_worker + 1; });
    if (static_cast<std::size_t>(at_min_plus_one) == extras &&
        static_cast<std::size_t>(at_min + at_min_plus_one) == workers.size())
        return out;  // already balanced

    std::size_t extras_given = 0;
    for (const auto& worker : workers) {
        const std::size_t size = held(worker);
        if (size <= min_per_worker) continue;
        std::size_t keep = min_per_worker;
        if (extras_given < extras) {
            ++extras_given;
            if (size == min_per_worker + 1) continue;
            keep = min_per_worker + 1;
        }
        auto& revoked = out[worker.worker];
        auto it = (worker.items.*kind).begin();
        for (std::size_t n = size; n > keep; --n)
            revoked.insert(*it++);
    }
    return out;
}

PerWorker load_balancing_revocations(const Items& configured,
                                     const std::vector<WorkerLoad>& workers) {
    PerWorker out;
    bool all_empty = std::all_of(workers.begin(), workers.end(),
                                 [](const WorkerLoad& w) { return w.items.empty(); });
    if (all_empty || configured.empty()) return out;
    for (auto& [worker, connectors] :
         balance_revocations(configured.connectors.size(), workers, &Items::connectors))
        out[worker].connectors = std::move(connectors);
    for (auto& [worker, tasks] :
         balance_revocations(configured.tasks.size(), workers, &Items::tasks))
        out[worker].tasks = std::move(tasks);
    return out;
}

// Places items over the least-loaded workers: sorted by (load, id), the
// lowest tier takes one each in turn, and each time it catches up with the
// next tier that tier joins the rotation.
template <typename T>
void assign_round_robin(std::vector<WorkerLoad>& workers, const std::set<T>& items,
                        std::set<T> Items::*kind) {
    if (items.empty() || workers.empty()) return;
    std::sort(workers.begin(), workers.end(), [&](const WorkerLoad& a, const WorkerLoad& b) {
        auto la = (a.items.*kind).size(), lb = (b.items.*kind).size();
        return la != lb ? la < lb : a.worker < b.worker;
    });
    auto next = items.begin();
    while (next != items.end()) {
        const std::size_t first_load = (workers.front().items.*kind).size();
        std::size_t up_to = 0;
        while (up_to < workers.size() && (workers[up_to].items.*kind).size() <= first_load)
            ++up_to;
        for (std::size_t i = 0; i < up_to && next != items.end(); ++i)
            (workers[i].items.*kind).insert(*next++);
    }
}

}  // namespace

IncrementalCooperativeAssignor::IncrementalCooperativeAssignor(std::int32_t max_delay_ms)
    : max_delay_(std::max<std::int32_t>(max_delay_ms, 0)) {}

std::int32_t IncrementalCooperativeAssignor::revocation_backoff(int attempts) const {
    // Java's ExponentialBackoff(initial 1, multiplier 40, max maxDelay, no
    // jitter), computed the same way so both leaders space rounds alike.
    const double initial = std::min<double>(max_delay_, max_delay_ == 0 ? 0 : 1);
    const double exp_max = max_delay_ > initial
                               ? std::log(max_delay_ / std::max(initial, 1.0)) /
                                     std::log(static_cast<double>(kRevocationBackoffMultiplier))
                               : 0;
    if (exp_max == 0) return static_cast<std::int32_t>(initial);
    const double term =
        initial * std::pow(kRevocationBackoffMultiplier, std::min<double>(attempts, exp_max));
    return static_cast<std::int32_t>(std::min<double>(static_cast<std::int64_t>(term), max_delay_));
}

void IncrementalCooperativeAssignor::reset_delay() {
    candidates_.clear();
    scheduled_rebalance_ = 0;
    delay_ = 0;
}

Items IncrementalCooperativeAssignor::handle_lost_assignments(const Items& lost,
                                                              std::vector<WorkerLoad>& next,
                                                              std::int64_t now) {
    Items to_reassign;
    if (lost.empty() && !revoked_in_previous_) {
        reset_delay();
        return to_reassign;
    }

    std::set<std::string> present;
    for (const auto& load : next)
        present.insert(load.worker);
    const bool nobody_left = std::includes(present.begin(), present.end(),
                                           previous_members_.begin(), previous_members_.end());
    // No worker departed: the items went missing because some member did not
    // get the last assignment, so they are simply handed out again.
    if ((scheduled_rebalance_ <= 0 && nobody_left) || max_delay_ == 0) return lost;

    if (scheduled_rebalance_ > 0 && now >= scheduled_rebalance_) {
        // The wait is over: the workers that stayed empty through it (most
        // likely the departed ones, returned) take the lost items round-robin.
        std::vector<WorkerLoad*> takers;
        for (auto& load : next)
            if (candidates_.count(load.worker)) takers.push_back(&load);
        if (takers.empty()) {
            to_reassign = lost;
        } else {
            std::size_t i = 0;
            for (const auto& c : lost.connectors)
                takers[i++ % takers.size()]->items.connectors.insert(c);
            i = 0;
            for (const auto& t : lost.tasks)
                takers[i++ % takers.size()]->items.tasks.insert(t);
        }
        reset_delay();
        // A full delay has passed, so the next revoking round need not wait.
        revoked_in_previous_ = false;
        return to_reassign;
    }

    for (const auto& load : next)
        if (load.items.empty()) candidates_.insert(load.worker);
    if (now < scheduled_rebalance_) {
        const std::int64_t remaining = scheduled_rebalance_ - now;
        delay_ = static_cast<std::int32_t>(std::min<std::int64_t>(remaining, max_delay_));
    } else {
        delay_ = max_delay_;
    }
    scheduled_rebalance_ = now + delay_;
    return to_reassign;
}

ClusterAssignment IncrementalCooperativeAssignor::perform_task_assignment(
    const AssignmentConfigSnapshot& snapshot, int last_completed_generation, int current_generation,
    const std::map<std::string, ConnectorsAndTasks>& allocations, std::int64_t now_ms) {
    // A round that never completed (the leader failed to sync) leaves a
    // previous assignment that nobody received: forget it.
    if (previous_generation_ != last_completed_generation) previous_assignment_ = {};

    Items configured;
    for (const auto& [connector, count] : snapshot.task_counts) {
        configured.connectors.insert(connector);
        for (auto& task : snapshot.tasks(connector))
            configured.tasks.insert(task);
    }

    PerWorker members;
    for (const auto& [member, allocation] : allocations)
        members[member] = to_items(allocation);
    const Items active = union_of(members);

    // Last round's revocations did not take effect: start again from what the
    // members actually run.
    if (!previous_revocation_.empty()) {
        if (intersects(previous_revocation_.connectors, active.connectors) ||
            intersects(previous_revocation_.tasks, active.tasks))
            previous_assignment_ = active;
        previous_revocation_ = {};
    }

    const Items deleted = minus(previous_assignment_, configured);
    const Items lost = minus(previous_assignment_, active, deleted);
    const Items created = minus(configured, previous_assignment_, active);

    PerWorker current;  // what each member holds, deleted items aside
    for (const auto& [member, items] : members)
        current[member] = minus(items, deleted);

    PerWorker to_revoke;
    const PerWorker deleted_to_revoke = held_by_each(deleted, members);
    const PerWorker duplicated_to_revoke = held_by_each(duplicated(members), members);
    add_all(to_revoke, deleted_to_revoke);
    add_all(to_revoke, duplicated_to_revoke);

    std::vector<WorkerLoad> next;
    for (const auto& [member, items] : members)
        next.push_back({member, items});
    remove_all(next, deleted_to_revoke);
    remove_all(next, duplicated_to_revoke);

    const Items lost_to_reassign = handle_lost_assignments(lost, next, now_ms);

    // No load balancing while waiting for departed workers.
    if (delay_ == 0) {
        PerWorker balancing = load_balancing_revocations(configured, next);
        const bool revoking = any_items(balancing);
        if (revoked_in_previous_ && revoking) {
            delay_ = revocation_backoff(++successive_revoking_rounds_);
            if (delay_ != 0) {
                scheduled_rebalance_ = now_ms + delay_;
            } else {
                add_all(to_revoke, balancing);
                remove_all(next, balancing);
            }
        } else if (revoking) {
            add_all(to_revoke, balancing);
            remove_all(next, balancing);
            revoked_in_previous_ = true;
        } else if (revoked_in_previous_) {
            // Balanced again: the next revoking round starts a fresh backoff.
            revoked_in_previous_ = false;
            successive_revoking_rounds_ = 0;
        }
    } else {
        revoked_in_previous_ = false;
    }

    Items to_assign = created;
    add_all(to_assign, lost_to_reassign);
    assign_round_robin(next, to_assign.connectors, &Items::connectors);
    assign_round_robin(next, to_assign.tasks, &Items::tasks);

    ClusterAssignment out;
    out.delay_ms = delay_;
    Items next_union;
    for (const auto& load : next) {
        const Items& revoked = to_revoke[load.worker];
        out.newly_assigned[load.worker] = to_list(minus(load.items, current[load.worker]));
        out.revoked[load.worker] = to_list(revoked);
        out.owned[load.worker] = to_list(minus(load.items, revoked));
        add_all(next_union, load.items);
    }

    // Remember what the members hold after this round; lost items still count
    // as owned, so they stay "lost" (not "new") until they are reassigned.
    previous_assignment_ = next_union;
    for (const auto& [worker, revoked] : to_revoke) {
        remove_all(previous_assignment_, revoked);
        add_all(previous_revocation_, revoked);
    }
    add_all(previous_assignment_, lost);
    previous_generation_ = current_generation;
    previous_members_.clear();
    for (const auto& [member, items] : members)
        previous_members_.insert(member);
    return out;
}

GroupAssignment IncrementalCooperativeAssignor::assign(const LeaderAssignmentRequest& request) {
    const std::int16_t version = request.protocol == ConnectProtocolCompatibility::Sessioned
                                     ? kConnectProtocolV2
                                     : kConnectProtocolV1;
    LeaderConfig config = resolve_leader_config(request);
    if (!config.offset)
        return config_mismatch_assignment(request, config.max_member_offset, version);

    std::map<std::string, ConnectorsAndTasks> allocations;
    for (const auto& [member, metadata] : request.members)
        allocations[member] =
            metadata.allocation ? metadata.allocation->assigned : ConnectorsAndTasks{};
    ClusterAssignment round =
        perform_task_assignment(config.snapshot, request.last_completed_generation,
                                request.current_generation, allocations, request.now_ms);

    GroupAssignment out;
    const std::string& leader_url = request.members.at(request.leader_id).url;
    for (const auto& [member, metadata] : request.members) {
        ConnectAssignment a;
        a.version = version;
        a.leader = request.leader_id;
        a.leader_url = leader_url;
        a.config_offset = *config.offset;
        a.assigned = round.newly_assigned[member];
        a.revoked = round.revoked[member];
        a.delay_ms = round.delay_ms;
        out.assignments.emplace(member, std::move(a));
    }
    out.owned = std::move(round.owned);
    return out;
}

}  // namespace kc::host::distributed
