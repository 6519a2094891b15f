// The Connect group member against the in-process librdkafka mock cluster:
// joins, leader election with every member's metadata, assignments, leaving,
// expiry of a silent member, coordinator errors and loss of the coordinator.
//
// Timings of the 2.0.2 mock with session.timeout.ms=3000: a new group's first
// election waits 3 s, later ones 2 s; a silent member is expired within
// session + 1 s. Every member offers the same first protocol: the mock aborts
// the process otherwise.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
// (after rdkafka.h, which it needs)
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/protocol/connect_group_member.hpp"

using namespace kc::host::kafka::protocol;
using kc::host::kafka::EmbeddedBroker;
using namespace std::chrono_literals;

namespace {

struct RecordingListener : GroupMemberListener {
    explicit RecordingListener(std::string first_metadata)
        : protocols{{"sessioned", std::move(first_metadata)}, {"compatible", "v1"}} {}

    void on_join_prepare(std::int32_t generation, const std::string& member_id) override {
        std::lock_guard lock(mutex);
        prepares.emplace_back(generation, member_id);
    }
    std::vector<GroupProtocol> join_protocols() override {
        std::lock_guard lock(mutex);
        ++joins;
        return protocols;
    }
    std::map<std::string, std::string> perform_assignment(
        const std::string& leader_id, const std::string& protocol,
        const std::vector<JoinGroupMember>& members) override {
        std::lock_guard lock(mutex);
        led_leader_id = leader_id;
        led_protocol = protocol;
        led_members = members;
        ++led;
        std::map<std::string, std::string> out;
        for (const auto& m : members)
            out[m.member_id] = "assignment-for-" + m.member_id + std::string("\0\xff", 2);
        return out;
    }
    void on_assigned(const std::string& bytes, std::int32_t generation,
                     const std::string& member_id, const std::string& protocol) override {
        std::lock_guard lock(mutex);
        assignment = bytes;
        generation_assigned = generation;
        member = member_id;
        protocol_assigned = protocol;
        ++assigned;
    }
    void on_lost(const std::string& reason) override {
        std::lock_guard lock(mutex);
        lost_reason = reason;
        ++lost;
    }

    std::mutex mutex;
    std::vector<GroupProtocol> protocols;
    std::vector<std::pair<std::int32_t, std::string>> prepares;
    int joins = 0;
    int led = 0;
    std::string led_leader_id;
    std::string led_protocol;
    std::vector<JoinGroupMember> led_members;
    int assigned = 0;
    std::string assignment;
    std::int32_t generation_assigned = -1;
    std::string member;
    std::string protocol_assigned;
    int lost = 0;
    std::string lost_reason;
};

GroupMemberConfig config_for(const EmbeddedBroker& broker, const std::string& group) {
    GroupMemberConfig c;
    c.bootstrap_servers = parse_broker_list(broker.bootstrap_servers());
    c.group_id = group;
    c.session_timeout = 3000ms;
    c.rebalance_timeout = 10000ms;
    c.heartbeat_interval = 300ms;
    c.request_timeout = 5000ms;
    c.retry_backoff = 50ms;
    c.leader_sync_delay = 100ms;
    c.connection.client_id = "group-member-test";
    c.connection.connect_timeout = 2000ms;
    return c;
}

// A member driven the way the herder's tick thread drives it: poll() in a
// loop with a short timeout, woken for shutdown.
class DrivenMember {
  public:
    DrivenMember(const EmbeddedBroker& broker, const std::string& group, std::string metadata)
        : listener(std::move(metadata)), member(config_for(broker, group), listener) {
        thread_ = std::thread([this] {
            try {
                while (!stop_)
                    member.poll(200ms);
            } catch (const std::exception& e) {
                std::lock_guard lock(listener.mutex);
                error = e.what();
            }
        });
    }
    ~DrivenMember() { stop(); }

    void stop() {
        if (!thread_.joinable()) return;
        stop_ = true;
        member.wakeup();
        thread_.join();
    }

    template <typename T>
    T read(const std::function<T(RecordingListener&)>& f) {
        std::lock_guard lock(listener.mutex);
        return f(listener);
    }
    std::int32_t generation() {
        return read<std::int32_t>([](RecordingListener& l) { return l.generation_assigned; });
    }

