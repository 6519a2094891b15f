// The incremental cooperative assignor, round after round, in the scenarios of
// Java's IncrementalCooperativeAssignorTest: a simulated group whose members
// apply each round's revocations and new assignments before the next.
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/herder/distributed/incremental_cooperative_assignor.hpp"
#include "host/herder/distributed/member_assignment.hpp"
#include "host/kafka/protocol/wire.hpp"

using namespace kc::host::distributed;
using kc::host::ConnectorTaskId;

namespace {

constexpr std::int32_t kDefaultMaxDelay = 300000;  // scheduled.rebalance.max.delay.ms default

std::set<std::string> connector_set(const ConnectorsAndTasks& c) {
    return {c.connectors.begin(), c.connectors.end()};
}
std::set<ConnectorTaskId> task_set(const ConnectorsAndTasks& c) {
    return {c.tasks.begin(), c.tasks.end()};
}

std::vector<ConnectorTaskId> tasks_of(const std::string& connector, int from, int to) {
    std::vector<ConnectorTaskId> out;
    for (int i = from; i < to; ++i)
        out.push_back({connector, i});
    return out;
}

using Counts = std::vector<std::size_t>;

// How many connectors and how many tasks each worker runs, in ascending order.
struct Allocation {
    Counts connectors;
    Counts tasks;
    friend bool operator==(const Allocation&, const Allocation&) = default;
};

std::ostream& operator<<(std::ostream& out, const Allocation& a) {
    auto list = [&](const Counts& counts) {
        out << '{';
        for (std::size_t i = 0; i < counts.size(); ++i)
            out << (i ? ", " : "") << counts[i];
        out << '}';
    };
    out << "connectors ";
    list(a.connectors);
    out << " tasks ";
    list(a.tasks);
    return out;
}

// A group of workers driven by one assignor. Each round, every member reports
// what it runs; unless the round is lost on the way, members then stop what
// was revoked and start what was assigned.
struct Group {
    explicit Group(std::int32_t max_delay = kDefaultMaxDelay)
        : max_delay(max_delay), assignor(max_delay) {}

    std::int32_t max_delay;
    IncrementalCooperativeAssignor assignor;
    std::map<std::string, int> connectors{{"connector1", 4}, {"connector2", 4}};
    std::set<std::string> inconsistent;
    std::map<std::string, ConnectorsAndTasks> members{{"worker1", {}}};
    int generation = 1000;
    std::int64_t now = 1'700'000'000'000;
    ClusterAssignment last;

    AssignmentConfigSnapshot snapshot() const {
        AssignmentConfigSnapshot s;
        s.offset = 618;
        s.task_counts = connectors;
        s.inconsistent = inconsistent;
        return s;
    }

    // delivered=false: the leader computed the round but the members never
    // got it. generation_mismatch: the leader's last completed generation is
    // not the one its previous round was computed for.
    void rebalance(bool delivered = true, bool generation_mismatch = false) {
        ++generation;
        int last_completed = generation_mismatch ? generation - 2 : generation - 1;
        last =
            assignor.perform_task_assignment(snapshot(), last_completed, generation, members, now);
        check_no_redundant_assignments();
        if (delivered) apply();
    }

    void apply() {
        for (auto& [worker, owned] : last.owned) {
            ConnectorsAndTasks& held = members[worker];
            held = subtract(held, last.revoked[worker]);
            for (auto& c : last.newly_assigned[worker].connectors)
                held.connectors.push_back(c);
            for (auto& t : last.newly_assigned[worker].tasks)
                held.tasks.push_back(t);
            // What the leader believes each member holds is what it holds.
            CHECK(connector_set(held) == connector_set(owned));
            CHECK(task_set(held) == task_set(owned));
        }
    }

    // Nothing newly assigned is already running somewhere, or handed out twice.
    void check_no_redundant_assignments() {
        std::multiset<std::string> new_connectors;
        std::multiset<ConnectorTaskId> new_tasks;
        for (auto& [worker, items] : last.newly_assigned) {
            new_connectors.insert(items.connectors.begin(), items.connectors.end());
            new_tasks.insert(items.tasks.begin(), items.tasks.end());
        }
        CHECK(std::set<std::string>(new_connectors.begin(), new_connectors.end()).size() ==
              new_connectors.size());
        CHECK(std::set<ConnectorTaskId>(new_tasks.begin(), new_tasks.end()).size() ==
              new_tasks.size());
        for (auto& [worker, items] : members) {
            for (auto& c : items.connectors)
                CHECK(new_connectors.count(c) == 0);
            for (auto& t : items.tasks)
                CHECK(new_tasks.count(t) == 0);
        }
    }

