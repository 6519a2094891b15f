// KafkaConfigBackingStore against the in-process embedded broker.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "host/config/config_error.hpp"
#include "host/storage/kafka/kafka_config_backing_store.hpp"
#include "host/storage/storage_error.hpp"
#include "tests/storage/kafka/store_test_support.hpp"

using namespace kc::host;
using namespace kc::host::storage;
using kc::host::config::ConfigMap;
using kc::host::kafka::EmbeddedBroker;
using kc::test::RawRecord;
using kc::test::RawTopic;
using kc::test::store_settings;
using namespace std::chrono_literals;

namespace {

// Every call, as a line, in the order the store made them.
class RecordingListener : public ConfigUpdateListener {
  public:
    void on_connector_config_update(const std::string& c) override { add("config " + c); }
    void on_connector_config_remove(const std::string& c) override { add("remove " + c); }
    void on_task_config_update(const std::string& c,
                               const std::vector<ConnectorTaskId>& tasks) override {
        std::string line = "tasks " + c + ":";
        for (const auto& id : tasks)
            line += " " + std::to_string(id.task);
        add(line);
    }
    void on_target_state_change(const std::string& c) override { add("state " + c); }
    void on_session_key_update(const SessionKey& key) override {
        add("session-key " + key.algorithm);
    }
    void on_restart_request(const RestartRequest& r) override {
        add("restart " + r.connector + (r.include_tasks ? " +tasks" : ""));
    }
    void on_logging_level_update(const std::string& ns, const std::string& level) override {
        add("logger " + ns + "=" + level);
    }
    std::vector<std::string> take() {
        std::lock_guard lock(mu_);
        return std::exchange(lines_, {});
    }

  private:
    void add(std::string line) {
        std::lock_guard lock(mu_);
        lines_.push_back(std::move(line));
    }
    std::mutex mu_;
    std::vector<std::string> lines_;
};

RawRecord rec(std::string key, std::optional<std::string> value) {
    return {std::move(key), std::move(value), 0};
}

const ConfigMap kSourceConfig{{"name", "src"},
                              {"connector.class", "FileStreamSource"},
                              {"tasks.max", "2"},
                              {"file", "${file:/etc/secrets:path}"}};

}  // namespace

