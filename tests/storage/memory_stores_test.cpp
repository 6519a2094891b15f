#include <doctest/doctest.h>

#include "host/storage/memory_config_backing_store.hpp"
#include "host/storage/memory_offset_backing_store.hpp"
#include "host/storage/memory_status_backing_store.hpp"

using namespace kc::host::storage;
using kc::host::config::ConfigMap;

namespace {
struct Recorder : ConfigUpdateListener {
    std::vector<std::string> events;
    void on_connector_config_update(const std::string& c) override { events.push_back("cfg:" + c); }
    void on_connector_config_remove(const std::string& c) override { events.push_back("rm:" + c); }
    void on_task_config_update(const std::string& c) override { events.push_back("tasks:" + c); }
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
    CHECK(snap.connector_configs.at("c") == raw);  // kept raw
    CHECK(snap.target_states.at("c") == TargetState::Started);
    store.put_task_configs("c", {ConfigMap{{"task", "0"}}, ConfigMap{{"task", "1"}}});
    store.put_target_state("c", TargetState::Paused);
    store.put_target_state("c", TargetState::Paused);  // no change, no event
    snap = store.snapshot();
    CHECK(snap.task_configs.at("c").size() == 2);
    CHECK(snap.target_states.at("c") == TargetState::Paused);
    store.put_connector_config("c", raw, std::nullopt);  // keeps PAUSED
    CHECK(store.snapshot().target_states.at("c") == TargetState::Paused);
    store.remove_connector_config("c");
    CHECK_FALSE(store.contains("c"));
    CHECK(store.snapshot().task_configs.empty());
    CHECK(rec.events == std::vector<std::string>{"cfg:c", "tasks:c", "state:c", "cfg:c", "rm:c"});
}

TEST_CASE("memory status store: put, generations, destroyed, topics") {
    MemoryStatusBackingStore store;
    store.put(ConnectorStatus{"c", State::Running, "", "w:8083", 2});
    store.put_safe(ConnectorStatus{"c", State::Failed, "old", "w:8083", 1});  // stale: ignored
    CHECK(store.get("c")->state == State::Running);
    store.put(TaskStatus{"c", 1, State::Running, "", "w", 0});
    store.put(TaskStatus{"c", 0, State::Failed, "trace", "w", 0});
    store.put(TaskStatus{"d", 0, State::Running, "", "w", 0});
    const auto tasks = store.get_all("c");
    REQUIRE(tasks.size() == 2);
    CHECK(tasks[0].task == 0);
    CHECK(tasks[0].trace == "trace");
    store.put(TaskStatus{"c", 1, State::Destroyed, "", "w", 0});
    CHECK_FALSE(store.get("c", 1).has_value());
    store.put(ConnectorStatus{"c", State::Destroyed, "", "w", 3});
    CHECK(store.connectors().empty());
    store.put(TopicStatus{"t1", "c", 0, 100});
    store.put(TopicStatus{"t2", "c", 0, 200});
    store.put(TopicStatus{"t1", "c", 1, 300});  // first discovery wins
    CHECK(store.topics("c").size() == 2);
    CHECK(store.topics("c")[0].discover_timestamp == 100);
    store.delete_topic("c", "t1");
    CHECK(store.topics("c").size() == 1);
    CHECK(state_name(State::Restarting) == "RESTARTING");
}