    // Three connectors of four tasks on worker1; worker2 joins (a revoking
    // round), then worker3 joins straight after (a successive revoking round).
    void run_two_joins_in_a_row() {
        connectors["connector3"] = 4;
        rebalance();
        REQUIRE(task_counts() == Counts{12});
        add_workers({"worker2"});
        rebalance();
        REQUIRE(task_counts() == Counts{0, 6});
        add_workers({"worker3"});
        rebalance();
    }

    void add_workers(std::initializer_list<std::string> workers) {
        for (auto& w : workers)
            REQUIRE(members.emplace(w, ConnectorsAndTasks{}).second);
    }
    void remove_workers(std::initializer_list<std::string> workers) {
        for (auto& w : workers)
            REQUIRE(members.erase(w) == 1);
    }

    std::vector<std::size_t> connector_counts() const {
        std::vector<std::size_t> out;
        for (auto& [w, items] : members)
            out.push_back(items.connectors.size());
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::size_t> task_counts() const {
        std::vector<std::size_t> out;
        for (auto& [w, items] : members)
            out.push_back(items.tasks.size());
        std::sort(out.begin(), out.end());
        return out;
    }

    Allocation allocation() const { return {connector_counts(), task_counts()}; }

    // Everything the last round started, or stopped, on any worker.
    static ConnectorsAndTasks union_of(
        const std::map<std::string, ConnectorsAndTasks>& per_worker) {
        ConnectorsAndTasks out;
        for (auto& [w, items] : per_worker) {
            out.connectors.insert(out.connectors.end(), items.connectors.begin(),
                                  items.connectors.end());
            out.tasks.insert(out.tasks.end(), items.tasks.begin(), items.tasks.end());
        }
        return out;
    }

    std::set<std::string> workers_in_last_round() const {
        std::set<std::string> out;
        for (auto& [w, items] : last.owned)
            out.insert(w);
        return out;
    }

    bool no_revocations() const {
        return std::all_of(last.revoked.begin(), last.revoked.end(),
                           [](auto& e) { return e.second.empty(); });
    }
    bool nothing_assigned() const {
        return std::all_of(last.newly_assigned.begin(), last.newly_assigned.end(),
                           [](auto& e) { return e.second.empty(); });
    }
    bool empty_round() const { return no_revocations() && nothing_assigned(); }

    // Every configured connector and task runs exactly once, and no worker
    // runs more than one item of a kind more than another.
    void check_balanced_and_complete() const {
        auto c = connector_counts(), t = task_counts();
        CHECK(c.back() - c.front() <= 1);
        CHECK(t.back() - t.front() <= 1);
        std::multiset<std::string> running_connectors;
        std::multiset<ConnectorTaskId> running_tasks;
        for (auto& [w, items] : members) {
            running_connectors.insert(items.connectors.begin(), items.connectors.end());
            running_tasks.insert(items.tasks.begin(), items.tasks.end());
        }
        std::multiset<std::string> expected_connectors;
        std::multiset<ConnectorTaskId> expected_tasks;
        for (auto& [connector, count] : connectors) {
            expected_connectors.insert(connector);
            if (inconsistent.count(connector)) continue;
            for (auto& task : tasks_of(connector, 0, count))
                expected_tasks.insert(task);
        }
        CHECK(running_connectors == expected_connectors);
        CHECK(running_tasks == expected_tasks);
    }
};

}  // namespace

TEST_CASE("first assignment spreads connectors and tasks evenly over 1, 2 or 3 workers") {
    for (int workers = 1; workers <= 3; ++workers) {
        CAPTURE(workers);
        Group g;
        g.connectors = {{"connector1", 4}, {"connector2", 4}, {"connector3", 4}};
        if (workers >= 2) g.add_workers({"worker2"});
        if (workers >= 3) g.add_workers({"worker3"});
        g.rebalance();
        CHECK(g.last.delay_ms == 0);
        CHECK(g.no_revocations());
        g.check_balanced_and_complete();
        CHECK(g.task_counts() == Counts(workers, 12 / workers));
        // A second round with nothing changed changes nothing.
        g.rebalance();
        CHECK(g.empty_round());
    }
}

TEST_CASE("a joining worker: only the surplus is revoked, then placed on the follow-up round") {
    Group g;
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.workers_in_last_round() == std::set<std::string>{"worker1"});
    CHECK(g.allocation() == Allocation{{2}, {8}});
    g.check_balanced_and_complete();

    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.workers_in_last_round() == std::set<std::string>{"worker1", "worker2"});
    // worker1 gives up one connector and four tasks; nothing is placed yet.
    CHECK(g.last.revoked["worker1"].connectors.size() == 1);
    CHECK(g.last.revoked["worker1"].tasks.size() == 4);
    CHECK(g.nothing_assigned());
    CHECK(g.allocation() == Allocation{{0, 1}, {0, 4}});

    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.last.delay_ms == 0);
    CHECK(g.last.newly_assigned["worker2"].tasks.size() == 4);
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});
    g.check_balanced_and_complete();

    g.rebalance();
    CHECK(g.empty_round());
}

