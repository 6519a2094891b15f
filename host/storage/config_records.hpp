// The config topic's records, as Java's KafkaConfigBackingStore writes and
// reads them: string keys, values of schemaless JsonConverter JSON (compact,
// struct fields in schema order), nullopt for a tombstone. Pure code: the
// topic log that carries these bytes lives elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/core/session_key.hpp"

namespace kc::host::storage {

// A request to restart a connector and maybe its tasks (Java RestartRequest).
struct RestartRequest {
    std::string connector;
    bool only_failed = false;
    bool include_tasks = false;

    friend bool operator==(const RestartRequest&, const RestartRequest&) = default;
};

// ---- keys ----

inline constexpr std::string_view kSessionKeyKey = "session-key";

std::string connector_config_key(std::string_view connector);   // connector-<c>
std::string target_state_key(std::string_view connector);       // target-state-<c>
std::string task_config_key(const ConnectorTaskId& id);         // task-<c>-<n>
std::string task_commit_key(std::string_view connector);        // commit-<c>
std::string task_count_record_key(std::string_view connector);  // tasks-fencing-<c>
std::string restart_request_key(std::string_view connector);    // restart-connector-<c>
std::string logger_level_key(std::string_view ns);              // logger-cluster-<ns>

// What a config-topic key names, classified in the order Java's reader tests
// the prefixes (so "target-state-x" is a target state even though it also
// starts with "t").
enum class ConfigKeyKind {
    TargetState,
    ConnectorConfig,
    TaskConfig,
    TaskCommit,
    RestartRequest,
    TaskCountRecord,
    SessionKey,
    LoggerLevel,
};

struct ConfigKey {
    ConfigKeyKind kind;
    std::string name;  // connector, or the logging namespace; empty for session-key
    int32_t task = 0;  // task_config only
};

// Throws RecordFormatError for a key no branch of Java's reader accepts, or a
// task key whose last '-' part is not an int.
ConfigKey parse_config_key(std::string_view key);

// Java's parse of "task-<c>-<n>": split on '-' (trailing empty parts dropped,
// as String.split does), the last part is the task number and the middle ones
// rejoined with '-' the connector. nullopt where Java gives null.
std::optional<ConnectorTaskId> parse_task_config_key(std::string_view key);

// ---- values ----

// {"properties":{...}} for a connector or a task config, in the map's order.
std::string encode_config_properties(const config::ConfigMap& properties);
// {"tasks":N}
std::string encode_task_commit(int32_t task_count);
// {"state":"STARTED|PAUSED","state.v2":"STARTED|PAUSED|STOPPED"}: STOPPED is
// written as state PAUSED, for workers that predate STOPPED.
std::string encode_target_state(TargetState state);
// {"task-count":N}
std::string encode_task_count_record(int32_t task_count);
// {"key":"<base64>","algorithm":"...","creation-timestamp":ms}
std::string encode_session_key(const SessionKey& key);
// {"include-tasks":b,"only-failed":b}
std::string encode_restart_request(const RestartRequest& request);
// {"level":"..."}
std::string encode_logger_level(std::string_view level);

// Decoders take the record key (for messages) and the value bytes, and throw
// RecordFormatError naming both when the value is not what Java would accept.

// The properties of a connector or task config. A property whose value is
// null is left out (ConfigMap holds no nulls).
config::ConfigMap decode_config_properties(std::string_view key, std::string_view value);
// Java's rule: a string "state.v2" wins; otherwise (absent, null or not a
// string) "state" must be a string. The name must be STARTED, PAUSED or STOPPED.
TargetState decode_target_state(std::string_view key, std::string_view value);
// "tasks" of a commit record (an integer; a Long is narrowed as Java does).
int32_t decode_task_commit(std::string_view key, std::string_view value);
// "task-count" of a tasks-fencing record.
int32_t decode_task_count_record(std::string_view key, std::string_view value);
// A session key: "key" must be base64 (padding optional, as Java's decoder
// allows), "algorithm" a string, "creation-timestamp" an integer.
SessionKey decode_session_key(std::string_view key, std::string_view value);
// A flag that is missing or not a boolean defaults to false (Java warns and
// goes on); `connector` comes from the key.
RestartRequest decode_restart_request(std::string_view key, std::string_view value);
// "level" of a logger-cluster record.
std::string decode_logger_level(std::string_view key, std::string_view value);

}  // namespace kc::host::storage
