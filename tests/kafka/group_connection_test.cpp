// The broker connection against a scripted server: framing, header, version
// choice, correlation ids, size guard, timeouts, wakeups, reconnection.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "host/kafka/protocol/broker_connection.hpp"
#include "host/kafka/protocol/group_codecs.hpp"
#include "tests/kafka/group_scripted_broker.hpp"
#include "tests/kafka/group_test_bytes.hpp"

using namespace kc::host::kafka::protocol;
using namespace kc::test;
using namespace std::chrono_literals;

namespace {

// Answers ApiVersions, and every Heartbeat through `heartbeat`.
ScriptedHandler heartbeats(std::function<ScriptedReply(const ScriptedRequest&)> heartbeat) {
    return [heartbeat](const ScriptedRequest& r) {
        if (r.api_key == 18) return ScriptedReply::respond(api_versions_body());
        return heartbeat(r);
    };
}

BrokerConnection connection_to(const ScriptedBroker& broker) {
    ConnectionOptions options;
    options.client_id = "worker-1";
    options.connect_timeout = 2000ms;
    options.max_response_bytes = 1024;
    return BrokerConnection({"127.0.0.1", broker.port()}, options);
}

Deadline in(std::chrono::milliseconds ms) {
    return Clock::now() + ms;
}

const std::string kHeartbeat = encode_heartbeat_request({"g", 1, "m", std::nullopt}, 1);

}  // namespace

TEST_CASE("parse_broker_list: host:port lists, IPv6 in brackets, bad entries named") {
    const auto list = parse_broker_list(" a:9092, PLAINTEXT://b.example:19092,[::1]:9093 ,");
    REQUIRE(list.size() == 3);
    CHECK(list[0] == BrokerAddress{"a", 9092});
    CHECK(list[1] == BrokerAddress{"b.example", 19092});
    CHECK(list[2] == BrokerAddress{"::1", 9093});
    CHECK_THROWS_WITH_AS(parse_broker_list("a:9092,b"), doctest::Contains("'b'"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_broker_list("a:70000"), doctest::Contains("port"),
                         std::invalid_argument);
    CHECK_THROWS_AS(parse_broker_list(" , "), std::invalid_argument);
}

TEST_CASE("a round trip: ApiVersions first, header v1 with client id, response body back") {
    ScriptedBroker broker(heartbeats(
        [](const ScriptedRequest&) { return ScriptedReply::respond(hex("00000000 0000")); }));
    BrokerConnection c = connection_to(broker);
    CHECK(c.version_for(ApiKey::Heartbeat, heartbeat_versions, in(2s)) == 3);
    CHECK(c.version_for(ApiKey::JoinGroup, join_group_versions, in(2s)) == 5);
    const std::string body = c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s));
    CHECK(decode_heartbeat_response(body, 1).error_code == 0);

    const auto seen = broker.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].api_key == 18);
    CHECK(seen[0].api_version == 0);
    CHECK(seen[0].body.empty());
    CHECK(seen[1].api_key == 12);
    CHECK(seen[1].api_version == 1);
    CHECK(seen[1].client_id == "worker-1");
    CHECK(seen[1].correlation_id != seen[0].correlation_id);
    CHECK(seen[1].body == kHeartbeat);
    CHECK(broker.connections() == 1);
}

TEST_CASE("no common version: the error names the API and both ranges") {
    ScriptedBroker broker(
        [](const ScriptedRequest&) { return ScriptedReply::respond(api_versions_body(0, 1)); });
    BrokerConnection c = connection_to(broker);
    CHECK_THROWS_WITH_AS(c.version_for(ApiKey::JoinGroup, join_group_versions, in(2s)),
                         doctest::Contains("JoinGroup 2-5 (it offers 0-1)"), ProtocolError);
}

