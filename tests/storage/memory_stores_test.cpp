#include <doctest/doctest.h>

#include "host/storage/memory_config_backing_store.hpp"
#include "host/storage/memory_offset_backing_store.hpp"
#include "host/storage/memory_status_backing_store.hpp"

using namespace kc::host::storage;
using kc::host::ConnectorTaskId;
using kc::host::ConnectState;
using kc::host::TargetState;
using kc::host::config::ConfigMap;

namespace {
struct Recorder : ConfigUpdateListener {
    std::vector<std::string> events;
    void on_connector_config_update(const std::string& c) override { events.push_back("cfg:" + c); }
    void on_connector_config_remove(const std::string& c) override { events.push_back("rm:" + c); }
    void on_task_config_update(const std::string& c,
                               const std::vector<ConnectorTaskId>& tasks) override {
        events.push_back("tasks:" + c + "/" + std::to_string(tasks.size()));
    }
    void on_target_state_change(const std::string& c) override { events.push_back("state:" + c); }
};
}  // namespace

TEST_CASE("memory offset store: set, get, tombstone, callback") {
    MemoryOffsetBackingStore store;
    int calls = 0;
    store.set({{"a", "1"}, {"b", "2"}}, [&](std::exception_ptr e) {
        CHECK(e == nullptr);
        ++calls;
    });
    CHECK(calls == 1);
    store.set_sync({{"a", std::nullopt}});
    const auto got = store.get({"a", "b"});
    CHECK(got.size() == 1);
    CHECK(got.at("b") == "2");
}

TEST_CASE("memory config store: raw configs, tasks, target states, listener") {
    MemoryConfigBackingStore store;
    Recorder rec;
    store.set_update_listener(&rec);
    const ConfigMap raw{{"name", "c"}, {"password", "${file:/s.properties:pw}"}};
    store.put_connector_config("c", raw, std::nullopt);
    CHECK(store.contains("c"));
    auto snap = store.snapshot();
    CHECK(*snap.raw_connector_config("c") == raw);  // kept raw
    CHECK(snap.target_state("c") == TargetState::started);
    store.put_task_configs("c", {ConfigMap{{"task", "0"}}, ConfigMap{{"task", "1"}}});
    store.put_target_state("c", TargetState::paused);
    store.put_target_state("c", TargetState::paused);  // no change, no event
    snap = store.snapshot();
    CHECK(snap.task_count("c") == 2);
    CHECK(snap.tasks("c") == std::vector<ConnectorTaskId>{{"c", 0}, {"c", 1}});
    CHECK(*snap.raw_task_config({"c", 1}) == ConfigMap{{"task", "1"}});
    CHECK(snap.task_config_generation("c") == 0);
    CHECK(*snap.applied_connector_config("c") == raw);
    CHECK(snap.target_state("c") == TargetState::paused);
    store.put_connector_config("c", raw, std::nullopt);  // keeps PAUSED
    CHECK(store.snapshot().target_state("c") == TargetState::paused);
    store.put_task_configs("c", {ConfigMap{{"task", "0"}}});  // shrinks to one task
    CHECK(store.snapshot().tasks("c") == std::vector<ConnectorTaskId>{{"c", 0}});
    CHECK(store.snapshot().task_config_generation("c") == 1);
    store.remove_connector_config("c");
    CHECK_FALSE(store.contains("c"));
    CHECK(store.snapshot().task_configs.empty());
    CHECK_FALSE(store.snapshot().target_state("c").has_value());
    CHECK(rec.events ==
          std::vector<std::string>{"cfg:c", "tasks:c/2", "state:c", "cfg:c", "tasks:c/1", "rm:c"});
}

TEST_CASE("memory config store: an initial target state, restarts, session keys") {
    MemoryConfigBackingStore store;
    struct All : Recorder {
        std::vector<RestartRequest> restarts;
        std::vector<std::string> keys, levels;
        void on_session_key_update(const SessionKey& k) override { keys.push_back(k.key); }
        void on_restart_request(const RestartRequest& r) override { restarts.push_back(r); }
        void on_logging_level_update(const std::string& ns, const std::string& level) override {
            levels.push_back(ns + "=" + level);
        }
    } rec;
    store.set_update_listener(&rec);
    store.put_connector_config("c", ConfigMap{{"name", "c"}}, TargetState::stopped);
    CHECK(store.snapshot().target_state("c") == TargetState::stopped);
    CHECK(rec.events == std::vector<std::string>{"cfg:c"});  // created stopped: one event
    store.put_restart_request({"c", true, false});
    store.put_session_key({std::string("\x01\x02", 2), "HmacSHA256", 5});
    store.put_logger_level("org.x", "DEBUG");
    store.put_task_count_record("c", 0);
    CHECK(rec.restarts == std::vector<RestartRequest>{{"c", true, false}});
    CHECK(rec.keys == std::vector<std::string>{std::string("\x01\x02", 2)});
    CHECK(rec.levels == std::vector<std::string>{"org.x=DEBUG"});
    const ClusterConfigState snap = store.snapshot();
    REQUIRE(snap.session_key.has_value());
    CHECK(snap.session_key->creation_timestamp_ms == 5);
    CHECK(snap.task_count_record("c") == 0);
    CHECK(snap.offset == 6);  // the records it would have written: 2 + 4
}

TEST_CASE("memory status store: put, generations, destroyed, topics") {
    MemoryStatusBackingStore store;
    store.put(ConnectorStatus{"c", ConnectState::running, std::nullopt, "w1:8083", 2});
    // Another worker, an older generation: not safe, ignored.
    store.put_safe(ConnectorStatus{"c", ConnectState::failed, "old", "w2:8083", 1});
    CHECK(store.get("c")->state == ConnectState::running);
    // The same worker may always overwrite its own report.
    store.put_safe(ConnectorStatus{"c", ConnectState::failed, "boom", "w1:8083", 1});
    CHECK(store.get("c")->state == ConnectState::failed);
    store.put(TaskStatus{{"c", 1}, ConnectState::running, std::nullopt, "w", 0});
    store.put(TaskStatus{{"c", 0}, ConnectState::failed, "trace", "w", 0});
    store.put(TaskStatus{{"d", 0}, ConnectState::running, std::nullopt, "w", 0});
    const auto tasks = store.get_all("c");
    REQUIRE(tasks.size() == 2);
    CHECK(tasks[0].id.task == 0);
    CHECK(tasks[0].trace == "trace");
    store.put(TaskStatus{{"c", 1}, ConnectState::destroyed, std::nullopt, "w", 0});
    CHECK_FALSE(store.get(ConnectorTaskId{"c", 1}).has_value());
    store.put(ConnectorStatus{"c", ConnectState::destroyed, std::nullopt, "w", 3});
    CHECK(store.connectors().empty());
    store.put(TopicStatus{"t1", "c", 0, 100});
    store.put(TopicStatus{"t2", "c", 0, 200});
    store.put(TopicStatus{"t1", "c", 1, 300});  // first discovery wins
    CHECK(store.topics("c").size() == 2);
    CHECK(store.topics("c")[0].discover_timestamp == 100);
    store.delete_topic("c", "t1");
    CHECK(store.topics("c").size() == 1);
}