TEST_CASE("successive revoking rounds are spaced by a backoff of 40 ms, then 1600 ms") {
    Group g;
    g.connectors["connector3"] = 4;
    g.rebalance();
    CHECK(g.allocation() == Allocation{{3}, {12}});

    g.add_workers({"worker2"});
    g.rebalance();
    CHECK_FALSE(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 2}, {0, 6}});

    // Right after a revoking round: no new revocations, a 40 ms delay; what
    // was revoked is placed.
    g.add_workers({"worker3"});
    g.rebalance();
    CHECK(g.assignor.delay_ms() == 40);
    CHECK(g.last.delay_ms == 40);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1, 2}, {3, 3, 6}});

    g.now += g.assignor.delay_ms();
    g.add_workers({"worker4"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK_FALSE(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 0, 1, 1}, {0, 3, 3, 3}});

    // Another revoking round straight after: the backoff grows 40-fold.
    g.add_workers({"worker5"});
    g.rebalance();
    CHECK(g.assignor.delay_ms() == 1600);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 0, 1, 1, 1}, {1, 2, 3, 3, 3}});

    g.now += g.assignor.delay_ms();
    g.add_workers({"worker6"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{0, 0, 0, 1, 1, 1}, {0, 1, 2, 2, 2, 2}});

    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 0, 0, 1, 1, 1}, {2, 2, 2, 2, 2, 2}});
    g.check_balanced_and_complete();
}

TEST_CASE("the revocation backoff is capped at the max delay") {
    Group g(1000);
    g.run_two_joins_in_a_row();
    CHECK(g.assignor.delay_ms() == 40);
    g.now += 40;
    g.add_workers({"worker4"});
    g.rebalance();
    CHECK_FALSE(g.no_revocations());
    g.add_workers({"worker5"});
    g.rebalance();
    // 40^(log 1000 / log 40) comes out as 999.99...: Java's backoff truncates
    // it the same way.
    CHECK(g.assignor.delay_ms() == 999);
}

TEST_CASE("max delay 0: successive revoking rounds revoke at once") {
    Group g(0);
    g.run_two_joins_in_a_row();
    CHECK(g.last.delay_ms == 0);
    CHECK_FALSE(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1, 1}, {3, 3, 4}});

    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{1, 1, 1}, {4, 4, 4}});
    g.check_balanced_and_complete();
}

TEST_CASE("max delay 1 ms: the backoff equals the max delay") {
    Group g(1);
    g.run_two_joins_in_a_row();
    CHECK(g.assignor.delay_ms() == 1);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1, 2}, {3, 3, 6}});
}

TEST_CASE("a worker joining while a delayed rebalance is active gets no revoked work") {
    Group g;
    g.run_two_joins_in_a_row();
    REQUIRE(g.assignor.delay_ms() > 0);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1, 2}, {3, 3, 6}});

    g.now += g.assignor.delay_ms() / 2;
    g.add_workers({"worker4"});
    g.rebalance();
    CHECK(g.assignor.delay_ms() > 0);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 0, 1, 2}, {0, 3, 3, 6}});

    g.now += g.assignor.delay_ms();
    g.add_workers({"worker5"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{0, 0, 0, 1, 1}, {0, 0, 2, 3, 3}});

    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 0, 1, 1, 1}, {2, 2, 2, 3, 3}});
    g.check_balanced_and_complete();
}

