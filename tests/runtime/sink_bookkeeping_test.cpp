// The sink task driver's bookkeeping without Kafka: the partitions it holds
// with their consumed and committed offsets, and the consumed record behind a
// record the task reports.
#include <doctest/doctest.h>

#include <string>

#include "host/runtime/consumed_batch.hpp"
#include "host/runtime/sink_partitions.hpp"

using namespace kc::host;
using namespace kc::host::runtime;

namespace {

// Stand-ins for the consumer's per-topic handles: only their identity counts.
const int orders_handle = 0, users_handle = 0;

}  // namespace

TEST_CASE("sink partitions: assignment keeps the state of partitions already held") {
    SinkPartitions parts;
    parts.add({{"orders", 0}, {"orders", 1}});
    parts.of(&orders_handle, "orders", 0).consumed = 10;
    parts.add({{"orders", 0}, {"users", 0}});
    CHECK(parts.size() == 3);
    CHECK(parts.find("orders", 0)->consumed == 10);
    parts.remove({{"orders", 0}});
    CHECK(parts.find("orders", 0) == nullptr);
    CHECK(parts.all() == std::vector<kafka::TopicPartition>{{"orders", 1}, {"users", 0}});
}

TEST_CASE("sink partitions: a message's partition is found by handle, then by name") {
    SinkPartitions parts;
    parts.add({{"orders", 0}, {"users", 0}});
    auto& users = parts.of(&users_handle, "users", 0);
    CHECK(users.tp == kafka::TopicPartition{"users", 0});
    CHECK(users.topic_handle == &users_handle);
    // Same partition number, other topic: not confused by the last one found.
    auto& orders = parts.of(&orders_handle, "orders", 0);
    CHECK(orders.tp.topic == "orders");
    CHECK(&parts.of(&users_handle, "users", 0) == parts.find("users", 0));
    // A partition nobody announced is held from its first message on.
    parts.of(&orders_handle, "orders", 7).consumed = 3;
    CHECK(parts.size() == 3);
    CHECK(parts.find("orders", 7)->consumed == 3);
}

TEST_CASE("sink partitions: active records, pauses by the task, a failed commit forgotten") {
    SinkPartitions parts;
    parts.add({{"t", 0}, {"t", 1}, {"t", 2}});
    parts.find("t", 0)->consumed = 10;
    parts.find("t", 0)->committed = 4;
    parts.find("t", 1)->consumed = 5;  // never committed: not counted, as in Java
    parts.find("t", 2)->paused_by_task = true;
    CHECK(parts.active() == 6);
    CHECK(parts.not_paused_by_task() == std::vector<kafka::TopicPartition>{{"t", 0}, {"t", 1}});
    parts.forget_commits();
    CHECK(parts.active() == 0);
    CHECK(parts.find("t", 0)->committed == -1);
}

TEST_CASE("consumed batch: a reported record is found by its original coordinates") {
    const std::string a = "orders", b = "users";
    kafka::MessageBatch messages;
    messages.add({a, 0, 41, 1000, KC_TS_CREATE_TIME, {}, {}, {}});
    messages.add({b, 0, 41, 1001, KC_TS_CREATE_TIME, {}, {}, {}});
    messages.add({a, 1, 41, 1002, KC_TS_CREATE_TIME, {}, {}, {}});
    ConsumedBatch batch;
    batch.start(messages);
    const kafka::ConsumedMessage* found = batch.find("users", 0, 41);
    REQUIRE(found != nullptr);
    CHECK(found->timestamp == 1001);
    CHECK(batch.find("orders", 0, 41) == &messages[0]);
    CHECK(batch.find("orders", 2, 41) == nullptr);
    // A new batch forgets the last one.
    kafka::MessageBatch next;
    next.add({a, 0, 42, 1003, KC_TS_CREATE_TIME, {}, {}, {}});
    batch.start(next);
    CHECK(batch.find("orders", 0, 41) == nullptr);
    REQUIRE(batch.find("orders", 0, 42) != nullptr);
    CHECK(batch.find("orders", 0, 42)->timestamp == 1003);
}

TEST_CASE("message batch: each message keeps its own headers as the batch grows") {
    kafka::MessageBatch batch;
    const std::string t = "t";
    for (int i = 0; i < 100; ++i) {
        batch.add({t, 0, i, -1, KC_TS_NONE, {}, {}, {}});
        if (i % 3 == 0) continue;  // some without headers
        for (int h = 0; h <= i % 4; ++h)
            batch.add_header(h == 0 ? "first" : "more", kc_str{t.data(), 1});
    }
    REQUIRE(batch.size() == 100);
    for (int i = 0; i < 100; ++i) {
        const auto& headers = batch[static_cast<std::size_t>(i)].headers;
        CHECK(headers.size() == (i % 3 == 0 ? 0u : static_cast<std::size_t>(i % 4 + 1)));
        if (!headers.empty()) CHECK(headers[0].key == "first");
    }
}
