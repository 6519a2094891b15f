#include "fake_herder.hpp"

namespace kc::host::test {
namespace {

const char* kSourceClass = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const char* kSinkClass = "org.apache.kafka.connect.file.FileStreamSinkConnector";

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

ConfigKeyInfo key_info(const std::string& name, const std::string& type, bool required) {
    ConfigKeyInfo k;
    k.name = name;
    k.type = type;
    k.required = required;
    if (!required) k.default_value = "";
    k.importance = "HIGH";
    k.documentation = "The " + name + " setting.";
    k.group = "Common";
    k.order = 1;
    k.width = "LONG";
    k.display_name = name;
    return k;
}

}  // namespace

FakeHerder::Connector& FakeHerder::get(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Connector " + name + " not found");
    return it->second;
}

ConnectorType FakeHerder::type_of(const Connector& c) const {
    const std::string cls = c.config.get_or("connector.class", "");
    if (contains(cls, "Sink")) return ConnectorType::Sink;
    if (contains(cls, "Source")) return ConnectorType::Source;
    return ConnectorType::Unknown;
}

ConnectorStateInfo FakeHerder::status_of(const std::string& name, const Connector& c) const {
    ConnectorStateInfo s;
    s.name = name;
    s.type = type_of(c);
    s.connector = {c.target, "fake:8083", std::nullopt};
    const std::string* fail = c.config.find("fail.task");
    for (int i = 0; i < c.tasks; ++i) {
        TaskState t;
        t.id = i;
        t.worker_id = "fake:8083";
        t.state = c.target;
        if (fail && *fail == std::to_string(i)) {
            t.state = ConnectState::Failed;
            t.trace = "org.example.Boom: task died\n\tat org.example.Task.poll";
        }
        s.tasks.push_back(t);
    }
    return s;
}

void FakeHerder::validate_or_throw(const config::ConfigMap& config) const {
    const std::string* cls = config.find("connector.class");
    if (!cls) throw HerderError(400, "Connector config contains no connector type");
    if (*cls == "Broken")
        throw HerderError(400,
                          "Connector configuration is invalid and contains the following 1 "
                          "error(s):\nInvalid value Broken for configuration connector.class\n");
}

void FakeHerder::require_stopped(const std::string& name, const Connector& c) const {
    if (c.target != ConnectState::Stopped)
        throw HerderError(400,
                          "Connectors must be in the STOPPED state before their offsets can be "
                          "modified. This can be done for the specified connector by issuing a "
                          "'PUT' request to the '/connectors/" +
                              name + "/stop' endpoint");
}

std::vector<std::string> FakeHerder::connectors() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [n, c] : connectors_)
        out.push_back(n);
    return out;
}

ConnectorInfo FakeHerder::connectorInfo(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    ConnectorInfo info{name, c.config, {}, type_of(c)};
    for (int i = 0; i < c.tasks; ++i)
        info.tasks.push_back({name, i});
    return info;
}

config::ConfigMap FakeHerder::connectorConfig(const std::string& name) {
    std::lock_guard lock(mutex_);
    return get(name).config;
}

PutConnectorResult FakeHerder::putConnectorConfig(const std::string& name,
                                                  const config::ConfigMap& config,
                                                  bool allowReplace,
                                                  std::optional<TargetState> initialState) {
    std::lock_guard lock(mutex_);
    calls_.allow_replace = allowReplace;
    calls_.initial_state = initialState;
    validate_or_throw(config);
    bool exists = connectors_.count(name) > 0;
    if (exists && !allowReplace) throw HerderError(409, "Connector " + name + " already exists");
    Connector& c = connectors_[name];
    c.config = config;
    if (!exists && initialState == TargetState::Paused) c.target = ConnectState::Paused;
    if (!exists && initialState == TargetState::Stopped) c.target = ConnectState::Stopped;
    c.tasks = c.target == ConnectState::Stopped ? 0 : std::stoi(config.get_or("tasks.max", "1"));
    ConnectorInfo info{name, c.config, {}, type_of(c)};
    for (int i = 0; i < c.tasks; ++i)
        info.tasks.push_back({name, i});
    return {!exists, info};
}

ConnectorInfo FakeHerder::patchConnectorConfig(const std::string& name, const ConfigPatch& patch) {
    config::ConfigMap merged;
    {
        std::lock_guard lock(mutex_);
        calls_.patch = patch;
        merged = get(name).config;
    }
    for (const auto& [k, v] : patch) {
        if (v)
            merged.set(k, *v);
        else
            merged.erase(k);
    }
    return putConnectorConfig(name, merged, true, std::nullopt).info;
}

void FakeHerder::deleteConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    get(name);
    connectors_.erase(name);
}

ConnectorStateInfo FakeHerder::connectorStatus(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "No status found for connector " + name);
    return status_of(name, it->second);
}

std::vector<TaskInfo> FakeHerder::taskConfigs(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    std::vector<TaskInfo> out;
    for (int i = 0; i < c.tasks; ++i) {
        config::ConfigMap cfg = c.config;
        cfg.set("task.id", std::to_string(i));
        out.push_back({{name, i}, cfg});
    }
    return out;
}

