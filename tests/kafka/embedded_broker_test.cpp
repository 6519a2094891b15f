#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/kafka/producer.hpp"

using namespace kc::host::kafka;

namespace {

kc_str str(std::string_view s) {
    return {s.data(), s.size()};
}

ClientConfig producer_config(const EmbeddedBroker& b) {
    return build_client_config(ClientRole::Producer, b.bootstrap_servers(), {},
                               source_producer_defaults());
}

ClientConfig consumer_config(const EmbeddedBroker& b, const std::string& group) {
    ClientConfig c = build_client_config(ClientRole::Consumer, b.bootstrap_servers(), {},
                                         sink_consumer_defaults(group));
    c.settings.set("session.timeout.ms", "6000");
    c.settings.set("heartbeat.interval.ms", "500");
    c.settings.set("topic.metadata.refresh.interval.ms", "1000");
    return c;
}

struct Listener : RebalanceListener {
    std::vector<TopicPartition> assigned;
    int revoked_calls = 0;
    void on_partitions_assigned(const std::vector<TopicPartition>& p) override {
        assigned.insert(assigned.end(), p.begin(), p.end());
    }
    void on_partitions_revoked(const std::vector<TopicPartition>&) override { ++revoked_calls; }
};

// Consumes until `want` messages arrived or the deadline passed.
std::vector<std::string> consume(Consumer& c, std::size_t want, std::chrono::seconds limit) {
    std::vector<std::string> values;
    MessageBatch batch;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (values.size() < want && std::chrono::steady_clock::now() < deadline) {
        c.poll_batch(batch, 500, 200);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const kc_str v = batch[i].value;
            values.emplace_back(v.ptr ? std::string(v.ptr, v.len) : std::string("<null>"));
        }
    }
    return values;
}

}  // namespace

TEST_CASE("embedded broker: admin creates topics through the mock API") {
    EmbeddedBroker broker(1);
    CHECK(EmbeddedBroker::find(broker.bootstrap_servers()) == &broker);
    Admin admin(build_client_config(ClientRole::Admin, broker.bootstrap_servers(), {}));
    auto results = admin.create_topics({{"t-three", 3, 1, {}}, {"t-one", 1, -1, {}}}, 5000);
    REQUIRE(results.size() == 2);
    CHECK(results[0].created());
    CHECK(results[1].created());
    results = admin.create_topics({{"t-three", 3, 1, {}}}, 5000);
    CHECK(results[0].already_exists());
    CHECK(admin.partition_count("t-three", 5000) == 3);
    CHECK(admin.partition_count("t-one", 5000) == 1);
    CHECK_FALSE(admin.partition_count("does-not-exist", 5000).has_value());
    CHECK_FALSE(admin.cluster_id(5000).empty());
}

