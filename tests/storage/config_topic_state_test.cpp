#include <doctest/doctest.h>

#include "host/storage/config_topic_state.hpp"

using namespace kc::host::storage;
using kc::host::ConnectorTaskId;
using kc::host::SessionKey;
using kc::host::TargetState;
using kc::host::config::ConfigMap;

namespace {

using Tasks = std::vector<ConnectorTaskId>;

// Feeds records with consecutive offsets, as a consumer of the topic would.
struct Topic {
    ConfigTopicState state;
    int64_t next_offset = 0;

    ConfigApplyResult put(std::string_view key, std::optional<std::string_view> value) {
        return state.apply({next_offset++, key, value});
    }
    ConfigApplyResult connector(const std::string& c, const ConfigMap& config) {
        return put(connector_config_key(c), encode_config_properties(config));
    }
    ConfigApplyResult task(const std::string& c, int n, const std::string& marker) {
        return put(task_config_key({c, n}), encode_config_properties(ConfigMap{{"m", marker}}));
    }
    ConfigApplyResult commit(const std::string& c, int n) {
        return put(task_commit_key(c), encode_task_commit(n));
    }
    const ClusterConfigState& snap() const { return state.state(); }
    std::string marker(const std::string& c, int n) const {
        const ConfigMap* m = snap().raw_task_config({c, n});
        return m ? m->get_or("m", "") : "(none)";
    }
};

const ConfigMap kConfig{{"name", "c"}, {"connector.class", "X"}};

template <typename Event>
const Event* event_of(const ConfigApplyResult& r) {
    return r.event ? std::get_if<Event>(&*r.event) : nullptr;
}

}  // namespace

TEST_CASE("config topic: connector, deferred task configs, a complete commit, fencing") {
    Topic t;
    t.connector("c", kConfig);
    CHECK(t.snap().contains("c"));
    CHECK(t.snap().target_state("c") == TargetState::Started);  // the default
    t.task("c", 0, "a0");
    t.task("c", 1, "a1");
    // Task configs wait for their commit.
    CHECK(t.snap().task_configs.empty());
    CHECK(t.state.deferred().at("c").size() == 2);
    CHECK(t.snap().tasks("c").empty());
    t.commit("c", 2);
    CHECK(t.snap().tasks("c") == Tasks{{"c", 0}, {"c", 1}});
    CHECK(t.marker("c", 1) == "a1");
    CHECK(t.snap().task_count("c") == 2);
    CHECK(t.snap().task_config_generation("c") == 0);
    CHECK(*t.snap().applied_connector_config("c") == kConfig);
    CHECK(t.state.deferred().at("c").empty());
    CHECK(t.snap().pending_fencing("c"));
    CHECK_FALSE(t.snap().task_count_record("c").has_value());
    t.put(task_count_record_key("c"), encode_task_count_record(2));
    CHECK_FALSE(t.snap().pending_fencing("c"));
    CHECK(t.snap().task_count_record("c") == 2);
    CHECK(t.snap().offset == 5);  // last record's offset + 1

    // A new generation: the config changes, then the tasks follow.
    const ConfigMap changed{{"name", "c"}, {"connector.class", "Y"}};
    t.connector("c", changed);
    CHECK(*t.snap().applied_connector_config("c") == kConfig);  // tasks still from the old one
    t.task("c", 0, "b0");
    t.commit("c", 1);
    CHECK(t.snap().tasks("c") == Tasks{{"c", 0}});
    CHECK(t.marker("c", 0) == "b0");
    CHECK(t.snap().task_config_generation("c") == 1);
    CHECK(*t.snap().applied_connector_config("c") == changed);
    CHECK(t.snap().pending_fencing("c"));
}

TEST_CASE("config topic: a partial commit leaves the connector inconsistent until a full one") {
    Topic t;
    t.connector("c", kConfig);
    t.task("c", 0, "a0");
    t.task("c", 2, "a2");  // 1 is missing: its record was lost to compaction
    t.commit("c", 3);
    CHECK(t.snap().inconsistent("c"));
    CHECK(t.snap().tasks("c").empty());  // no task may run
    CHECK(t.snap().task_count("c") == 3);
    CHECK(t.snap().task_configs.empty());  // nothing applied
    CHECK_FALSE(t.snap().task_config_generation("c").has_value());
    CHECK(t.state.deferred().at("c").empty());  // and nothing kept for later
    CHECK(t.snap().pending_fencing("c"));

    // The next commit must see a complete set on its own.
    t.task("c", 1, "b1");
    t.commit("c", 3);
    CHECK(t.snap().inconsistent("c"));
    t.task("c", 0, "c0");
    t.task("c", 1, "c1");
    t.task("c", 2, "c2");
    t.commit("c", 3);
    CHECK_FALSE(t.snap().inconsistent("c"));
    CHECK(t.snap().tasks("c").size() == 3);
    CHECK(t.marker("c", 2) == "c2");
    CHECK(t.snap().task_config_generation("c") == 0);
}

