// The eager (v0) assignor: full round-robin assignments from scratch.
#include <doctest/doctest.h>

#include <stdexcept>

#include "host/herder/distributed/eager_assignor.hpp"

using namespace kc::host::distributed;
using kc::host::ConnectorTaskId;

namespace {

LeaderAssignmentRequest request_for(std::vector<std::string> members, std::int64_t offset = 10) {
    LeaderAssignmentRequest r;
    r.leader_id = members.front();
    r.protocol = ConnectProtocolCompatibility::Eager;
    for (auto& m : members)
        r.members[m] = WorkerMetadata{"http://" + m + ":8083/", offset, {}};
    r.snapshot.offset = offset;
    return r;
}

}  // namespace

TEST_CASE("eager: connectors round-robin over sorted members, then tasks continue the rotation") {
    // Members listed out of order: the rotation follows sorted ids.
    LeaderAssignmentRequest r = request_for({"w2", "w1", "w3"});
    r.snapshot.task_counts = {{"b", 2}, {"a", 3}};

    GroupAssignment g = eager_assign(r);
    REQUIRE(g.assignments.size() == 3);
    // Connectors: a->w1, b->w2. Tasks continue at w3: a-0 w3, a-1 w1, a-2 w2,
    // b-0 w3, b-1 w1.
    CHECK(g.assignments["w1"].assigned == ConnectorsAndTasks{{"a"}, {{"a", 1}, {"b", 1}}});
    CHECK(g.assignments["w2"].assigned == ConnectorsAndTasks{{"b"}, {{"a", 2}}});
    CHECK(g.assignments["w3"].assigned == ConnectorsAndTasks{{}, {{"a", 0}, {"b", 0}}});
    for (auto& [member, a] : g.assignments) {
        CHECK(a.version == 0);
        CHECK(a.error == kAssignmentNoError);
        CHECK(a.leader == "w2");
        CHECK(a.leader_url == "http://w2:8083/");
        CHECK(a.config_offset == 10);
        CHECK(a.revoked.empty());
        CHECK(g.owned[member] == a.assigned);
        // Every assignment is encodable as v0.
        CHECK(decode_assignment(encode_assignment(a)) == a);
    }
}

TEST_CASE(
    "eager: an inconsistent connector runs but gets no tasks; members beyond the work get none") {
    LeaderAssignmentRequest r = request_for({"w1", "w2", "w3", "w4"});
    r.snapshot.task_counts = {{"a", 1}, {"broken", 3}};
    r.snapshot.inconsistent = {"broken"};
    GroupAssignment g = eager_assign(r);
    CHECK(g.assignments["w1"].assigned == ConnectorsAndTasks{{"a"}, {}});
    CHECK(g.assignments["w2"].assigned == ConnectorsAndTasks{{"broken"}, {}});
    CHECK(g.assignments["w3"].assigned == ConnectorsAndTasks{{}, {{"a", 0}}});
    CHECK(g.assignments["w4"].assigned.empty());
}

TEST_CASE("eager: a leader behind a member refreshes once, then sends CONFIG_MISMATCH") {
    LeaderAssignmentRequest r = request_for({"w1", "w2"}, 5);
    r.members["w2"].config_offset = 8;
    r.snapshot.task_counts = {{"a", 1}};
    int refreshes = 0;
    r.refresh_snapshot = [&] {
        ++refreshes;
        AssignmentConfigSnapshot s;
        s.offset = 7;
        return s;
    };
    GroupAssignment g = eager_assign(r);
    CHECK(refreshes == 1);
    for (auto& [member, a] : g.assignments) {
        CHECK(a.error == kAssignmentConfigMismatch);
        CHECK(a.config_offset == 8);
        CHECK(a.assigned.empty());
        CHECK(a.version == 0);
    }

    // A refresh that catches up is used, at its own offset.
    r.refresh_snapshot = [&] {
        AssignmentConfigSnapshot s;
        s.offset = 9;
        s.task_counts = {{"fresh", 0}};
        return s;
    };
    g = eager_assign(r);
    CHECK(g.assignments["w1"].error == kAssignmentNoError);
    CHECK(g.assignments["w1"].config_offset == 9);
    CHECK(g.assignments["w1"].assigned.connectors == std::vector<std::string>{"fresh"});
}

TEST_CASE("eager: no members, or a leader that is not a member, is refused") {
    LeaderAssignmentRequest r = request_for({"w1"});
    r.leader_id = "stranger";
    CHECK_THROWS_AS(eager_assign(r), std::invalid_argument);
    r.members.clear();
    CHECK_THROWS_AS(eager_assign(r), std::invalid_argument);
}