TEST_CASE("a worker leaves for good: its work waits out the delay, then is reassigned") {
    Group g;
    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});

    g.remove_workers({"worker2"});
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay);
    CHECK(g.assignor.scheduled_rebalance_ms() == g.now + kDefaultMaxDelay);
    CHECK(g.empty_round());

    // An incidental round halfway: still waiting, for the remaining half.
    g.now += kDefaultMaxDelay / 2;
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay / 2);
    CHECK(g.empty_round());

    g.now += kDefaultMaxDelay / 2 + 1;
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.assignor.scheduled_rebalance_ms() == 0);
    CHECK(g.allocation() == Allocation{{2}, {8}});
    g.check_balanced_and_complete();
}

TEST_CASE("a worker that returns within the delay gets its own work back") {
    Group g;
    g.add_workers({"worker2"});
    g.rebalance();
    const ConnectorsAndTasks worker2_work = g.members["worker2"];
    REQUIRE_FALSE(worker2_work.empty());

    g.remove_workers({"worker2"});
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay);
    g.now += kDefaultMaxDelay / 2;
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay / 2);
    CHECK(g.empty_round());

    // Back before the delay is over: it is a candidate, but lost work still
    // waits for the delay to expire.
    g.now += kDefaultMaxDelay / 4;
    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay / 4);
    CHECK(g.assignor.candidate_workers() == std::set<std::string>{"worker2"});
    CHECK(g.empty_round());

    g.now += kDefaultMaxDelay / 4;
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.no_revocations());
    CHECK(connector_set(g.members["worker2"]) == connector_set(worker2_work));
    CHECK(task_set(g.members["worker2"]) == task_set(worker2_work));
    CHECK(g.assignor.candidate_workers().empty());
    g.check_balanced_and_complete();
}

TEST_CASE("lost work is shared among every empty worker present when the delay expires") {
    Group g;
    g.add_workers({"worker2", "worker3"});
    g.rebalance();
    const ConnectorsAndTasks lost = g.members["worker2"];

    g.remove_workers({"worker2"});
    g.add_workers({"worker4"});
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay);
    CHECK(g.assignor.candidate_workers() == std::set<std::string>{"worker4"});

    g.now += kDefaultMaxDelay / 2;
    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.assignor.candidate_workers() == std::set<std::string>{"worker2", "worker4"});

    g.now += kDefaultMaxDelay / 2;
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    std::set<ConnectorTaskId> given;
    for (auto* w : {"worker2", "worker4"})
        for (auto& t : g.last.newly_assigned[w].tasks)
            given.insert(t);
    CHECK(given == task_set(lost));
    CHECK(g.last.newly_assigned["worker1"].empty());
    CHECK(g.last.newly_assigned["worker3"].empty());
}

TEST_CASE("lost work goes to the workers that were empty while waiting, whatever their load") {
    Group g;
    g.add_workers({"worker2"});
    g.rebalance();
    const ConnectorsAndTasks lost = g.members["worker2"];

    // worker2 leaves; worker3 joins empty (a candidate) and, in the same round,
    // takes a newly created connector, which is placed despite the delay.
    g.remove_workers({"worker2"});
    g.add_workers({"worker3"});
    g.connectors["connector3"] = 4;
    g.rebalance();
    CHECK(g.last.delay_ms == kDefaultMaxDelay);
    CHECK(g.assignor.candidate_workers() == std::set<std::string>{"worker3"});
    CHECK(g.last.newly_assigned["worker3"].tasks.size() == 4);

    // At expiry the lost work all goes to worker3, though worker1 is as
    // loaded: treated as new work it would have been split between them. The
    // same round revokes worker3's surplus at once, some of it lost work not
    // yet started (as Java does), so every lost task is either started or
    // revoked on worker3, and none touches worker1.
    g.now += kDefaultMaxDelay;
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.last.newly_assigned["worker1"].empty());
    CHECK(connector_set(g.last.newly_assigned["worker3"]) == connector_set(lost));
    std::set<ConnectorTaskId> placed = task_set(g.last.newly_assigned["worker3"]);
    for (auto& t : g.last.revoked["worker3"].tasks)
        if (task_set(lost).count(t)) placed.insert(t);
    CHECK(placed == task_set(lost));
    CHECK(g.allocation() == Allocation{{1, 2}, {4, 6}});

    // The revoked part is placed on the follow-up round.
    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{1, 2}, {6, 6}});
    g.check_balanced_and_complete();
}