TEST_CASE("config topic: compaction leaving a stale higher task id does not spoil a commit") {
    // Written: task-0, task-1, commit 2, task-0, commit 1. Compaction keeps the
    // last record of each key: the old task-1 survives beside the new task-0.
    Topic t;
    t.state.mark_started();
    t.connector("c", kConfig);
    t.task("c", 1, "old1");
    t.task("c", 0, "new0");
    const ConfigApplyResult r = t.commit("c", 1);
    CHECK_FALSE(t.snap().inconsistent("c"));
    CHECK(t.snap().tasks("c") == Tasks{{"c", 0}});
    CHECK(t.marker("c", 0) == "new0");
    // The stale config is stored (as in Java) but never listed as a task.
    CHECK(t.marker("c", 1) == "old1");
    const auto* e = event_of<TaskConfigsUpdated>(r);
    REQUIRE(e != nullptr);
    CHECK(e->connector == "c");
    CHECK(e->tasks == Tasks{{"c", 0}, {"c", 1}});
}

TEST_CASE("config topic: zero tasks, and commits for connectors that are gone") {
    Topic t;
    t.connector("c", kConfig);
    t.commit("c", 0);  // no task record ever: nothing to apply, no generation
    CHECK(t.snap().task_count("c") == 0);
    CHECK_FALSE(t.snap().inconsistent("c"));
    CHECK_FALSE(t.snap().task_config_generation("c").has_value());
    CHECK(*t.snap().applied_connector_config("c") == kConfig);

    // Deleted, then compaction removed config and tombstone: its tasks belong to nobody.
    t.task("gone", 0, "x");
    const ConfigApplyResult r = t.commit("gone", 1);
    CHECK_FALSE(r.skipped.has_value());
    CHECK(t.snap().task_configs.empty());
    CHECK_FALSE(t.snap().pending_fencing("gone"));
    CHECK(t.state.deferred().count("gone") == 0);
    CHECK_FALSE(t.snap().contains("gone"));
}

TEST_CASE("config topic: a connector tombstone drops everything but its generation") {
    Topic t;
    t.connector("c", kConfig);
    t.connector("d", kConfig);
    t.task("c", 0, "a0");
    t.commit("c", 1);
    t.task("d", 0, "d0");
    t.commit("d", 1);
    t.task("c", 0, "pending");  // deferred, not committed
    t.put(connector_config_key("c"), std::nullopt);
    CHECK_FALSE(t.snap().contains("c"));
    CHECK(t.snap().task_count("c") == 0);
    CHECK_FALSE(t.snap().raw_task_config({"c", 0}));
    CHECK_FALSE(t.snap().applied_connector_config("c"));
    CHECK(t.state.deferred().count("c") == 0);
    // Generations go on across re-creation, so fencing never mistakes old for new.
    CHECK(t.snap().task_config_generation("c") == 0);
    // Nothing else is touched.
    CHECK(t.marker("d", 0) == "d0");
    // The target state is tombstoned next, as Java writes it.
    CHECK(t.snap().target_state("c") == TargetState::Started);
    t.put(target_state_key("c"), std::nullopt);
    CHECK_FALSE(t.snap().target_state("c").has_value());

    t.connector("c", kConfig);
    t.task("c", 0, "again");
    t.commit("c", 1);
    CHECK(t.snap().task_config_generation("c") == 1);
}

TEST_CASE("config topic: target states, read both ways, and their tombstones") {
    Topic t;
    t.connector("c", kConfig);
    t.put(target_state_key("c"), encode_target_state(TargetState::Stopped));
    CHECK(t.snap().target_state("c") == TargetState::Stopped);
    // What a worker that predates STOPPED wrote.
    t.put(target_state_key("c"), R"({"state":"PAUSED"})");
    CHECK(t.snap().target_state("c") == TargetState::Paused);
    t.put(target_state_key("c"), R"({"state":"STARTED","state.v2":"STOPPED"})");
    CHECK(t.snap().target_state("c") == TargetState::Stopped);  // state.v2 wins
    // A tombstone while the connector is still there: back to STARTED.
    t.put(target_state_key("c"), std::nullopt);
    CHECK(t.snap().target_state("c") == TargetState::Started);
    // A state written before its connector (created paused) sticks.
    t.put(target_state_key("n"), encode_target_state(TargetState::Paused));
    t.connector("n", kConfig);
    CHECK(t.snap().target_state("n") == TargetState::Paused);
}

