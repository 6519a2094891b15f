// The group member against a scripted coordinator, for what the librdkafka
// mock cannot show: MEMBER_ID_REQUIRED, fatal errors, a held JoinGroup cut
// short by wakeup(), the quiet window between JoinGroup and SyncGroup, late
// SyncGroup refusals and LeaveGroup.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "host/config/config_error.hpp"
#include "host/kafka/protocol/connect_group_member.hpp"
#include "host/kafka/protocol/wire.hpp"
#include "tests/kafka/group_scripted_broker.hpp"

using namespace kc::host::kafka::protocol;
using namespace kc::test;
using namespace std::chrono_literals;

namespace {

struct Listener : GroupMemberListener {
    void on_join_prepare(std::int32_t generation, const std::string& member_id) override {
        std::lock_guard lock(mutex);
        prepares.emplace_back(generation, member_id);
    }
    std::vector<GroupProtocol> join_protocols() override {
        ++protocol_calls;
        return {{"sessioned", "meta"}, {"compatible", "meta1"}};
    }
    std::map<std::string, std::string> perform_assignment(
        const std::string&, const std::string& protocol,
        const std::vector<JoinGroupMember>& members) override {
        chosen = protocol;
        std::map<std::string, std::string> out;
        for (const auto& m : members)
            out[m.member_id] = "to-" + m.member_id;
        return out;
    }
    void on_assigned(const std::string& bytes, std::int32_t generation, const std::string&,
                     const std::string&) override {
        assignment = bytes;
        assigned_generation = generation;
        ++assigned;
    }
    void on_lost(const std::string&) override { ++lost; }

    std::mutex mutex;
    std::vector<std::pair<std::int32_t, std::string>> prepares;
    int protocol_calls = 0;
    std::string chosen;
    std::string assignment;
    std::int32_t assigned_generation = -1;
    int assigned = 0;
    int lost = 0;
};

std::string join_response(std::int16_t error, std::int32_t generation, const std::string& member,
                          const std::string& leader, bool with_members) {
    WireWriter out;
    out.int32(0);
    out.int16(error);
    out.int32(generation);
    out.string("sessioned");
    out.string(leader);
    out.string(member);
    out.array_length(with_members ? 1 : 0);
    if (with_members) {
        out.string(member);
        out.nullable_string(std::nullopt);  // v5
        out.bytes("meta");
    }
    return out.take();
}

std::string error_only(std::int16_t error, bool throttle = true) {
    WireWriter out;
    if (throttle) out.int32(0);
    out.int16(error);
    return out.take();
}

std::string sync_response(std::int16_t error, const std::string& assignment) {
    WireWriter out;
    out.int32(0);
    out.int16(error);
    out.bytes(assignment);
    return out.take();
}

// The member id and instance id a JoinGroup v5 request carries.
std::pair<std::string, std::optional<std::string>> join_member(const ScriptedRequest& r) {
    WireReader in(r.body);
    in.string("group");
    in.int32("session");
    in.int32("rebalance");
    auto member = in.string("member");
    return {member, in.nullable_string("instance")};
}

// A coordinator whose JoinGroup, SyncGroup and Heartbeat answers come from
// the test; everything else is answered as a broker would.
struct Coordinator {
    std::function<ScriptedReply(const ScriptedRequest&)> join;
    std::function<ScriptedReply(const ScriptedRequest&)> sync = [](const ScriptedRequest&) {
        return ScriptedReply::respond(sync_response(0, "to-m-1"));
    };
    std::function<ScriptedReply(const ScriptedRequest&)> heartbeat = [](const ScriptedRequest&) {
        return ScriptedReply::respond(error_only(0));
    };
    std::atomic<int> port{0};
    ScriptedBroker broker{[this](const ScriptedRequest& r) {
        switch (r.api_key) {
            case 18:
                return ScriptedReply::respond(api_versions_body());
            case 10:
                return ScriptedReply::respond(find_coordinator_body(port));
            case 11:
                return join(r);
            case 14:
                return sync(r);
            case 12:
                return heartbeat(r);
            case 13:
                return ScriptedReply::respond(error_only(0));
            default:
                return ScriptedReply::close();
        }
    }};
    Coordinator() { port = broker.port(); }

    GroupMemberConfig config() const {
        GroupMemberConfig c;
        c.bootstrap_servers = parse_broker_list(broker.bootstrap());
        c.group_id = "cg";
        c.session_timeout = 3000ms;
        c.rebalance_timeout = 4000ms;
        c.heartbeat_interval = 50ms;
        c.request_timeout = 2000ms;
        c.retry_backoff = 10ms;
        c.connection.client_id = "scripted";
        return c;
    }
};

// Polls until on_assigned, at most `limit`.
bool poll_until_assigned(ConnectGroupMember& member, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline)
        if (member.poll(100ms) == PollResult::Assigned) return true;
    return false;
}

}  // namespace