TEST_CASE("a departed worker's work goes to others at once when the max delay is 0") {
    Group g(0);
    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.task_counts() == Counts{4, 4});

    g.remove_workers({"worker2"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.workers_in_last_round() == std::set<std::string>{"worker1"});
    CHECK(g.allocation() == Allocation{{2}, {8}});
    g.check_balanced_and_complete();
}

TEST_CASE("a new leader starts without history: its group's work is reassigned at once") {
    Group g;
    g.add_workers({"worker2", "worker3"});
    g.rebalance();
    CHECK(g.allocation() == Allocation{{0, 1, 1}, {2, 3, 3}});

    // The leader (worker1) is gone; worker2 leads with a fresh assignor.
    g.remove_workers({"worker1"});
    IncrementalCooperativeAssignor fresh(kDefaultMaxDelay);
    ++g.generation;
    g.last = fresh.perform_task_assignment(g.snapshot(), g.generation - 1, g.generation, g.members,
                                           g.now);
    g.apply();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});
    g.check_balanced_and_complete();
}

TEST_CASE("the old leader returning counts as a new worker") {
    Group g;
    g.add_workers({"worker2", "worker3"});
    g.rebalance();
    g.remove_workers({"worker1"});
    // The remembered previous round was never completed by this leader's
    // generation: the assignor forgets it, as a new leader's would be empty.
    g.rebalance(true, true);
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});

    g.add_workers({"worker1"});
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{0, 1, 1}, {0, 3, 3}});
    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1, 1}, {2, 3, 3}});
    g.check_balanced_and_complete();
}

TEST_CASE("a first round that never reaches the members is simply repeated") {
    Group g;
    g.add_workers({"worker2"});
    g.rebalance(false);
    CHECK(g.connector_counts() == Counts{0, 0});

    // Same members, same (empty) allocations: the lost items are new again,
    // with no delay since nobody left.
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});
    g.check_balanced_and_complete();
}

TEST_CASE("a lost revoking round is treated as a successive revoking round") {
    for (bool generation_mismatch : {false, true}) {
        CAPTURE(generation_mismatch);
        Group g;
        g.add_workers({"worker2"});
        g.rebalance();
        g.add_workers({"worker3"});
        g.rebalance(false);

        // The members still run everything the lost round revoked.
        g.rebalance(true, generation_mismatch);
        CHECK(g.assignor.delay_ms() > 0);
        CHECK(g.allocation() == Allocation{{0, 1, 1}, {0, 4, 4}});

        g.now += g.assignor.delay_ms();
        g.rebalance();
        CHECK(g.allocation() == Allocation{{0, 1, 1}, {0, 3, 3}});

        g.rebalance();
        CHECK(g.allocation() == Allocation{{0, 1, 1}, {2, 3, 3}});
        g.check_balanced_and_complete();
    }
}

TEST_CASE("after an undelivered revoking round the leader starts again from what members run") {
    Group g;
    g.add_workers({"worker2"});
    g.rebalance();
    const ConnectorsAndTasks worker2_work = g.members["worker2"];
    g.add_workers({"worker3"});
    g.rebalance(false);
    REQUIRE_FALSE(g.no_revocations());

    // The revoked work is still running, so the leader's memory is replaced
    // by what the members report: worker2's work, gone with it, is then
    // unknown rather than lost, and is placed at once instead of waiting.
    g.remove_workers({"worker2"});
    g.rebalance();
    ConnectorsAndTasks placed = Group::union_of(g.last.newly_assigned);
    CHECK(connector_set(placed) == connector_set(worker2_work));
    CHECK(task_set(placed) == task_set(worker2_work));
}