TEST_CASE("config topic: events only once started, and only for real changes") {
    Topic t;
    // Catching up at start-up: state changes, but nothing is reported.
    CHECK_FALSE(t.connector("c", kConfig).event);
    CHECK_FALSE(t.put(restart_request_key("c"), encode_restart_request({"c", true, true})).event);
    CHECK_FALSE(t.put(logger_level_key("org.x"), encode_logger_level("DEBUG")).event);
    CHECK_FALSE(
        t.put(std::string(kSessionKeyKey), encode_session_key({"k1", "HmacSHA256", 1})).event);
    REQUIRE(t.snap().session_key.has_value());  // but the key is known
    CHECK(t.snap().session_key->key == "k1");

    t.state.mark_started();
    const ConfigApplyResult updated = t.connector("c", kConfig);
    REQUIRE(event_of<ConnectorConfigUpdated>(updated));
    CHECK(event_of<ConnectorConfigUpdated>(updated)->connector == "c");
    const ConfigApplyResult paused =
        t.put(target_state_key("c"), encode_target_state(TargetState::Paused));
    REQUIRE(event_of<TargetStateChanged>(paused));
    CHECK(event_of<TargetStateChanged>(paused)->connector == "c");
    CHECK_FALSE(t.put(target_state_key("c"), encode_target_state(TargetState::Paused)).event);
    // Not for a connector that does not exist yet, nor for a tombstone.
    CHECK_FALSE(t.put(target_state_key("new"), encode_target_state(TargetState::Paused)).event);
    CHECK_FALSE(t.put(target_state_key("c"), std::nullopt).event);
    const ConfigApplyResult restart_record =
        t.put(restart_request_key("c"), encode_restart_request({"c", false, true}));
    const auto* restart = event_of<RestartRequested>(restart_record);
    REQUIRE(restart);
    CHECK(restart->request == RestartRequest{"c", false, true});
    const ConfigApplyResult level_record =
        t.put(logger_level_key("org.x"), encode_logger_level("WARN"));
    const auto* level = event_of<LoggerLevelChanged>(level_record);
    REQUIRE(level);
    CHECK(level->ns == "org.x");
    CHECK(level->level == "WARN");
    const ConfigApplyResult key_record =
        t.put(std::string(kSessionKeyKey), encode_session_key({"k2", "HmacSHA256", 2}));
    REQUIRE(event_of<SessionKeyUpdated>(key_record));
    CHECK(event_of<SessionKeyUpdated>(key_record)->key.key == "k2");
    // A commit of an incomplete set still tells the herder, with no tasks.
    const ConfigApplyResult commit_record = t.commit("c", 1);
    const auto* tasks = event_of<TaskConfigsUpdated>(commit_record);
    REQUIRE(tasks);
    CHECK(tasks->tasks.empty());
    CHECK_FALSE(t.put(task_count_record_key("c"), encode_task_count_record(1)).event);
    const ConfigApplyResult removed = t.put(connector_config_key("c"), std::nullopt);
    REQUIRE(event_of<ConnectorConfigRemoved>(removed));
    CHECK(event_of<ConnectorConfigRemoved>(removed)->connector == "c");

    // deliver() hands each event to the matching listener method.
    struct Listener : ConfigUpdateListener {
        std::vector<std::string> calls;
        void on_connector_config_update(const std::string& c) override {
            calls.push_back("update " + c);
        }
        void on_connector_config_remove(const std::string& c) override {
            calls.push_back("remove " + c);
        }
        void on_task_config_update(const std::string& c, const Tasks& ids) override {
            calls.push_back("tasks " + c + " " + std::to_string(ids.size()));
        }
        void on_target_state_change(const std::string& c) override {
            calls.push_back("state " + c);
        }
        void on_session_key_update(const SessionKey& k) override {
            calls.push_back("key " + k.key);
        }
        void on_restart_request(const RestartRequest& r) override {
            calls.push_back("restart " + r.connector);
        }
        void on_logging_level_update(const std::string& ns, const std::string& level) override {
            calls.push_back("level " + ns + " " + level);
        }
    } listener;
    deliver(ConnectorConfigUpdated{"a"}, listener);
    deliver(ConnectorConfigRemoved{"a"}, listener);
    deliver(TaskConfigsUpdated{"a", {{"a", 0}}}, listener);
    deliver(TargetStateChanged{"a"}, listener);
    deliver(SessionKeyUpdated{{"k", "HmacSHA256", 0}}, listener);
    deliver(RestartRequested{{"a", false, false}}, listener);
    deliver(LoggerLevelChanged{"n", "INFO"}, listener);
    CHECK(listener.calls == std::vector<std::string>{"update a", "remove a", "tasks a 1", "state a",
                                                     "key k", "restart a", "level n INFO"});
}