TEST_CASE("a wrong correlation id closes the connection; the next request reconnects") {
    std::atomic<int> calls{0};
    ScriptedBroker broker(heartbeats([&](const ScriptedRequest&) {
        ScriptedReply reply = ScriptedReply::respond(hex("00000000 0000"));
        if (calls++ == 0) reply.correlation_delta = 5;
        return reply;
    }));
    BrokerConnection c = connection_to(broker);
    CHECK_THROWS_WITH_AS(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s)),
                         doctest::Contains("correlation id"), ConnectionError);
    CHECK_FALSE(c.connected());
    CHECK_NOTHROW(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s)));
    CHECK(broker.connections() == 2);
}

TEST_CASE("hostile frame sizes are refused before anything is allocated") {
    for (const char* size : {"7fffffff", "ffffffff", "00000002", "00000401"}) {
        CAPTURE(size);
        ScriptedBroker broker(heartbeats(
            [&](const ScriptedRequest&) { return ScriptedReply::raw(hex(size) + "junk"); }));
        BrokerConnection c = connection_to(broker);
        CHECK_THROWS_WITH_AS(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s)),
                             doctest::Contains("outside 4..1024"), ConnectionError);
        CHECK_FALSE(c.connected());
    }
}

TEST_CASE("a broker that closes mid-frame, or is not there, is a ConnectionError") {
    ScriptedBroker broker(heartbeats([](const ScriptedRequest&) {
        return ScriptedReply::raw(hex("00000010 0000"));  // 2 of 16 bytes, then close
    }));
    {
        BrokerConnection c = connection_to(broker);
        const std::int32_t id = c.send(ApiKey::Heartbeat, 1, kHeartbeat, in(2s));
        // The scripted server keeps the socket open; a short deadline ends the wait.
        CHECK_THROWS_WITH_AS(c.receive(id, in(300ms)),
                             doctest::Contains("timed out waiting for the Heartbeat response"),
                             ConnectionError);
    }
    ScriptedBroker closing(
        heartbeats([](const ScriptedRequest&) { return ScriptedReply::close(); }));
    BrokerConnection c = connection_to(closing);
    CHECK_THROWS_WITH_AS(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s)),
                         doctest::Contains("closed by the broker"), ConnectionError);

    int port;
    {
        ScriptedBroker gone([](const ScriptedRequest&) { return ScriptedReply::close(); });
        port = gone.port();
    }
    BrokerConnection nowhere({"127.0.0.1", port}, {});
    CHECK_THROWS_WITH_AS(nowhere.connect(in(2s)), doctest::Contains("cannot connect to 127.0.0.1"),
                         ConnectionError);
}

TEST_CASE("await() and a waker leave a slow request in flight; its answer is read later") {
    std::atomic<bool> release{false};
    ScriptedBroker broker(heartbeats([&](const ScriptedRequest&) {
        ScriptedReply reply = ScriptedReply::respond(hex("00000000 001b"));
        reply.hold_until = [&] { return release.load(); };
        return reply;
    }));
    BrokerConnection c = connection_to(broker);
    const std::int32_t id = c.send(ApiKey::Heartbeat, 1, kHeartbeat, in(2s));

    // The wait ends at its limit without closing anything.
    const auto start = Clock::now();
    CHECK_FALSE(c.await(id, in(150ms), nullptr).has_value());
    CHECK(Clock::now() - start >= 150ms);
    CHECK(c.connected());
    CHECK(c.has_in_flight());

    // A waker cuts a long wait short.
    Waker waker;
    std::thread t([&] {
        std::this_thread::sleep_for(100ms);
        waker.wake();
    });
    const auto woken_at = Clock::now();
    CHECK_FALSE(c.receive(id, in(5s), &waker).has_value());
    CHECK(Clock::now() - woken_at < 2s);
    t.join();
    CHECK(waker.consume());

    release = true;
    const auto body = c.receive(id, in(2s), &waker);
    REQUIRE(body.has_value());
    CHECK(decode_heartbeat_response(*body, 1).error_code == 27);
    CHECK_FALSE(c.has_in_flight());
    CHECK_THROWS_AS(c.receive(id, in(1s)), std::logic_error);
}