TEST_CASE("deleted connectors and their tasks are revoked from whoever runs them") {
    Group g;
    g.connectors["connector3"] = 4;
    g.add_workers({"worker2"});
    g.rebalance();
    CHECK(g.allocation() == Allocation{{1, 2}, {6, 6}});

    g.connectors.erase("connector3");
    g.rebalance();
    ConnectorsAndTasks all_revoked = Group::union_of(g.last.revoked);
    CHECK(connector_set(all_revoked) == std::set<std::string>{"connector3"});
    auto expected = tasks_of("connector3", 0, 4);
    CHECK(task_set(all_revoked) == std::set<ConnectorTaskId>(expected.begin(), expected.end()));
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});
    g.check_balanced_and_complete();
}

TEST_CASE("a connector whose task configs became inconsistent loses its tasks, keeps running") {
    Group g;
    g.rebalance();
    g.inconsistent = {"connector2"};
    g.rebalance();
    auto expected = tasks_of("connector2", 0, 4);
    CHECK(task_set(g.last.revoked["worker1"]) ==
          std::set<ConnectorTaskId>(expected.begin(), expected.end()));
    CHECK(g.last.revoked["worker1"].connectors.empty());
    CHECK(g.task_counts() == Counts{4});
    g.check_balanced_and_complete();

    g.inconsistent.clear();
    g.rebalance();
    CHECK(g.last.newly_assigned["worker1"].tasks == expected);
}

TEST_CASE("work run by two workers is revoked from both, then placed once") {
    Group g;
    g.rebalance();
    CHECK(g.task_counts() == Counts{8});

    // worker2 joins claiming connector1 and its tasks, which worker1 runs too.
    g.members["worker2"] = {{"connector1"}, tasks_of("connector1", 0, 4)};
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(connector_set(g.last.revoked["worker2"]) == std::set<std::string>{"connector1"});
    CHECK(g.last.revoked["worker1"].connectors.size() >= 1);
    CHECK(g.allocation() == Allocation{{0, 1}, {0, 4}});

    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{1, 1}, {4, 4}});
    g.check_balanced_and_complete();

    g.rebalance();
    CHECK(g.empty_round());
}

TEST_CASE("duplicated work that is also deleted is revoked and not placed again") {
    Group g;
    g.rebalance();
    g.connectors.erase("connector1");
    g.members["worker2"] = {{"connector1"}, tasks_of("connector1", 0, 4)};
    g.rebalance();
    CHECK(g.last.delay_ms == 0);
    CHECK(g.allocation() == Allocation{{0, 1}, {0, 2}});

    g.rebalance();
    CHECK(g.no_revocations());
    CHECK(g.allocation() == Allocation{{0, 1}, {2, 2}});
    g.check_balanced_and_complete();

    g.rebalance();
    CHECK(g.empty_round());
}

// The whole leader round through assign(): the request a herder builds, the
// assignment every member receives.
namespace {

LeaderAssignmentRequest request(ConnectProtocolCompatibility protocol) {
    LeaderAssignmentRequest r;
    r.leader_id = "m1";
    r.protocol = protocol;
    r.members["m1"] = WorkerMetadata{"http://one:8083/", 3, std::nullopt};
    r.members["m2"] = WorkerMetadata{"http://two:8083/", 3, std::nullopt};
    r.snapshot.offset = 3;
    r.snapshot.task_counts = {{"a", 2}};
    r.last_completed_generation = 1;
    r.current_generation = 2;
    return r;
}

}  // namespace

TEST_CASE("assign(): version follows the protocol; every member hears the leader and offset") {
    for (auto [protocol, version] : {std::pair{ConnectProtocolCompatibility::Sessioned, 2},
                                     std::pair{ConnectProtocolCompatibility::Compatible, 1}}) {
        IncrementalCooperativeAssignor assignor(kDefaultMaxDelay);
        GroupAssignment g = assignor.assign(request(protocol));
        REQUIRE(g.assignments.size() == 2);
        for (auto& [member, a] : g.assignments) {
            CHECK(a.version == version);
            CHECK(a.error == kAssignmentNoError);
            CHECK(a.leader == "m1");
            CHECK(a.leader_url == "http://one:8083/");
            CHECK(a.config_offset == 3);
            CHECK(a.delay_ms == 0);
            CHECK(g.owned[member] == a.assigned);
            CHECK(decode_assignment(encode_assignment(a)) == a);
        }
        CHECK(g.assignments["m1"].assigned == ConnectorsAndTasks{{"a"}, {{"a", 0}}});
        CHECK(g.assignments["m2"].assigned == ConnectorsAndTasks{{}, {{"a", 1}}});
    }
}