    RecordingListener listener;
    ConnectGroupMember member;
    std::string error;

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

// All members assigned in one generation, newer than `after`.
bool settled(std::vector<DrivenMember*> members, std::int32_t after = -1) {
    const std::int32_t g = members.front()->generation();
    if (g <= after) return false;
    for (DrivenMember* m : members)
        if (m->generation() != g || !m->member.is_stable()) return false;
    return true;
}

}  // namespace

TEST_CASE("three members join one generation; the leader sees every metadata verbatim") {
    EmbeddedBroker broker(1);
    DrivenMember a(broker, "cg-join", std::string("\x00\x02meta-A\xff\x00", 10));
    DrivenMember b(broker, "cg-join", std::string("\x00\x02meta-B\xff\x01", 10));
    DrivenMember c(broker, "cg-join", std::string("\x00\x02meta-C\xff\x02", 10));
    std::vector<DrivenMember*> all{&a, &b, &c};
    REQUIRE(wait_for([&] { return settled(all); }, 15s));

    int leaders = 0;
    for (DrivenMember* m : all) {
        std::lock_guard lock(m->listener.mutex);
        CHECK(m->error.empty());
        RecordingListener& l = m->listener;
        // The first prepare comes before any membership.
        REQUIRE_FALSE(l.prepares.empty());
        CHECK(l.prepares.front() == std::make_pair(-1, std::string()));
        CHECK(l.protocol_assigned == "sessioned");
        CHECK(l.member == m->member.member_id());
        CHECK(l.assignment == "assignment-for-" + l.member + std::string("\0\xff", 2));
        if (l.led > 0 && l.led_members.size() == 3) {
            ++leaders;
            CHECK(l.led_leader_id == l.member);
            CHECK(l.led_protocol == "sessioned");
            for (DrivenMember* other : all) {
                const std::string id = other->member.member_id();
                const auto it = std::find_if(l.led_members.begin(), l.led_members.end(),
                                             [&](const auto& jm) { return jm.member_id == id; });
                REQUIRE(it != l.led_members.end());
                CHECK(it->metadata == other->listener.protocols.front().metadata);
            }
        }
    }
    CHECK(leaders >= 1);
    CHECK(a.member.member_id() != b.member.member_id());
}

TEST_CASE("a member that leaves or goes silent is dropped; the others rebalance without it") {
    EmbeddedBroker broker(1);
    DrivenMember a(broker, "cg-leave", "meta-A");
    auto b = std::make_unique<DrivenMember>(broker, "cg-leave", "meta-B");
    auto c = std::make_unique<DrivenMember>(broker, "cg-leave", "meta-C");
    REQUIRE(wait_for([&] { return settled({&a, b.get(), c.get()}); }, 15s));
    const std::int32_t three = a.generation();

    // LeaveGroup: the coordinator rebalances at once; the remaining two
    // learn of it through their heartbeats and rejoin.
    c->stop();
    c->member.leave("test", 2000ms);
    CHECK(c->member.member_id().empty());
    c.reset();
    REQUIRE(wait_for([&] { return settled({&a, b.get()}, three); }, 10s));
    const std::int32_t two = a.generation();
    {
        DrivenMember* leader = a.listener.led_leader_id == a.member.member_id() ? &a : b.get();
        std::lock_guard lock(leader->listener.mutex);
        CHECK(leader->listener.led_members.size() == 2);
    }
    // Rejoining after a completed generation prepares with that generation.
    {
        std::lock_guard lock(a.listener.mutex);
        CHECK(a.listener.prepares.back().first == three);
        CHECK(a.listener.prepares.back().second == a.member.member_id());
    }

    // A member that stops heartbeating without leaving is expired after the
    // session timeout.
    b.reset();
    REQUIRE(wait_for([&] { return settled({&a}, two); }, 12s));
    std::lock_guard lock(a.listener.mutex);
    CHECK(a.listener.led_members.size() == 1);
    CHECK(a.listener.led_members.front().member_id == a.member.member_id());
    CHECK(a.error.empty());
}

TEST_CASE(
    "coordinator errors on FindCoordinator, JoinGroup, SyncGroup and Heartbeat are recovered") {
    EmbeddedBroker broker(1);
    rd_kafka_mock_cluster_t* mc = broker.mock_cluster();
    rd_kafka_mock_push_request_errors(mc, 10, 1, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE);
    rd_kafka_mock_push_request_errors(mc, 11, 1, RD_KAFKA_RESP_ERR_NOT_COORDINATOR);
    rd_kafka_mock_push_request_errors(mc, 14, 1, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);
    DrivenMember a(broker, "cg-errors", "meta-A");
    REQUIRE(wait_for([&] { return settled({&a}); }, 15s));
    const std::int32_t first = a.generation();
    const std::string id = a.member.member_id();
    {
        std::lock_guard lock(a.listener.mutex);
        // NOT_COORDINATOR on the first JoinGroup, REBALANCE_IN_PROGRESS on the
        // first SyncGroup: three JoinGroups, one prepare, one assignment.
        CHECK(a.listener.joins == 3);
        CHECK(a.listener.prepares.size() == 1);
        CHECK(a.listener.assigned == 1);
    }

    // NOT_COORDINATOR on a heartbeat: look the coordinator up again and keep
    // the generation.
    rd_kafka_mock_push_request_errors(mc, 12, 1, RD_KAFKA_RESP_ERR_NOT_COORDINATOR);
    std::this_thread::sleep_for(1500ms);
    CHECK(a.member.is_stable());
    CHECK(a.generation() == first);
    CHECK(a.member.member_id() == id);

    // REBALANCE_IN_PROGRESS on a heartbeat: rejoin with the same member id.
    rd_kafka_mock_push_request_errors(mc, 12, 1, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);
    REQUIRE(wait_for([&] { return settled({&a}, first); }, 10s));
    CHECK(a.member.member_id() == id);
    std::lock_guard lock(a.listener.mutex);
    CHECK(a.listener.prepares.size() == 2);
    CHECK(a.listener.prepares.back() == std::make_pair(first, id));
    CHECK(a.error.empty());
}

TEST_CASE("a coordinator out of reach longer than the session is a loss; the member comes back") {
    EmbeddedBroker broker(1);
    DrivenMember a(broker, "cg-lost", "meta-A");
    REQUIRE(wait_for([&] { return settled({&a}); }, 15s));
    const std::int32_t before = a.generation();
    const auto down = std::chrono::steady_clock::now();
    broker.set_broker_down(1);
    REQUIRE(wait_for([&] { return a.read<int>([](RecordingListener& l) { return l.lost; }) == 1; },
                     8s));
    const auto after = std::chrono::steady_clock::now() - down;
    CHECK(after >= 3000ms);
    CHECK_FALSE(a.member.is_stable());
    {
        std::lock_guard lock(a.listener.mutex);
        CHECK(a.listener.lost_reason.find("unreachable") != std::string::npos);
    }
    broker.set_broker_up(1);
    REQUIRE(wait_for([&] { return settled({&a}, before); }, 12s));
    CHECK(a.read<int>([](RecordingListener& l) { return l.lost; }) == 1);
    CHECK(a.error.empty());
}
