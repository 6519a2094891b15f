// KafkaBasedLog against the in-process embedded broker (librdkafka's mock).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/kafka/admin.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/internal_topic_clients.hpp"
#include "host/kafka/kafka_based_log.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/storage/kafka_partitioner.hpp"

using namespace kc::host::kafka;
using namespace std::chrono_literals;

namespace {

// Quick reconnects: the broker outage test must not wait out librdkafka's
// default 10 s backoff.
const ConfigMap kQuickReconnect{{"reconnect.backoff.max.ms", "300"}};

ClientConfig log_producer(const EmbeddedBroker& b, ConfigMap overrides = {}) {
    overrides.merge(kQuickReconnect);
    return internal_topic_client_config(ClientRole::Producer, b.bootstrap_servers(), {},
                                        internal_topic_producer_defaults(), overrides);
}

ClientConfig log_consumer(const EmbeddedBroker& b) {
    return internal_topic_client_config(ClientRole::Consumer, b.bootstrap_servers(), {},
                                        internal_topic_consumer_defaults(), kQuickReconnect);
}

// What a reader saw; records are copied out of the callback.
struct Seen {
    struct Record {
        std::optional<std::string> key, value;
        int32_t partition;
        int64_t offset;
        int64_t timestamp;
    };
    std::mutex mu;
    std::vector<Record> records;

    KafkaBasedLog::RecordCallback callback() {
        return [this](const LogRecord& r) {
            std::lock_guard lock(mu);
            records.push_back({r.key ? std::optional<std::string>(*r.key) : std::nullopt,
                               r.value ? std::optional<std::string>(*r.value) : std::nullopt,
                               r.partition, r.offset, r.timestamp});
        };
    }
    std::vector<Record> snapshot() {
        std::lock_guard lock(mu);
        return records;
    }
};

// Sends and waits for the outcome.
SendResult send_sync(KafkaBasedLog& log, std::optional<std::string_view> key,
                     std::optional<std::string_view> value) {
    std::mutex mu;
    std::optional<SendResult> result;
    log.send(key, value, [&](const SendResult& r) {
        std::lock_guard lock(mu);
        result = r;
    });
    log.flush(10s);
    std::lock_guard lock(mu);
    REQUIRE(result.has_value());
    return *result;
}

}  // namespace

TEST_CASE("KafkaBasedLog: byte-exact records across partitions, placed as Java's partitioner") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("log-rt", 5));
    Seen seen;
    KafkaBasedLog log("log-rt", log_producer(broker), log_consumer(broker), seen.callback());
    log.start(20s);
    CHECK(log.partition_count() == 5);
    CHECK(seen.snapshot().empty());

    // Binary keys and values (NULs, high bytes), an empty value, a tombstone.
    std::vector<std::pair<std::string, std::optional<std::string>>> written;
    for (int i = 0; i < 40; ++i) {
        std::string key = "key-" + std::to_string(i);
        key.push_back('\0');
        key.push_back(static_cast<char>(0xff - i));
        std::string value = "{\"n\":" + std::to_string(i) + "}";
        value.push_back('\0');
        written.emplace_back(key, value);
    }
    written.emplace_back("empty", std::string());
    written.emplace_back("key-3", std::nullopt);  // tombstone
    std::atomic<int> acked = 0;
    std::map<std::string, int32_t> acked_partition;
    std::mutex acked_mu;
    for (const auto& [key, value] : written) {
        std::optional<std::string_view> v;
        if (value) v = *value;
        log.send(key, v, [&, key = key](const SendResult& r) {
            CHECK(r.ok());
            std::lock_guard lock(acked_mu);
            acked_partition[key] = r.partition;
            ++acked;
        });
    }
    log.flush(10s);
    CHECK(acked == static_cast<int>(written.size()));
    log.read_to_end(10s);

    const auto records = seen.snapshot();
    REQUIRE(records.size() == written.size());
    std::map<int32_t, int64_t> last_offset;
    std::size_t matched = 0;
    for (const auto& r : records) {
        REQUIRE(r.key.has_value());
        // Java: Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions.
        CHECK(r.partition == kc::host::storage::partition_for_key(*r.key, 5));
        CHECK(r.partition == acked_partition[*r.key]);
        CHECK(r.timestamp > 0);
        // In order within a partition.
        if (last_offset.count(r.partition)) CHECK(r.offset > last_offset[r.partition]);
        last_offset[r.partition] = r.offset;
        for (const auto& [key, value] : written) {
            if (key == *r.key && value == r.value) {
                ++matched;
                break;
            }
        }
    }
    CHECK(matched == written.size());
    CHECK(last_offset.size() > 1);  // spread over several partitions
    // The empty value stayed empty, not null; the tombstone stayed null.
    bool saw_empty = false, saw_tombstone = false;
    for (const auto& r : records) {
        if (*r.key == "empty") saw_empty = r.value.has_value() && r.value->empty();
        if (*r.key == "key-3" && !r.value) saw_tombstone = true;
    }
    CHECK(saw_empty);
    CHECK(saw_tombstone);
    log.stop();
    CHECK_THROWS_AS(log.send("k", "v"), KafkaError);
}

