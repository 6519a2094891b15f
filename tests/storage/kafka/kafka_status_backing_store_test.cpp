// KafkaStatusBackingStore against the in-process embedded broker.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
// after rdkafka.h, which it needs
#include <librdkafka/rdkafka_mock.h>

#include <string>
#include <thread>

#include "host/storage/kafka/kafka_status_backing_store.hpp"
#include "host/storage/kafka_partitioner.hpp"
#include "tests/storage/kafka/store_test_support.hpp"

using namespace kc::host;
using namespace kc::host::storage;
using kc::host::kafka::EmbeddedBroker;
using kc::test::RawRecord;
using kc::test::RawTopic;
using kc::test::store_settings;
using namespace std::chrono_literals;

namespace {

// Writes, then waits until `reader` has read everything written.
void settle(KafkaStatusBackingStore& writer, KafkaStatusBackingStore& reader) {
    writer.flush(10s);
    reader.refresh(10s);
}

ConnectorStatus connector(ConnectState state, std::string worker, int32_t generation) {
    return {"c", state, std::nullopt, std::move(worker), generation};
}

TaskStatus task(int n, ConnectState state, std::string worker, int32_t generation) {
    return {{"c", n}, state, std::nullopt, std::move(worker), generation};
}

RawRecord at(std::string key, std::optional<std::string> value) {
    const int32_t partition = partition_for_key(key, 5);
    return {std::move(key), std::move(value), partition};
}

}  // namespace

TEST_CASE(
    "KafkaStatusBackingStore: two workers share statuses; records are Java's, byte for byte") {
    EmbeddedBroker broker(1);
    KafkaStatusBackingStore a(store_settings(broker));
    a.start();  // creates the topic with Java's default 5 partitions
    KafkaStatusBackingStore b(store_settings(broker));
    b.start();

    a.put(connector(ConnectState::Running, "a:8083", 5));
    a.put(task(0, ConnectState::Running, "a:8083", 5));
    TaskStatus failed = task(1, ConnectState::Failed, "a:8083", 5);
    failed.trace = "java.lang.RuntimeException: boom\n\tat X.y(X.java:1)";
    a.put_safe(failed);
    a.put(TopicStatus{"orders", "c", 1, 1700000000000});
    a.put(TopicStatus{"refunds", "c", 0, 1700000000001});
    settle(a, b);

    CHECK(b.get("c") == connector(ConnectState::Running, "a:8083", 5));
    CHECK(b.get(ConnectorTaskId{"c", 1}) == failed);
    CHECK(b.get_all("c") ==
          std::vector<TaskStatus>{task(0, ConnectState::Running, "a:8083", 5), failed});
    CHECK(b.connectors() == std::vector<std::string>{"c"});
    CHECK(b.topics("c") == std::vector<TopicStatus>{{"orders", "c", 1, 1700000000000},
                                                    {"refunds", "c", 0, 1700000000001}});
    CHECK(b.topic("c", "orders") == TopicStatus{"orders", "c", 1, 1700000000000});

    b.delete_topic("c", "orders");
    a.put(task(0, ConnectState::Destroyed, "a:8083", 5));
    a.put(connector(ConnectState::Destroyed, "a:8083", 5));
    b.flush(10s);
    settle(a, b);
    CHECK_FALSE(b.get("c").has_value());
    CHECK(b.connectors().empty());
    // The connector's tombstone takes its tasks' statuses with it, as in Java.
    CHECK(b.get_all("c").empty());
    CHECK(b.topics("c") == std::vector<TopicStatus>{{"refunds", "c", 0, 1700000000001}});

    RawTopic raw(broker, "connect-status");
    auto records = raw.records();
    // Across partitions the read order is not the write order.
    std::sort(records.begin(), records.end(), [](const RawRecord& x, const RawRecord& y) {
        return std::tie(x.key, x.value) < std::tie(y.key, y.value);
    });
    std::vector<RawRecord> expected{
        at("status-connector-c",
           R"({"state":"RUNNING","trace":null,"worker_id":"a:8083","generation":5})"),
        at("status-task-c-0",
           R"({"state":"RUNNING","trace":null,"worker_id":"a:8083","generation":5})"),
        at("status-task-c-1",
           R"j({"state":"FAILED","trace":"java.lang.RuntimeException: boom\n\tat X.y(X.java:1)",)j"
           R"("worker_id":"a:8083","generation":5})"),
        at("status-topic-orders:connector-c",
           R"({"topic":{"name":"orders","connector":"c","task":1,"discoverTimestamp":1700000000000}})"),
        at("status-topic-refunds:connector-c",
           R"({"topic":{"name":"refunds","connector":"c","task":0,"discoverTimestamp":1700000000001}})"),
        at("status-topic-orders:connector-c", std::nullopt),
        at("status-task-c-0", std::nullopt),
        at("status-connector-c", std::nullopt),
    };
    std::sort(expected.begin(), expected.end(), [](const RawRecord& x, const RawRecord& y) {
        return std::tie(x.key, x.value) < std::tie(y.key, y.value);
    });
    CHECK(records == expected);
}

