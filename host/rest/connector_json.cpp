// JSON for connector info, configs, statuses and task configs.
#include "host/rest/herder_json.hpp"

namespace kc::host::rest {
namespace {

bool is_provider_reference(const std::string& v) {
    return v.size() > 3 && v.compare(0, 2, "${") == 0 && v.back() == '}' &&
           v.find('}') == v.size() - 1 && v.find(':') != std::string::npos;
}

void write_instance_state(JsonWriter& w, const InstanceState& s) {
    write_key(w, "state");
    write_string(w, connect_state_name(s.state));
    write_key(w, "worker_id");
    write_string(w, s.worker_id);
    if (s.trace && !s.trace->empty()) {
        write_key(w, "trace");
        write_string(w, *s.trace);
    }
}

void write_task_id(JsonWriter& w, const ConnectorTaskId& id) {
    w.StartObject();
    write_key(w, "connector");
    write_string(w, id.connector);
    write_key(w, "task");
    w.Int(id.task);
    w.EndObject();
}

}  // namespace

std::string shown_value(const std::string& key, const std::string& value,
                        const SecretKeys& secrets) {
    if (secrets.count(key) == 0 || is_provider_reference(value)) return value;
    return kHiddenValue;
}

const char* connector_type_name(ConnectorType type) {
    switch (type) {
        case ConnectorType::Source:
            return "source";
        case ConnectorType::Sink:
            return "sink";
        case ConnectorType::Unknown:
            break;
    }
    return "unknown";
}

void write_config(JsonWriter& w, const config::ConfigMap& config, const SecretKeys& secrets) {
    w.StartObject();
    for (const auto& [k, v] : config) {
        write_key(w, k);
        write_string(w, shown_value(k, v, secrets));
    }
    w.EndObject();
}

void write_connector_info(JsonWriter& w, const ConnectorInfo& info, const SecretKeys& secrets) {
    w.StartObject();
    write_key(w, "name");
    write_string(w, info.name);
    write_key(w, "config");
    write_config(w, info.config, secrets);
    write_key(w, "tasks");
    w.StartArray();
    for (const auto& t : info.tasks)
        write_task_id(w, t);
    w.EndArray();
    write_key(w, "type");
    write_string(w, connector_type_name(info.type));
    w.EndObject();
}

void write_task_state(JsonWriter& w, const TaskState& task) {
    w.StartObject();
    write_key(w, "id");
    w.Int(task.id);
    write_instance_state(w, task);
    w.EndObject();
}

void write_connector_status(JsonWriter& w, const ConnectorStateInfo& status) {
    w.StartObject();
    write_key(w, "name");
    write_string(w, status.name);
    write_key(w, "connector");
    w.StartObject();
    write_instance_state(w, status.connector);
    w.EndObject();
    write_key(w, "tasks");
    w.StartArray();
    for (const auto& t : status.tasks)
        write_task_state(w, t);
    w.EndArray();
    write_key(w, "type");
    write_string(w, connector_type_name(status.type));
    w.EndObject();
}

void write_task_infos(JsonWriter& w, const std::vector<TaskInfo>& tasks,
                      const SecretKeys& secrets) {
    w.StartArray();
    for (const auto& t : tasks) {
        w.StartObject();
        write_key(w, "id");
        write_task_id(w, t.id);
        write_key(w, "config");
        write_config(w, t.config, secrets);
        w.EndObject();
    }
    w.EndArray();
}

void write_tasks_config(JsonWriter& w, const std::vector<TaskInfo>& tasks,
                        const SecretKeys& secrets) {
    w.StartObject();
    for (const auto& t : tasks) {
        write_key(w, t.id.connector + "-" + std::to_string(t.id.task));
        write_config(w, t.config, secrets);
    }
    w.EndObject();
}

}  // namespace kc::host::rest