TEST_CASE(
    "KafkaConfigBackingStore: two workers share the topic; records are Java's, byte for byte") {
    EmbeddedBroker broker(1);
    KafkaConfigBackingStore leader(store_settings(broker));
    leader.start();  // creates the topic
    KafkaConfigBackingStore follower(store_settings(broker));
    RecordingListener events;
    follower.set_update_listener(&events);
    follower.start();
    CHECK(follower.snapshot().offset == ClusterConfigState::kNoOffset);

    leader.put_connector_config("src", kSourceConfig, TargetState::Paused);
    // Visible to the writer when the put returns.
    CHECK(leader.contains("src"));
    CHECK(leader.snapshot().target_state("src") == TargetState::Paused);
    leader.put_task_configs("src", {ConfigMap{{"task.class", "T"}, {"n", "0"}},
                                    ConfigMap{{"task.class", "T"}, {"n", "1"}}});
    leader.put_target_state("src", TargetState::Stopped);
    leader.put_session_key({std::string("\x00\xff\x10key", 6), "HmacSHA256", 1700000000123});
    leader.put_restart_request({"src", false, true});
    leader.put_logger_level("org.apache.kafka", "DEBUG");
    leader.put_task_count_record("src", 2);
    leader.put_connector_config("empty", ConfigMap{{"name", "empty"}}, std::nullopt);
    leader.put_task_configs("empty", {});

    follower.refresh(10s);
    const ClusterConfigState s = follower.snapshot();
    REQUIRE(s.contains("src"));
    CHECK(*s.raw_connector_config("src") == kSourceConfig);  // placeholders left unresolved
    CHECK(s.target_state("src") == TargetState::Stopped);
    CHECK(s.tasks("src") == std::vector<ConnectorTaskId>{{"src", 0}, {"src", 1}});
    CHECK(*s.raw_task_config({"src", 1}) == ConfigMap{{"task.class", "T"}, {"n", "1"}});
    CHECK(s.task_config_generation("src") == 0);
    CHECK(s.task_count_record("src") == 2);
    CHECK_FALSE(s.pending_fencing("src"));
    REQUIRE(s.session_key.has_value());
    CHECK(s.session_key->key == std::string("\x00\xff\x10key", 6));
    CHECK(s.session_key->creation_timestamp_ms == 1700000000123);
    CHECK(s.target_state("empty") == TargetState::Started);
    CHECK(s.task_count("empty") == 0);
    CHECK_FALSE(s.inconsistent("empty"));
    CHECK(s.offset == 12);
    CHECK(leader.snapshot().offset == 12);
    // No target-state event before the connector exists (Java neither).
    CHECK(events.take() == std::vector<std::string>{"config src", "tasks src: 0 1", "state src",
                                                    "session-key HmacSHA256", "restart src +tasks",
                                                    "logger org.apache.kafka=DEBUG", "config empty",
                                                    "tasks empty:"});

    leader.remove_connector_config("src");
    follower.refresh(10s);
    CHECK_FALSE(follower.contains("src"));
    CHECK(follower.snapshot().tasks("src").empty());
    CHECK(events.take() == std::vector<std::string>{"remove src"});

    // What is in the topic is what a Java worker writes for the same calls.
    RawTopic raw(broker, "connect-configs");
    CHECK(
        raw.records() ==
        std::vector<RawRecord>{
            rec("target-state-src", R"({"state":"PAUSED","state.v2":"PAUSED"})"),
            rec("connector-src",
                R"({"properties":{"name":"src","connector.class":"FileStreamSource",)"
                R"("tasks.max":"2","file":"${file:/etc/secrets:path}"}})"),
            rec("task-src-0", R"({"properties":{"task.class":"T","n":"0"}})"),
            rec("task-src-1", R"({"properties":{"task.class":"T","n":"1"}})"),
            rec("commit-src", R"({"tasks":2})"),
            rec("target-state-src", R"({"state":"PAUSED","state.v2":"STOPPED"})"),
            rec("session-key",
                R"({"key":"AP8Qa2V5","algorithm":"HmacSHA256","creation-timestamp":1700000000123})"),
            rec("restart-connector-src", R"({"include-tasks":true,"only-failed":false})"),
            rec("logger-cluster-org.apache.kafka", R"({"level":"DEBUG"})"),
            rec("tasks-fencing-src", R"({"task-count":2})"),
            rec("connector-empty", R"({"properties":{"name":"empty"}})"),
            rec("commit-empty", R"({"tasks":0})"),
            rec("connector-src", std::nullopt),
            rec("target-state-src", std::nullopt),
        });
}

