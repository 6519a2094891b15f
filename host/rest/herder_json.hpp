// Herder result structs <-> Java's REST JSON shapes.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "host/herder/herder.hpp"
#include "host/rest/json_io.hpp"

namespace kc::host::rest {

// Keys whose values are PASSWORD-typed for this connector (Herder::passwordKeys).
using SecretKeys = std::set<std::string>;

// What replaces a PASSWORD value in every response (Java uses it in validate and logs).
inline constexpr const char* kHiddenValue = "[hidden]";

// Java (KAFKA-5117) returns PASSWORD values in clear from GET config and GET tasks and hides
// them only in validate responses and logs. This project's requirement is stricter: PASSWORD
// values are never returned in clear, so config, info, tasks and validate responses all mask.
//
// The text shown for config value `key`: "[hidden]" when the key is a secret, unless the value
// is only a config provider reference such as ${file:/secrets:db.password}, which reveals
// nothing and must stay visible so configs round-trip.
std::string shown_value(const std::string& key, const std::string& value,
                        const SecretKeys& secrets);

const char* connector_type_name(ConnectorType type);

void write_config(JsonWriter& w, const config::ConfigMap& config, const SecretKeys& secrets);
void write_connector_info(JsonWriter& w, const ConnectorInfo& info, const SecretKeys& secrets);
void write_task_state(JsonWriter& w, const TaskState& task);
void write_connector_status(JsonWriter& w, const ConnectorStateInfo& status);
void write_task_infos(JsonWriter& w, const std::vector<TaskInfo>& tasks, const SecretKeys& secrets);
// Deprecated GET /connectors/{c}/tasks-config shape: {"<c>-<n>": {config}}.
void write_tasks_config(JsonWriter& w, const std::vector<TaskInfo>& tasks,
                        const SecretKeys& secrets);

void write_offsets(JsonWriter& w, const std::vector<ConnectorOffset>& offsets);
// {"offsets":[{"partition":{..},"offset":{..}|null}]} -> entries; 400 on any other shape.
std::vector<ConnectorOffset> offsets_from_json(const rapidjson::Value& body);

void write_config_key_info(JsonWriter& w, const ConfigKeyInfo& key);
// Values of PASSWORD-typed definitions are written as "[hidden]".
void write_config_infos(JsonWriter& w, const ConfigInfos& infos);
void write_plugins(JsonWriter& w, const std::vector<ConnectorPluginInfo>& plugins);

// Runs `fill` on a fresh writer and returns the text.
template <class Fill>
std::string json_text(Fill&& fill) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    fill(w);
    return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace kc::host::rest