TEST_CASE(
    "KafkaStatusBackingStore: put_safe from an older generation of another worker is dropped") {
    EmbeddedBroker broker(1);
    KafkaStatusBackingStore a(store_settings(broker));
    a.start();
    KafkaStatusBackingStore b(store_settings(broker));
    b.start();
    a.put(connector(ConnectState::Running, "a:8083", 5));
    a.put(task(0, ConnectState::Running, "a:8083", 5));
    settle(a, b);

    // b missed a rebalance: its generation is older.
    b.put_safe(connector(ConnectState::Unassigned, "b:8083", 4));
    b.put_safe(task(0, ConnectState::Failed, "b:8083", 4));
    settle(b, a);
    CHECK(a.get("c") == connector(ConnectState::Running, "a:8083", 5));
    CHECK(a.get(ConnectorTaskId{"c", 0}) == task(0, ConnectState::Running, "a:8083", 5));

    // The same generation, or the same worker, may write.
    b.put_safe(connector(ConnectState::Failed, "b:8083", 5));
    a.put_safe(task(0, ConnectState::Failed, "a:8083", 3));
    b.flush(10s);
    a.flush(10s);
    a.refresh(10s);
    CHECK(a.get("c") == connector(ConnectState::Failed, "b:8083", 5));
    CHECK(a.get(ConnectorTaskId{"c", 0}) == task(0, ConnectState::Failed, "a:8083", 3));
}

TEST_CASE("KafkaStatusBackingStore: the reader ignores a stale UNASSIGNED and skips junk") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("connect-status", 5));
    {
        RawTopic java(broker, "connect-status");
        java.write("status-task-c-0",
                   R"({"state":"RUNNING","trace":null,"worker_id":"a:8083","generation":5})");
        // Sent by a worker that had not seen the rebalance: stale.
        java.write("status-task-c-0",
                   R"({"state":"UNASSIGNED","trace":null,"worker_id":"b:8083","generation":5})");
        java.write("status-task-c-1",
                   R"({"state":"RUNNING","trace":null,"worker_id":"a:8083","generation":5})");
        java.write("status-task-c-1",
                   R"({"state":"UNASSIGNED","trace":null,"worker_id":"b:8083","generation":6})");
        java.write("status-connector-c", "{not json");
        java.write("status-connector-c", R"({"state":"SLEEPING","worker_id":"a","generation":1})");
        java.write("status-task-c-x", R"({"state":"RUNNING","worker_id":"a","generation":1})");
        java.write("bogus", "{}");
        java.write(std::nullopt, "{}");
        java.write("status-connector-d",
                   R"({"state":"PAUSED","trace":null,"worker_id":"a:8083","generation":2})");
    }
    KafkaStatusBackingStore store(store_settings(broker));
    store.start();
    CHECK(store.get(ConnectorTaskId{"c", 0}) == task(0, ConnectState::Running, "a:8083", 5));
    CHECK(store.get(ConnectorTaskId{"c", 1}) == task(1, ConnectState::Unassigned, "b:8083", 6));
    CHECK_FALSE(store.get("c").has_value());
    CHECK(store.connectors() == std::vector<std::string>{"d"});
}

TEST_CASE("KafkaStatusBackingStore: a failed send is retried, but never over a newer write") {
    EmbeddedBroker broker(1);
    KafkaStatusBackingStore store(store_settings(broker));
    store.start();

    // The next produce request fails retriably: the store sends again.
    // REQUEST_TIMED_OUT because librdkafka hands it to the store (retries=0);
    // errors it answers with a metadata refresh (NOT_LEADER...) it re-queues
    // itself, whatever the retry count.
    rd_kafka_mock_push_request_errors(broker.mock_cluster(), 0 /* Produce */, 1,
                                      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
    store.put(connector(ConnectState::Running, "a:8083", 1));
    for (int i = 0; i < 100 && !store.get("c"); ++i) {
        store.refresh(10s);
        if (!store.get("c")) std::this_thread::sleep_for(50ms);
    }
    CHECK(store.get("c") == connector(ConnectState::Running, "a:8083", 1));

    // The next produce fails after 400 ms; a newer write to the same key is
    // queued behind it meanwhile. Retrying the old one would bury the new.
    rd_kafka_mock_broker_push_request_error_rtts(broker.mock_cluster(), 1, 0 /* Produce */, 1,
                                                 RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 400);
    store.put(connector(ConnectState::Paused, "a:8083", 1));
    std::this_thread::sleep_for(100ms);
    store.put(connector(ConnectState::Stopped, "a:8083", 1));
    std::this_thread::sleep_for(700ms);
    store.flush(10s);
    store.refresh(10s);
    CHECK(store.get("c") == connector(ConnectState::Stopped, "a:8083", 1));
}