TEST_CASE("KafkaConfigBackingStore: a topic written by Java workers is picked up") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("connect-configs", 1));
    {
        RawTopic java(broker, "connect-configs");
        // Properties in a Java HashMap's order, a pre-STOPPED target state.
        java.write(
            "connector-jdbc",
            R"({"properties":{"tasks.max":"2","connector.class":"JdbcSource","name":"jdbc"}})");
        java.write("target-state-jdbc", R"({"state":"PAUSED"})");
        java.write("task-jdbc-0", R"({"properties":{"table":"a"}})");
        java.write("task-jdbc-1", R"({"properties":{"table":"b"}})");
        java.write("commit-jdbc", R"({"tasks":2})");
        // A connector whose commit finds a task config missing.
        java.write("connector-part", R"({"properties":{"name":"part"}})");
        java.write("task-part-0", R"({"properties":{"x":"0"}})");
        java.write("commit-part", R"({"tasks":2})");
        // Junk another writer left: logged and skipped, never fatal.
        java.write("connector-junk", "{not json");
        java.write("something-else", R"({"a":1})");
        java.write(std::nullopt, R"({"a":1})");
        java.write("commit-jdbc", R"({"tasks":"two"})");
        // Read before start: not news.
        java.write("restart-connector-jdbc", R"({"include-tasks":true,"only-failed":true})");
        java.write(
            "session-key",
            R"({"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","algorithm":"HmacSHA256","creation-timestamp":1700000000000})");
    }
    KafkaConfigBackingStore store(store_settings(broker));
    RecordingListener events;
    store.set_update_listener(&events);
    store.start();
    const ClusterConfigState s = store.snapshot();
    CHECK(s.connectors() == std::vector<std::string>{"jdbc", "part"});
    CHECK(s.raw_connector_config("jdbc")->get("connector.class") == "JdbcSource");
    CHECK(s.target_state("jdbc") == TargetState::Paused);
    CHECK(s.tasks("jdbc") == std::vector<ConnectorTaskId>{{"jdbc", 0}, {"jdbc", 1}});
    CHECK(*s.raw_task_config({"jdbc", 1}) == ConfigMap{{"table", "b"}});
    CHECK(s.pending_fencing("jdbc"));
    CHECK(s.inconsistent("part"));
    CHECK(s.tasks("part").empty());
    REQUIRE(s.session_key.has_value());
    CHECK(s.session_key->key.size() == 32);
    CHECK(s.offset == 14);
    CHECK(events.take().empty());

    // A leader regenerating the inconsistent connector's tasks mends it.
    store.put_task_configs("part", {ConfigMap{{"x", "0"}}, ConfigMap{{"x", "1"}}});
    CHECK_FALSE(store.snapshot().inconsistent("part"));
    CHECK(store.snapshot().tasks("part").size() == 2);
    CHECK(events.take() == std::vector<std::string>{"tasks part: 0 1"});
}

TEST_CASE(
    "KafkaConfigBackingStore: partial task commits read live make the connector inconsistent") {
    EmbeddedBroker broker(1);
    KafkaConfigBackingStore store(store_settings(broker));
    RecordingListener events;
    store.set_update_listener(&events);
    store.start();
    store.put_connector_config("c", ConfigMap{{"name", "c"}}, std::nullopt);
    store.put_task_configs("c", {ConfigMap{{"k", "0"}}});
    CHECK(store.snapshot().tasks("c").size() == 1);
    events.take();

    RawTopic other(broker, "connect-configs");
    other.write("task-c-1", R"({"properties":{"k":"1"}})");
    other.write("commit-c", R"({"tasks":3})");
    store.refresh(10s);
    CHECK(store.snapshot().inconsistent("c"));
    CHECK(store.snapshot().tasks("c").empty());
    CHECK(events.take() == std::vector<std::string>{"tasks c:"});
}

TEST_CASE(
    "KafkaConfigBackingStore: a config topic of 2 partitions is refused with Java's message") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("connect-configs", 2));
    KafkaConfigBackingStore store(store_settings(broker));
    CHECK_THROWS_WITH_AS(
        store.start(),
        "Topic 'connect-configs' supplied via the 'config.storage.topic' property is required to "
        "have a single partition in order to guarantee consistency of connector configurations, "
        "but found 2 partitions.",
        config::ConfigError);
}

TEST_CASE("KafkaConfigBackingStore: writes fail with the topic's name, within their timeout") {
    EmbeddedBroker broker(1);
    KafkaConfigBackingStore unstarted(store_settings(broker));
    CHECK_THROWS_WITH_AS(unstarted.put_target_state("c", TargetState::Paused),
                         doctest::Contains("'connect-configs'"), StorageError);

    auto settings = store_settings(broker);
    settings.write_timeout = 1s;
    KafkaConfigBackingStore store(settings);
    store.start();
    broker.set_broker_down(1);
    const auto began = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH_AS(store.put_connector_config("c", ConfigMap{{"name", "c"}}, std::nullopt),
                         doctest::Contains("Error writing connector configuration to Kafka topic "
                                           "'connect-configs'"),
                         StorageError);
    CHECK(std::chrono::steady_clock::now() - began < 5s);
    broker.set_broker_up(1);
}
