#include "host/storage/config_records.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "host/storage/internal_json.hpp"
#include "host/storage/java_key_parts.hpp"
#include "host/storage/storage_error.hpp"
#include "kc/values.hpp"

namespace kc::host::storage {
namespace json = internal_json;

namespace {

constexpr std::string_view kTargetStatePrefix = "target-state-";
constexpr std::string_view kConnectorPrefix = "connector-";
constexpr std::string_view kTaskPrefix = "task-";
constexpr std::string_view kCommitPrefix = "commit-";
constexpr std::string_view kRestartPrefix = "restart-connector-";
constexpr std::string_view kTaskCountPrefix = "tasks-fencing-";
constexpr std::string_view kLoggerPrefix = "logger-cluster-";

std::string join(std::string_view prefix, std::string_view name) {
    std::string out;
    out.reserve(prefix.size() + name.size());
    out.append(prefix).append(name);
    return out;
}

// "config record '<key>'", the subject of every decoding message.
std::string subject(std::string_view key) {
    return "config record '" + std::string(key) + "'";
}

// One top-level object field with its JSON already written: {"name":<json>}.
std::string single_field(std::string_view name, std::string_view json_value) {
    std::string out = "{";
    json::append_name(out, name);
    out.append(json_value).push_back('}');
    return out;
}

}  // namespace

std::string connector_config_key(std::string_view connector) {
    return join(kConnectorPrefix, connector);
}
std::string target_state_key(std::string_view connector) {
    return join(kTargetStatePrefix, connector);
}
std::string task_config_key(const ConnectorTaskId& id) {
    return join(kTaskPrefix, id.connector) + "-" + std::to_string(id.task);
}
std::string task_commit_key(std::string_view connector) {
    return join(kCommitPrefix, connector);
}
std::string task_count_record_key(std::string_view connector) {
    return join(kTaskCountPrefix, connector);
}
std::string restart_request_key(std::string_view connector) {
    return join(kRestartPrefix, connector);
}
std::string logger_level_key(std::string_view ns) {
    return join(kLoggerPrefix, ns);
}

std::optional<ConnectorTaskId> parse_task_config_key(std::string_view key) {
    return java_key_parts::task_id(key, 1);
}

ConfigKey parse_config_key(std::string_view key) {
    const auto rest = [&](std::string_view prefix) {
        return std::string(key.substr(prefix.size()));
    };
    if (key.starts_with(kTargetStatePrefix))
        return {ConfigKeyKind::TargetState, rest(kTargetStatePrefix)};
    if (key.starts_with(kConnectorPrefix))
        return {ConfigKeyKind::ConnectorConfig, rest(kConnectorPrefix)};
    if (key.starts_with(kTaskPrefix)) {
        auto id = parse_task_config_key(key);
        if (!id) {
            throw RecordFormatError("config record key '" + std::string(key) +
                                    "' couldn't be parsed as a task config key");
        }
        return {ConfigKeyKind::TaskConfig, std::move(id->connector), id->task};
    }
    if (key.starts_with(kCommitPrefix)) return {ConfigKeyKind::TaskCommit, rest(kCommitPrefix)};
    if (key.starts_with(kRestartPrefix))
        return {ConfigKeyKind::RestartRequest, rest(kRestartPrefix)};
    if (key.starts_with(kTaskCountPrefix))
        return {ConfigKeyKind::TaskCountRecord, rest(kTaskCountPrefix)};
    if (key == kSessionKeyKey) return {ConfigKeyKind::SessionKey, ""};
    if (key.starts_with(kLoggerPrefix)) return {ConfigKeyKind::LoggerLevel, rest(kLoggerPrefix)};
    throw RecordFormatError("config record key '" + std::string(key) + "' is not a known key");
}

// ---- encoding ----

std::string encode_config_properties(const config::ConfigMap& properties) {
    std::string map = "{";
    bool first = true;
    for (const auto& [k, v] : properties) {
        if (!first) map.push_back(',');
        first = false;
        json::append_name(map, k);
        json::append_string(map, v);
    }
    map.push_back('}');
    return single_field("properties", map);
}

std::string encode_task_commit(int32_t task_count) {
    return single_field("tasks", std::to_string(task_count));
}

std::string encode_target_state(TargetState state) {
    const TargetState old_spelling = state == TargetState::Stopped ? TargetState::Paused : state;
    std::string out = "{";
    json::append_name(out, "state");
    json::append_string(out, target_state_name(old_spelling));
    out.push_back(',');
    json::append_name(out, "state.v2");
    json::append_string(out, target_state_name(state));
    out.push_back('}');
    return out;
}

std::string encode_task_count_record(int32_t task_count) {
    return single_field("task-count", std::to_string(task_count));
}

std::string encode_session_key(const SessionKey& key) {
    std::string encoded;
    values::append_base64(encoded, key.key);
    std::string out = "{";
    json::append_name(out, "key");
    json::append_string(out, encoded);
    out.push_back(',');
    json::append_name(out, "algorithm");
    json::append_string(out, key.algorithm);
    out.push_back(',');
    json::append_name(out, "creation-timestamp");
    out.append(std::to_string(key.creation_timestamp_ms)).push_back('}');
    return out;
}

std::string encode_restart_request(const RestartRequest& request) {
    std::string out = "{";
    json::append_name(out, "include-tasks");
    out.append(request.include_tasks ? "true" : "false").push_back(',');
    json::append_name(out, "only-failed");
    out.append(request.only_failed ? "true" : "false").push_back('}');
    return out;
}

std::string encode_logger_level(std::string_view level) {
    std::string quoted;
    json::append_string(quoted, level);
    return single_field("level", quoted);
}

// ---- decoding ----

config::ConfigMap decode_config_properties(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    const rapidjson::Value* props = json::find(record, "properties");
    if (!props || !props->IsObject()) {
        throw RecordFormatError(what + ": field 'properties' should be an object but is " +
                                std::string(props ? json::kind_of(*props) : "missing"));
    }
    config::ConfigMap out;
    for (auto it = props->MemberBegin(); it != props->MemberEnd(); ++it) {
        std::string name(it->name.GetString(), it->name.GetStringLength());
        if (it->value.IsNull()) continue;
        if (!it->value.IsString()) {
            throw RecordFormatError(what + ": property '" + name + "' should be a string but is " +
                                    std::string(json::kind_of(it->value)));
        }
        out.set(std::move(name), std::string(it->value.GetString(), it->value.GetStringLength()));
    }
    return out;
}

TargetState decode_target_state(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    std::string name;
    const rapidjson::Value* v2 = json::find(record, "state.v2");
    if (v2 && v2->IsString()) {
        name.assign(v2->GetString(), v2->GetStringLength());
    } else {
        if (v2 && !v2->IsNull()) {
            // Java logs this and falls back on the older field.
            spdlog::error("{}: field 'state.v2' should be a string but is {}; using 'state'", what,
                          json::kind_of(*v2));
        }
        name = json::required_string(record, "state", what);
    }
    auto state = parse_target_state(name);
    if (!state) throw RecordFormatError(what + ": invalid target state '" + name + "'");
    return *state;
}

int32_t decode_task_commit(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    return json::required_java_int(json::require_object(doc, what), "tasks", what);
}

int32_t decode_task_count_record(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    return json::required_java_int(json::require_object(doc, what), "task-count", what);
}

SessionKey decode_session_key(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    std::string encoded = json::required_string(record, "key", what);
    SessionKey out;
    out.algorithm = json::required_string(record, "algorithm", what);
    out.creation_timestamp_ms = json::required_long(record, "creation-timestamp", what);
    // Java's decoder takes the padding as optional.
    if (encoded.size() % 4 != 1)
        while (encoded.size() % 4 != 0)
            encoded.push_back('=');
    std::string raw(encoded.size() / 4 * 3, '\0');
    const auto n = values::base64_decode(encoded, raw.data());
    if (!n) throw RecordFormatError(what + ": field 'key' is not valid base64");
    raw.resize(*n);
    out.key = std::move(raw);
    return out;
}

RestartRequest decode_restart_request(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    RestartRequest out;
    out.connector = parse_config_key(key).name;
    // Java reads each flag leniently: anything but a boolean means false.
    const auto flag = [&](std::string_view field) {
        const rapidjson::Value* v = json::find(record, field);
        if (v && v->IsBool()) return v->GetBool();
        spdlog::warn("{}: field '{}' should be a boolean but is {}; defaulting to false", what,
                     field, v ? json::kind_of(*v) : "missing");
        return false;
    };
    out.include_tasks = flag("include-tasks");
    out.only_failed = flag("only-failed");
    return out;
}

std::string decode_logger_level(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    return json::required_string(json::require_object(doc, what), "level", what);
}

}  // namespace kc::host::storage