TEST_CASE("embedded broker: produce and consume round trip with keys, nulls and headers") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("rt", 2));

    std::vector<DeliveryReport> reports;
    std::vector<intptr_t> opaques;
    Producer producer(producer_config(broker), [&](const DeliveryReport& r) {
        reports.push_back(r);
        opaques.push_back(reinterpret_cast<intptr_t>(r.opaque));
    });
    constexpr int kCount = 200;
    for (int i = 0; i < kCount; ++i) {
        const std::string key = "k" + std::to_string(i % 7);
        const std::string value = "v" + std::to_string(i);
        const ProduceHeader hdr{"h", str("hv")};
        REQUIRE(!producer.produce("rt", -1, str(key), str(value), {&hdr, 1}, -1,
                                  reinterpret_cast<void*>(static_cast<intptr_t>(i + 1))));
    }
    // A tombstone: null value.
    REQUIRE(!producer.produce("rt", 0, str("gone"), kc_str{nullptr, 0}, {}, 1234, nullptr));
    REQUIRE(!producer.flush(10000));
    REQUIRE(reports.size() == kCount + 1);
    for (const DeliveryReport& r : reports) {
        CHECK(!r.error);
        CHECK(r.offset >= 0);
        CHECK(r.topic == "rt");
    }
    std::set<intptr_t> unique(opaques.begin(), opaques.end());
    CHECK(unique.size() == kCount + 1);  // each record's opaque came back once

    Listener listener;
    Consumer consumer(consumer_config(broker, "g1"), &listener);
    consumer.subscribe({"rt"});
    MessageBatch batch;
    std::vector<std::string> values;
    bool saw_tombstone = false, saw_header = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::vector<TopicPartitionOffset> to_commit;
    while (values.size() < kCount + 1 && std::chrono::steady_clock::now() < deadline) {
        consumer.poll_batch(batch, 64, 200);
        CHECK(batch.size() <= 64);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const ConsumedMessage& m = batch[i];
            if (!m.value.ptr) {
                saw_tombstone = true;
                CHECK(std::string(m.key.ptr, m.key.len) == "gone");
                CHECK(m.timestamp == 1234);
                CHECK(m.timestamp_type == KC_TS_CREATE_TIME);
            } else if (m.headers.size() == 1) {
                saw_header = m.headers[0].key == "h" && m.headers[0].value.len == 2 &&
                             std::string_view(m.headers[0].value.ptr, 2) == "hv";
            }
            values.emplace_back(m.value.ptr ? std::string(m.value.ptr, m.value.len) : "");
            to_commit.push_back({std::string(m.topic), m.partition, m.offset + 1});
        }
    }
    CHECK(values.size() == kCount + 1);
    CHECK(saw_tombstone);
    CHECK(saw_header);
    CHECK(listener.assigned.size() == 2);
    consumer.commit_sync(to_commit);
    const auto committed = consumer.committed({{"rt", 0}, {"rt", 1}}, 5000);
    int64_t total = 0;
    for (const auto& c : committed)
        total += c.offset;
    CHECK(total == kCount + 1);
    consumer.close();
    CHECK(listener.revoked_calls >= 1);
}

TEST_CASE("embedded broker: pause, resume and seek") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("ps", 1));
    Producer producer(producer_config(broker), nullptr);
    for (int i = 0; i < 10; ++i) {
        const std::string v = std::to_string(i);
        REQUIRE(!producer.produce("ps", 0, {}, str(v), {}, -1, nullptr));
    }
    REQUIRE(!producer.flush(10000));

    Consumer consumer(consumer_config(broker, "g-ps"));
    consumer.assign({{"ps", 0, RD_KAFKA_OFFSET_BEGINNING}});
    CHECK(consume(consumer, 10, std::chrono::seconds(20)).size() == 10);
    consumer.seek({{"ps", 0, 7}}, 5000);
    const auto after_seek = consume(consumer, 3, std::chrono::seconds(20));
    REQUIRE(after_seek.size() == 3);
    CHECK(after_seek[0] == "7");

    consumer.pause({{"ps", 0}});
    REQUIRE(!producer.produce("ps", 0, {}, str("late"), {}, -1, nullptr));
    REQUIRE(!producer.flush(10000));
    CHECK(consume(consumer, 1, std::chrono::seconds(2)).empty());
    consumer.resume({{"ps", 0}});
    const auto resumed = consume(consumer, 1, std::chrono::seconds(20));
    REQUIRE(resumed.size() == 1);
    CHECK(resumed[0] == "late");
}