TaskState FakeHerder::taskStatus(const ConnectorTaskId& id) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    if (it == connectors_.end() || id.task >= it->second.tasks)
        throw HerderError(
            404, "No status found for task " + id.connector + "-" + std::to_string(id.task));
    return status_of(id.connector, it->second).tasks[id.task];
}

void FakeHerder::pauseConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    get(name).target = ConnectState::Paused;
}

void FakeHerder::resumeConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    c.target = ConnectState::Running;
    c.tasks = std::stoi(c.config.get_or("tasks.max", "1"));
}

void FakeHerder::stopConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    c.target = ConnectState::Stopped;
    c.tasks = 0;
}

std::optional<ConnectorStateInfo> FakeHerder::restartConnector(const std::string& name,
                                                               bool includeTasks, bool onlyFailed) {
    std::lock_guard lock(mutex_);
    calls_.include_tasks = includeTasks;
    calls_.only_failed = onlyFailed;
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Unknown connector: " + name);
    ++calls_.connector_restarts;
    if (!includeTasks && !onlyFailed) return std::nullopt;
    auto status = status_of(name, it->second);
    if (!onlyFailed || status.connector.state == ConnectState::Failed)
        status.connector.state = ConnectState::Restarting;
    if (includeTasks)
        for (auto& t : status.tasks)
            if (!onlyFailed || t.state == ConnectState::Failed) t.state = ConnectState::Restarting;
    return status;
}

void FakeHerder::restartTask(const ConnectorTaskId& id) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    if (it == connectors_.end() || id.task >= it->second.tasks)
        throw HerderError(404, "Unknown task: " + id.connector + "-" + std::to_string(id.task));
    calls_.restarted_task = id;
}

std::vector<std::string> FakeHerder::connectorActiveTopics(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (!topic_tracking_) throw HerderError(403, "Topic tracking is disabled.");
    auto& c = get(name);
    if (const std::string* topic = c.config.find("topic")) return {*topic};
    return {};
}

void FakeHerder::resetConnectorActiveTopics(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (!topic_tracking_) throw HerderError(403, "Topic tracking reset is disabled.");
    get(name);
}

std::vector<ConnectorOffset> FakeHerder::connectorOffsets(const std::string& name) {
    std::lock_guard lock(mutex_);
    return get(name).offsets;
}

std::string FakeHerder::alterConnectorOffsets(const std::string& name,
                                              const std::vector<ConnectorOffset>& offsets) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    require_stopped(name, c);
    calls_.altered = offsets;
    c.offsets = offsets;
    return "The offsets for this connector have been altered successfully";
}

std::string FakeHerder::resetConnectorOffsets(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& c = get(name);
    require_stopped(name, c);
    c.offsets.clear();
    return "The offsets for this connector have been reset successfully";
}

ConfigInfos FakeHerder::validateConnectorConfig(const config::ConfigMap& config) {
    {
        std::lock_guard lock(mutex_);
        calls_.validated = config;
    }
    validate_or_throw(config);
    ConfigInfos infos;
    infos.name = config.get_or("connector.class", "");
    infos.groups = {"Common"};
    for (const auto& [k, v] : config) {
        ConfigInfo info;
        info.definition = key_info(k, contains(k, "password") ? "PASSWORD" : "STRING", false);
        info.value.name = k;
        info.value.value = v;
        if (k == "tasks.max" && v.find_first_not_of("0123456789") != std::string::npos) {
            info.value.errors.push_back("Invalid value " + v + " for configuration tasks.max");
            ++infos.error_count;
        }
        infos.configs.push_back(info);
    }
    return infos;
}

std::vector<ConnectorPluginInfo> FakeHerder::connectorPlugins(bool connectorsOnly) {
    {
        std::lock_guard lock(mutex_);
        calls_.connectors_only = connectorsOnly;
    }
    std::vector<ConnectorPluginInfo> out{{kSinkClass, "sink", "3.9.0"},
                                         {kSourceClass, "source", "3.9.0"}};
    if (!connectorsOnly)
        out.push_back({"org.apache.kafka.connect.json.JsonConverter", "converter", "undefined"});
    return out;
}

std::vector<ConfigKeyInfo> FakeHerder::connectorPluginConfig(const std::string& plugin) {
    if (plugin == kSourceClass || plugin == "FileStreamSource")
        return {key_info("file", "STRING", false), key_info("topic", "LIST", true)};
    if (plugin == "org.apache.kafka.connect.storage.FileOffsetBackingStore")
        throw HerderError(400, "Invalid plugin class " + plugin +
                                   ". Valid types are sink, source, converter, header_converter, "
                                   "transformation, predicate.");
    throw HerderError(404, "Unknown plugin " + plugin + ".");
}

std::set<std::string> FakeHerder::passwordKeys(const std::string& name) {
    std::lock_guard lock(mutex_);
    std::set<std::string> out;
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return out;
    for (const auto& [k, v] : it->second.config)
        if (contains(k, "password")) out.insert(k);
    return out;
}

}  // namespace kc::host::test
