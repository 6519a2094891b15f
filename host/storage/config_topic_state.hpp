// The config topic's reader (Java KafkaConfigBackingStore's ConsumeCallback)
// as a pure state machine: records go in, in topic order; a snapshot and change
// events come out. The Kafka-topic store feeds it from its consumer, the
// memory store from the records it would have written, so both follow the
// same rules.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "host/storage/cluster_config_state.hpp"
#include "host/storage/config_backing_store.hpp"

namespace kc::host::storage {

// One record of the config topic. A null Kafka key is passed as "" (no
// branch of the reader accepts it); value nullopt is a tombstone.
struct ConfigRecord {
    int64_t offset = 0;
    std::string_view key;
    std::optional<std::string_view> value;
};

// What a record changed, for a herder to react to (one per record at most).
struct ConnectorConfigUpdated {
    std::string connector;
};
struct ConnectorConfigRemoved {
    std::string connector;
};
struct TaskConfigsUpdated {
    std::string connector;
    std::vector<ConnectorTaskId> tasks;  // the ids applied; empty if inconsistent
};
struct TargetStateChanged {
    std::string connector;
};
struct SessionKeyUpdated {
    SessionKey key;
};
struct RestartRequested {
    RestartRequest request;
};
struct LoggerLevelChanged {
    std::string ns;
    std::string level;
};
using ConfigEvent =
    std::variant<ConnectorConfigUpdated, ConnectorConfigRemoved, TaskConfigsUpdated,
                 TargetStateChanged, SessionKeyUpdated, RestartRequested, LoggerLevelChanged>;

// Calls the listener method that matches the event.
void deliver(const ConfigEvent& event, ConfigUpdateListener& listener);

struct ConfigApplyResult {
    // Set only for records applied after mark_started(), and only when Java
    // would call its listener (e.g. not for a target state that did not change).
    std::optional<ConfigEvent> event;
    // Why the record was ignored (already logged); nullopt when it was used.
    std::optional<std::string> skipped;
};

class ConfigTopicState {
  public:
    // Applies one record. Never throws for bad data: a record with a key or
    // value Java would not accept is logged and skipped. The offset becomes
    // record.offset + 1 for every record whose value is valid JSON (or a
    // tombstone), as in Java; an unparseable value leaves it where it was. A
    // value of JSON null, or of no bytes, counts as a tombstone, as in Java.
    ConfigApplyResult apply(const ConfigRecord& record);

    // From now on records produce events (Java's `started`, set once the
    // store has read the topic to its end at start-up). Until then restart
    // requests and logger levels are dropped: they are not state.
    void mark_started() { started_ = true; }
    bool started() const { return started_; }

    const ClusterConfigState& state() const { return state_; }
    int64_t offset() const { return state_.offset; }
    // Task configs read but not yet committed, per connector (for tests and
    // diagnostics).
    const std::map<std::string, std::map<int32_t, config::ConfigMap>>& deferred() const {
        return deferred_;
    }

  private:
    using Value = std::optional<std::string_view>;
    std::optional<ConfigEvent> apply_target_state(const std::string& connector,
                                                  std::string_view key, Value value);
    std::optional<ConfigEvent> apply_connector_config(const std::string& connector,
                                                      std::string_view key, Value value);
    void apply_task_config(const ConnectorTaskId& id, std::string_view key, Value value);
    std::optional<ConfigEvent> apply_task_commit(const std::string& connector, std::string_view key,
                                                 Value value);
    void apply_task_count_record(const std::string& connector, std::string_view key, Value value);
    std::optional<ConfigEvent> apply_session_key(std::string_view key, Value value);
    std::optional<ConfigEvent> apply_restart_request(std::string_view key, Value value);
    std::optional<ConfigEvent> apply_logger_level(const std::string& ns, std::string_view key,
                                                  Value value);
    void remove_connector(const std::string& connector);

    ClusterConfigState state_;
    std::map<std::string, std::map<int32_t, config::ConfigMap>> deferred_;
    bool started_ = false;
};

}  // namespace kc::host::storage