TEST_CASE("config topic: garbage is logged and skipped, never fatal") {
    Topic t;
    t.connector("c", kConfig);
    t.task("c", 0, "a0");
    t.commit("c", 1);
    const ClusterConfigState before = t.snap();

    // Not JSON: skipped, and the offset stays behind, exactly as Java's does.
    ConfigApplyResult r = t.put(connector_config_key("c"), "{\"properties\":");
    REQUIRE(r.skipped);
    CHECK(r.skipped->find("config record 'connector-c': value is not valid JSON") !=
          std::string::npos);
    CHECK(t.snap().offset == 3);
    r = t.put("whatever", "\xff\xfe");
    CHECK(r.skipped);
    CHECK(t.snap().offset == 3);

    // Valid JSON of the wrong shape: skipped, but the offset moves on.
    const std::vector<std::pair<std::string, std::optional<std::string>>> bad = {
        {connector_config_key("c"), R"({"properties":[]})"},
        {connector_config_key("c"), R"("just a string")"},
        {target_state_key("c"), R"({"state":"SLEEPING"})"},
        {task_config_key({"c", 0}), std::nullopt},
        {task_config_key({"c", 0}), R"({"properties":{"a":{}}})"},
        {"task-c-zero", R"({"properties":{}})"},
        {task_commit_key("c"), std::nullopt},
        {task_commit_key("c"), R"({"tasks":"1"})"},
        {task_count_record_key("c"), R"({"task-count":1.5})"},
        {std::string(kSessionKeyKey), std::nullopt},
        {std::string(kSessionKeyKey), R"({"key":"a","algorithm":"HmacSHA256"})"},
        {restart_request_key("c"), std::nullopt},
        {logger_level_key("x"), R"({"level":null})"},
        {"unknown-key", R"({})"},
        {"", std::nullopt},
    };
    for (const auto& [key, value] : bad) {
        CAPTURE(key);
        std::optional<std::string_view> v;
        if (value) v = *value;
        const int64_t offset = t.next_offset;
        r = t.put(key, v);
        CHECK(r.skipped.has_value());
        CHECK_FALSE(r.event.has_value());
        CHECK(t.snap().offset == offset + 1);
    }
    // None of it changed the state.
    ClusterConfigState after = t.snap();
    after.offset = before.offset;
    CHECK(after.connector_configs == before.connector_configs);
    CHECK(after.target_states == before.target_states);
    CHECK(after.task_configs == before.task_configs);
    CHECK(after.task_counts == before.task_counts);
    CHECK(after.task_count_records == before.task_count_records);
    CHECK_FALSE(after.session_key.has_value());
    CHECK(t.state.deferred().at("c").empty());
    // And the topic reads on normally.
    t.task("c", 0, "b0");
    t.commit("c", 1);
    CHECK(t.marker("c", 0) == "b0");
}

TEST_CASE("config topic: a value of JSON null or no bytes is a tombstone, as Java reads it") {
    Topic t;
    t.connector("c", kConfig);
    t.put(target_state_key("c"), encode_target_state(TargetState::Paused));
    t.put(target_state_key("c"), " null ");
    CHECK(t.snap().target_state("c") == TargetState::Started);
    const ConfigApplyResult r = t.put(connector_config_key("c"), "");
    CHECK_FALSE(r.skipped.has_value());
    CHECK_FALSE(t.snap().contains("c"));
    CHECK(t.snap().offset == 4);
    CHECK(t.put(std::string(kSessionKeyKey), "null").skipped);  // where null is not expected
}

TEST_CASE("config topic: a commit with a bad value keeps the deferred configs for the next one") {
    Topic t;
    t.connector("c", kConfig);
    t.task("c", 0, "a0");
    CHECK(t.commit("c", 1).skipped == std::nullopt);
    t.task("c", 0, "b0");
    CHECK(t.put(task_commit_key("c"), R"({"tasks":true})").skipped);
    CHECK(t.state.deferred().at("c").size() == 1);
    CHECK(t.marker("c", 0) == "a0");
    t.commit("c", 1);
    CHECK(t.marker("c", 0) == "b0");
}