TEST_CASE("MEMBER_ID_REQUIRED: the join is sent again with the id the coordinator gave") {
    Coordinator coordinator;
    std::atomic<int> joins{0};
    coordinator.join = [&](const ScriptedRequest& r) {
        if (joins++ == 0) return ScriptedReply::respond(join_response(79, -1, "m-1", "", false));
        CHECK(join_member(r).first == "m-1");
        return ScriptedReply::respond(join_response(0, 1, "m-1", "m-1", true));
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    REQUIRE(poll_until_assigned(member, 5s));
    CHECK(joins == 2);
    CHECK(listener.prepares.size() == 1);
    CHECK(listener.protocol_calls == 2);
    CHECK(listener.chosen == "sessioned");
    CHECK(listener.assignment == "to-m-1");
    CHECK(member.member_id() == "m-1");
    CHECK(member.generation() == 1);

    const auto join_requests = coordinator.broker.requests_of(11);
    REQUIRE(join_requests.size() == 2);
    CHECK(join_requests[0].api_version == 5);
    const auto [first_id, instance] = join_member(join_requests[0]);
    CHECK(first_id.empty());
    CHECK_FALSE(instance.has_value());

    // The leader's SyncGroup carries one assignment per member.
    const auto syncs = coordinator.broker.requests_of(14);
    REQUIRE(syncs.size() == 1);
    WireReader in(syncs[0].body);
    CHECK(in.string("group") == "cg");
    CHECK(in.int32("generation") == 1);
    CHECK(in.string("member") == "m-1");
    CHECK_FALSE(in.nullable_string("instance").has_value());  // v3
    CHECK(in.int32("count") == 1);
    CHECK(in.string("member") == "m-1");
    CHECK(in.bytes("assignment") == "to-m-1");
}

TEST_CASE("a fatal JoinGroup error is thrown from poll() naming the group and the error") {
    Coordinator coordinator;
    coordinator.join = [](const ScriptedRequest&) {
        return ScriptedReply::respond(join_response(23, -1, "", "", false));
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    CHECK_THROWS_WITH_AS(poll_until_assigned(member, 3s),
                         doctest::Contains("JoinGroup for group 'cg' failed: "
                                           "INCONSISTENT_GROUP_PROTOCOL (23)"),
                         GroupError);
}

TEST_CASE("wakeup() ends a poll waiting on a held JoinGroup; the next poll completes it") {
    Coordinator coordinator;
    std::atomic<bool> release{false};
    coordinator.join = [&](const ScriptedRequest&) {
        ScriptedReply reply = ScriptedReply::respond(join_response(0, 4, "m-1", "m-1", true));
        reply.hold_until = [&] { return release.load(); };
        return reply;
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    CHECK(member.poll(300ms) == PollResult::TimedOut);
    std::thread waker([&] {
        std::this_thread::sleep_for(100ms);
        member.wakeup();
    });
    const auto start = Clock::now();
    CHECK(member.poll(10s) == PollResult::Woken);
    CHECK(Clock::now() - start < 2s);
    waker.join();
    release = true;
    REQUIRE(poll_until_assigned(member, 3s));
    CHECK(coordinator.broker.requests_of(11).size() == 1);
    CHECK(listener.assigned_generation == 4);
}

TEST_CASE("no heartbeat between the JoinGroup and SyncGroup answers; UNKNOWN_MEMBER_ID rejoins") {
    Coordinator coordinator;
    std::atomic<int> joins{0};
    coordinator.join = [&](const ScriptedRequest& r) {
        const int n = joins++;
        if (n == 1) CHECK(join_member(r).first.empty());  // the id was forgotten
        return ScriptedReply::respond(join_response(0, n + 1, "m-1", "m-1", true));
    };
    // While a SyncGroup is held (12 heartbeat intervals), heartbeats count as faults.
    std::atomic<bool> syncing{false};
    std::atomic<int> beats_while_syncing{0};
    coordinator.sync = [&](const ScriptedRequest&) {
        syncing = true;
        const auto until = Clock::now() + 600ms;
        ScriptedReply reply = ScriptedReply::respond(sync_response(0, "a"));
        reply.hold_until = [&syncing, until] {
            if (Clock::now() < until) return false;
            syncing = false;
            return true;
        };
        return reply;
    };
    std::atomic<int> beats{0};
    coordinator.heartbeat = [&](const ScriptedRequest&) {
        if (syncing) ++beats_while_syncing;
        return ScriptedReply::respond(error_only(++beats == 3 ? 25 : 0));
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    REQUIRE(poll_until_assigned(member, 5s));
    CHECK(beats_while_syncing == 0);

    // The third heartbeat answers UNKNOWN_MEMBER_ID: the member forgets its
    // id and generation, prepares, and joins again without an id.
    REQUIRE(poll_until_assigned(member, 5s));
    CHECK(joins == 2);
    REQUIRE(listener.prepares.size() == 2);
    CHECK(listener.prepares[1].first == -1);
    CHECK(listener.prepares[1].second.empty());
    CHECK(listener.assigned_generation == 2);
}

TEST_CASE("SyncGroup INVALID_REQUEST (a late follower on the mock): rejoin with the same id") {
    Coordinator coordinator;
    coordinator.join = [](const ScriptedRequest&) {
        return ScriptedReply::respond(join_response(0, 2, "m-7", "leader", false));
    };
    std::atomic<int> syncs{0};
    coordinator.sync = [&](const ScriptedRequest&) {
        return ScriptedReply::respond(syncs++ == 0 ? sync_response(42, "")
                                                   : sync_response(0, "for-m-7"));
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    REQUIRE(poll_until_assigned(member, 5s));
    const auto joins = coordinator.broker.requests_of(11);
    REQUIRE(joins.size() == 2);
    CHECK(join_member(joins[1]).first == "m-7");
    CHECK(listener.prepares.size() == 1);
    CHECK(listener.assignment == "for-m-7");
    CHECK(listener.chosen.empty());  // a follower assigns nothing
}

TEST_CASE("leave() sends LeaveGroup with the member id and forgets it") {
    Coordinator coordinator;
    coordinator.join = [](const ScriptedRequest&) {
        return ScriptedReply::respond(join_response(0, 1, "m-1", "m-1", true));
    };
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    REQUIRE(poll_until_assigned(member, 5s));
    member.leave("shutting down", 1000ms);
    CHECK(member.member_id().empty());
    CHECK_FALSE(member.is_stable());
    const auto leaves = coordinator.broker.requests_of(13);
    REQUIRE(leaves.size() == 1);
    WireReader in(leaves[0].body);
    CHECK(in.string("group") == "cg");
    CHECK(in.string("member") == "m-1");
}

TEST_CASE("a FindCoordinator answer without a usable address is retried, not connected to") {
    Coordinator coordinator;
    coordinator.join = [](const ScriptedRequest&) {
        return ScriptedReply::respond(join_response(0, 1, "m-1", "m-1", true));
    };
    const int real_port = coordinator.port;
    coordinator.port = 0;  // the first answers say port 0
    Listener listener;
    ConnectGroupMember member(coordinator.config(), listener);
    CHECK(member.poll(200ms) == PollResult::TimedOut);
    CHECK(coordinator.broker.requests_of(10).size() >= 2);
    CHECK(coordinator.broker.requests_of(11).empty());
    coordinator.port = real_port;
    REQUIRE(poll_until_assigned(member, 3s));
}

TEST_CASE("member settings from a worker config: Java's keys and defaults, bad values named") {
    const GroupMemberConfig c =
        group_member_config_from_worker({{"bootstrap.servers", "a:9092,b:9093"},
                                         {"group.id", "connect-cluster"},
                                         {"session.timeout.ms", "4000"},
                                         {"heartbeat.interval.ms", "500"},
                                         {"client.id", "w1"}});
    CHECK(c.bootstrap_servers.size() == 2);
    CHECK(c.group_id == "connect-cluster");
    CHECK(c.protocol_type == "connect");
    CHECK(c.session_timeout == 4000ms);
    CHECK(c.heartbeat_interval == 500ms);
    CHECK(c.rebalance_timeout == 60000ms);
    CHECK(c.request_timeout == 40000ms);
    CHECK(c.connection.client_id == "w1");
    CHECK(c.connection.security.protocol == SecurityProtocol::Plaintext);
    // Without client.id, Java's connect-<n>.
    CHECK(group_member_config_from_worker({{"bootstrap.servers", "a:1"}, {"group.id", "g"}})
              .connection.client_id.rfind("connect-", 0) == 0);

    using kc::host::config::ConfigError;
    CHECK_THROWS_WITH_AS(group_member_config_from_worker({{"bootstrap.servers", "a:1"}}),
                         doctest::Contains("group.id"), ConfigError);
    CHECK_THROWS_WITH_AS(group_member_config_from_worker({{"group.id", "g"}}),
                         doctest::Contains("bootstrap.servers"), ConfigError);
    CHECK_THROWS_WITH_AS(
        group_member_config_from_worker({{"bootstrap.servers", "a"}, {"group.id", "g"}}),
        doctest::Contains("bootstrap.servers: bad broker address 'a'"), ConfigError);
    CHECK_THROWS_WITH_AS(
        group_member_config_from_worker(
            {{"bootstrap.servers", "a:1"}, {"group.id", "g"}, {"session.timeout.ms", "0"}}),
        doctest::Contains("session.timeout.ms must be between 1"), ConfigError);
    CHECK_THROWS_AS(group_member_config_from_worker({{"bootstrap.servers", "a:1"},
                                                     {"group.id", "g"},
                                                     {"security.protocol", "SASL_SSL"},
                                                     {"sasl.mechanism", "GSSAPI"}}),
                    SecurityError);
}