TEST_CASE("KafkaBasedLog: read_to_end sees another writer's records; a late reader replays all") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("log-shared", 3));
    Seen seen_a;
    KafkaBasedLog a("log-shared", log_producer(broker), log_consumer(broker), seen_a.callback());
    a.start(20s);
    {
        KafkaBasedLog writer("log-shared", log_producer(broker), log_consumer(broker),
                             [](const LogRecord&) {});
        writer.start(20s);
        for (int i = 0; i < 30; ++i) {
            writer.send("k" + std::to_string(i), "v" + std::to_string(i));
        }
        writer.send("k0", std::nullopt);
        writer.flush(10s);
    }
    // Acknowledged by the broker before this call, so read_to_end must see them.
    a.read_to_end(10s);
    const auto seen = seen_a.snapshot();
    CHECK(seen.size() == 31);

    // A reader started afterwards replays the whole topic during start().
    Seen seen_b;
    KafkaBasedLog late("log-shared", std::nullopt, log_consumer(broker), seen_b.callback());
    late.start(20s);
    const auto replayed = seen_b.snapshot();
    REQUIRE(replayed.size() == 31);
    std::map<std::string, std::optional<std::string>> latest;
    for (const auto& r : replayed)
        latest[*r.key] = r.value;
    CHECK(latest.size() == 30);
    CHECK_FALSE(latest["k0"].has_value());  // the tombstone came after its value
    CHECK(latest["k29"] == "v29");
    // Read-only: no producer.
    CHECK_THROWS_WITH_AS(late.send("k", "v"),
                         "cannot write to topic 'log-shared': the log is read-only", KafkaError);
    // read_to_end on an idle log returns at once.
    const auto t0 = std::chrono::steady_clock::now();
    late.read_to_end(10s);
    CHECK(std::chrono::steady_clock::now() - t0 < 2s);
}

TEST_CASE("KafkaBasedLog: concurrent senders, and a send callback that sends again") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("log-threads", 4));
    Seen seen;
    KafkaBasedLog log("log-threads", log_producer(broker), log_consumer(broker), seen.callback());
    log.start(20s);
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
        senders.emplace_back([&log, t] {
            for (int i = 0; i < 50; ++i)
                log.send("t" + std::to_string(t) + "-" + std::to_string(i), "v");
        });
    }
    for (std::thread& t : senders)
        t.join();
    // As the status store retries from its callback: the callback runs on the
    // delivery thread, which must not hold anything send() needs.
    std::atomic<bool> resent_ok = false;
    log.send("first", "1", [&](const SendResult& r) {
        CHECK(r.ok());  // no REQUIRE: it would throw through librdkafka
        log.send("second", "2", [&](const SendResult& again) { resent_ok = again.ok(); });
    });
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!resent_ok && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    CHECK(resent_ok);
    log.read_to_end(10s);
    CHECK(seen.snapshot().size() == 202);
}

TEST_CASE("KafkaBasedLog: never creates a missing topic, and says which topic is missing") {
    EmbeddedBroker broker(1);
    KafkaBasedLog log("log-missing", log_producer(broker), log_consumer(broker),
                      [](const LogRecord&) {});
    CHECK_THROWS_WITH_AS(log.start(1500ms),
                         doctest::Contains("cannot start reading topic 'log-missing'"), KafkaError);
    Admin admin(build_client_config(ClientRole::Admin, broker.bootstrap_servers(), {}));
    // The mock would have created it with 4 partitions had the log asked for it by name.
    CHECK_FALSE(admin.partition_count("log-missing", 5000).has_value());
}

TEST_CASE("KafkaBasedLog: broker down fails sends and read_to_end with timeouts, then recovers") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("log-outage", 2));
    Seen seen;
    KafkaBasedLog log("log-outage", log_producer(broker, {{"delivery.timeout.ms", "1500"}}),
                      log_consumer(broker), seen.callback());
    log.start(20s);
    CHECK(send_sync(log, "before", "1").ok());

    broker.set_broker_down(1);
    std::mutex mu;
    std::optional<SendResult> failed;
    log.send("during", "2", [&](const SendResult& r) {
        std::lock_guard lock(mu);
        failed = r;
    });
    CHECK_THROWS_WITH_AS(log.flush(300ms),
                         doctest::Contains("to be acknowledged by topic 'log-outage'"), KafkaError);
    try {
        log.read_to_end(1500ms);
        FAIL("read_to_end succeeded with the broker down");
    } catch (const KafkaError& e) {
        CHECK(e.code().value() == RD_KAFKA_RESP_ERR__TIMED_OUT);
        CHECK(std::string(e.what()).find("reading topic 'log-outage' to its end") !=
              std::string::npos);
    }
    log.flush(10s);  // the record times out (delivery.timeout.ms) and is reported
    {
        std::lock_guard lock(mu);
        REQUIRE(failed.has_value());
        CHECK(failed->error.value() == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
        CHECK(failed->message.find("cannot write to topic 'log-outage'") != std::string::npos);
    }

    broker.set_broker_up(1);
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    SendResult after;
    do {
        after = send_sync(log, "after", "3");
    } while (!after.ok() && std::chrono::steady_clock::now() < deadline);
    CHECK(after.ok());
    log.read_to_end(10s);
    std::vector<std::string> keys;
    for (const auto& r : seen.snapshot())
        keys.push_back(*r.key);
    CHECK(keys == std::vector<std::string>{"before", "after"});
}

TEST_CASE("KafkaBasedLog: stop fails pending read_to_end callers and is idempotent") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("log-stop", 1));
    KafkaBasedLog log("log-stop", log_producer(broker), log_consumer(broker),
                      [](const LogRecord&) {});
    log.start(20s);
    broker.set_broker_down(1);
    std::mutex mu;
    std::exception_ptr outcome;
    bool called = false;
    log.read_to_end([&](std::exception_ptr e) {
        std::lock_guard lock(mu);
        called = true;
        outcome = e;
    });
    log.stop(100ms);
    log.stop();
    std::lock_guard lock(mu);
    REQUIRE(called);
    REQUIRE(outcome);
    CHECK_THROWS_WITH_AS(std::rethrow_exception(outcome), doctest::Contains("was stopped"),
                         KafkaError);
    CHECK_THROWS_AS(log.read_to_end(1s), KafkaError);
    CHECK_THROWS_AS(log.start(1s), KafkaError);  // no restart
}
