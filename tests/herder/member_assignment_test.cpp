// How a member turns the assignment it receives into what it runs.
#include <doctest/doctest.h>

#include "host/herder/distributed/member_assignment.hpp"

using namespace kc::host::distributed;
using kc::host::ConnectorTaskId;

namespace {

ConnectAssignment assignment(ConnectorsAndTasks assigned, ConnectorsAndTasks revoked = {}) {
    ConnectAssignment a;
    a.leader = "leader";
    a.leader_url = "http://leader:8083/";
    a.config_offset = 4;
    a.assigned = std::move(assigned);
    a.revoked = std::move(revoked);
    return a;
}

}  // namespace

TEST_CASE("cooperative: revoked items go, the rest of the old snapshot stays, new ones are added") {
    ConnectAssignment previous = assignment({{"a", "b"}, {{"a", 0}, {"a", 1}, {"b", 0}}});
    ConnectAssignment received = assignment({{"c"}, {{"c", 0}}}, {{"b"}, {{"a", 1}}});
    received.delay_ms = 250;

    ConnectAssignment merged =
        merge_assignment(previous, received, ConnectProtocolCompatibility::Sessioned);
    CHECK(merged.assigned.connectors == std::vector<std::string>{"c", "a"});
    CHECK(merged.assigned.tasks == std::vector<ConnectorTaskId>{{"c", 0}, {"a", 0}, {"b", 0}});
    // Everything else is the received assignment's.
    CHECK(merged.revoked == received.revoked);
    CHECK(merged.delay_ms == 250);
    CHECK(merged.leader == "leader");
}

TEST_CASE("cooperative: the first assignment is taken as is, and repeats are dropped") {
    ConnectAssignment received = assignment({{"a", "a"}, {{"a", 0}}});
    ConnectAssignment merged =
        merge_assignment(std::nullopt, received, ConnectProtocolCompatibility::Compatible);
    CHECK(merged.assigned == ConnectorsAndTasks{{"a"}, {{"a", 0}}});

    // Re-sending something the member already runs does not double it.
    ConnectAssignment again =
        merge_assignment(merged, received, ConnectProtocolCompatibility::Compatible);
    CHECK(again.assigned == ConnectorsAndTasks{{"a"}, {{"a", 0}}});
}

TEST_CASE("cooperative: a failed assignment keeps the work the member runs") {
    ConnectAssignment previous = assignment({{"a"}, {{"a", 0}}});
    ConnectAssignment failed = assignment({});
    failed.error = kAssignmentConfigMismatch;
    ConnectAssignment merged =
        merge_assignment(previous, failed, ConnectProtocolCompatibility::Sessioned);
    CHECK(merged.failed());
    CHECK(merged.assigned == previous.assigned);
}

TEST_CASE("eager: the received assignment is complete") {
    ConnectAssignment previous = assignment({{"a"}, {{"a", 0}}});
    ConnectAssignment received = assignment({{"b"}, {}});
    received.version = 0;
    CHECK(merge_assignment(previous, received, ConnectProtocolCompatibility::Eager) == received);
}

TEST_CASE("subtract keeps order and drops listed items") {
    ConnectorsAndTasks from{{"a", "b", "c"}, {{"a", 0}, {"b", 1}}};
    ConnectorsAndTasks remove{{"b"}, {{"a", 0}, {"z", 9}}};
    CHECK(subtract(from, remove) == ConnectorsAndTasks{{"a", "c"}, {{"b", 1}}});
}