TEST_CASE("assign(): a leader behind a member sends CONFIG_MISMATCH and remembers nothing") {
    IncrementalCooperativeAssignor assignor(kDefaultMaxDelay);
    LeaderAssignmentRequest r = request(ConnectProtocolCompatibility::Sessioned);
    r.members["m2"].config_offset = 9;
    int refreshes = 0;
    r.refresh_snapshot = [&] {
        ++refreshes;
        AssignmentConfigSnapshot s = r.snapshot;
        s.offset = 8;
        return s;
    };
    GroupAssignment g = assignor.assign(r);
    CHECK(refreshes == 1);
    for (auto& [member, a] : g.assignments) {
        CHECK(a.error == kAssignmentConfigMismatch);
        CHECK(a.config_offset == 9);
        CHECK(a.assigned.empty());
        CHECK(a.revoked.empty());
        CHECK(a.delay_ms == 0);
        CHECK(a.version == 2);
        CHECK(a.leader_url == "http://one:8083/");
    }
    CHECK(assignor.previous_generation() == -1);

    r.refresh_snapshot = {};
    CHECK(assignor.assign(r).assignments["m1"].failed());
    CHECK_THROWS_AS(assignor.assign(LeaderAssignmentRequest{}), std::invalid_argument);
}

TEST_CASE("a simulated group converges through bytes and member-side merges") {
    // Three sessioned workers exchange real metadata and assignment bytes with
    // one leader, applying each assignment as a member would, until stable.
    IncrementalCooperativeAssignor assignor(kDefaultMaxDelay);
    AssignmentConfigSnapshot config;
    config.offset = 42;
    config.task_counts = {{"alpha", 3}, {"beta", 5}, {"gamma", 1}};
    std::map<std::string, std::optional<ConnectAssignment>> held{{"w1", std::nullopt}};
    int generation = 0;

    auto round = [&] {
        std::vector<std::pair<std::string, std::string>> join;
        for (auto& [member, allocation] : held) {
            WorkerMetadata m{"http://" + member + ":8083/", 42, allocation};
            auto offered = join_group_protocols(ConnectProtocolCompatibility::Sessioned, m);
            join.emplace_back(member, offered.front().metadata);
        }
        LeaderAssignmentRequest r;
        r.leader_id = "w1";
        r.protocol = ConnectProtocolCompatibility::Sessioned;
        r.members = decode_member_metadata(join);
        r.snapshot = config;
        r.last_completed_generation = generation;
        r.current_generation = ++generation;
        auto bytes = encode_group_assignment(assignor.assign(r));
        for (auto& [member, allocation] : held) {
            ConnectAssignment received = decode_assignment(bytes.at(member));
            allocation =
                merge_assignment(allocation, received, ConnectProtocolCompatibility::Sessioned);
        }
    };

    round();
    held["w2"];
    held["w3"];
    for (int i = 0; i < 3; ++i)
        round();

    std::multiset<std::string> connectors;
    std::multiset<ConnectorTaskId> tasks;
    for (auto& [member, allocation] : held) {
        REQUIRE(allocation);
        CHECK(allocation->assigned.connectors.size() == 1);
        CHECK(allocation->assigned.tasks.size() == 3);
        connectors.insert(allocation->assigned.connectors.begin(),
                          allocation->assigned.connectors.end());
        tasks.insert(allocation->assigned.tasks.begin(), allocation->assigned.tasks.end());
    }
    CHECK(connectors == std::multiset<std::string>{"alpha", "beta", "gamma"});
    CHECK(tasks.size() == 9);
    CHECK(std::set<ConnectorTaskId>(tasks.begin(), tasks.end()).size() == 9);
}

TEST_CASE("member metadata that does not decode names the member") {
    try {
        decode_member_metadata({{"good", encode_metadata({"u", 1, std::nullopt}, 1)},
                                {"bad", std::string("\x00\x01\x00", 3)}});
        FAIL("decoded");
    } catch (const kc::host::kafka::protocol::WireError& e) {
        CHECK(std::string(e.what()).find("member 'bad'") != std::string::npos);
    }
}