TEST_CASE("embedded broker: a backlog beyond queued.min.messages drains in order, fetchers woken") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("backlog", 1));
    Producer producer(producer_config(broker), nullptr);
    constexpr int kRecords = 6000;
    for (int i = 0; i < kRecords; ++i) {
        const std::string v = std::to_string(i);
        REQUIRE(!producer.produce("backlog", 0, {}, str(v), {}, -1, nullptr));
    }
    REQUIRE(!producer.flush(10000));

    // The fetcher stops at 200 queued messages; draining below 100 must wake it.
    ClientConfig config = consumer_config(broker, "g-backlog");
    config.settings.set("queued.min.messages", "200");
    config.settings.set("fetch.message.max.bytes", "20000");  // a few hundred per fetch
    Consumer consumer(config);
    consumer.assign({{"backlog", 0, RD_KAFKA_OFFSET_BEGINNING}});
    const auto values = consume(consumer, kRecords, std::chrono::seconds(60));
    REQUIRE(values.size() == kRecords);
    for (int i = 0; i < kRecords; ++i)
        REQUIRE(values[i] == std::to_string(i));
    CHECK(consumer.fetch_wakeups() > 0);
}

TEST_CASE("embedded broker: regex subscription") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("metrics-a", 1));
    REQUIRE(!broker.create_topic("metrics-b", 1));
    REQUIRE(!broker.create_topic("other", 1));
    Producer producer(producer_config(broker), nullptr);
    for (const char* t : {"metrics-a", "metrics-b", "other"}) {
        REQUIRE(!producer.produce(t, 0, {}, str(t), {}, -1, nullptr));
    }
    REQUIRE(!producer.flush(10000));
    Consumer consumer(consumer_config(broker, "g-re"));
    consumer.subscribe({"^metrics-.*"});
    auto values = consume(consumer, 2, std::chrono::seconds(30));
    // Give a stray third message the chance to show up.
    const auto extra = consume(consumer, 1, std::chrono::seconds(1));
    values.insert(values.end(), extra.begin(), extra.end());
    std::sort(values.begin(), values.end());
    CHECK(values == std::vector<std::string>{"metrics-a", "metrics-b"});
}

TEST_CASE("embedded broker: a broker outage delays delivery but loses nothing") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("fo", 1));
    std::atomic<int> ok{0}, failed{0};
    Producer producer(producer_config(broker),
                      [&](const DeliveryReport& r) { (r.error ? failed : ok)++; });
    REQUIRE(!producer.produce("fo", 0, {}, str("before"), {}, -1, nullptr));
    REQUIRE(!producer.flush(10000));
    REQUIRE(ok == 1);

    broker.set_broker_down(1);
    for (int i = 0; i < 50; ++i) {
        REQUIRE(!producer.produce("fo", 0, {}, str("during"), {}, -1, nullptr));
    }
    CHECK(producer.flush(1500) == ErrorCode(RD_KAFKA_RESP_ERR__TIMED_OUT));
    CHECK(ok == 1);
    CHECK(failed == 0);
    broker.set_broker_up(1);
    CHECK(!producer.flush(30000));
    CHECK(ok == 51);
    CHECK(failed == 0);

    Consumer consumer(consumer_config(broker, "g-fo"));
    consumer.assign({{"fo", 0, RD_KAFKA_OFFSET_BEGINNING}});
    CHECK(consume(consumer, 51, std::chrono::seconds(30)).size() == 51);
}

TEST_CASE("unreachable bootstrap.servers gives a clear error") {
    // A port nobody listens on: take one from a broker, then stop it.
    std::string addr;
    {
        EmbeddedBroker gone(1);
        addr = gone.bootstrap_servers();
    }
    ClientConfig c = build_client_config(ClientRole::Admin, addr, {});
    try {
        check_reachable(c, 1500);
        FAIL("expected an error");
    } catch (const KafkaError& e) {
        const std::string msg = e.what();
        CHECK(msg.find("not reachable") != std::string::npos);
        CHECK(msg.find(addr) != std::string::npos);
        CHECK(e.retriable());
    }
}

TEST_CASE("reachable cluster passes the check") {
    EmbeddedBroker broker(3);
    CHECK(broker.broker_count() == 3);
    CHECK(std::count(broker.bootstrap_servers().begin(), broker.bootstrap_servers().end(), ',') ==
          2);
    CHECK_NOTHROW(check_reachable(
        build_client_config(ClientRole::Admin, broker.bootstrap_servers(), {}), 5000));
}
