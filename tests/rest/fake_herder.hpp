// An in-memory Herder for REST tests: enough Java semantics to drive every endpoint's success
// and error paths, and a record of what the REST layer asked for.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/herder/herder.hpp"

namespace kc::host::test {

class FakeHerder : public Herder {
  public:
    struct Connector {
        config::ConfigMap config;
        ConnectState target = ConnectState::Running;  // running, paused or stopped
        int tasks = 1;
        std::vector<ConnectorOffset> offsets;
    };

    // What the REST layer passed on its last calls.
    struct Calls {
        std::optional<TargetState> initial_state;
        bool allow_replace = false;
        bool include_tasks = false;
        bool only_failed = false;
        ConfigPatch patch;
        config::ConfigMap validated;
        std::vector<ConnectorOffset> altered;
        std::optional<ConnectorTaskId> restarted_task;
        bool connectors_only = false;
        int connector_restarts = 0;
    };

    Calls calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    Connector connector(const std::string& name) {
        std::lock_guard lock(mutex_);
        return get(name);
    }
    void set_health(WorkerHealth h) {
        std::lock_guard lock(mutex_);
        health_ = std::move(h);
    }
    void set_topic_tracking(bool enabled) {
        std::lock_guard lock(mutex_);
        topic_tracking_ = enabled;
    }

    std::vector<std::string> connectors() override;
    ConnectorInfo connectorInfo(const std::string& name) override;
    config::ConfigMap connectorConfig(const std::string& name) override;
    PutConnectorResult putConnectorConfig(const std::string& name, const config::ConfigMap& config,
                                          bool allowReplace,
                                          std::optional<TargetState> initialState) override;
    ConnectorInfo patchConnectorConfig(const std::string& name, const ConfigPatch& patch) override;
    void deleteConnector(const std::string& name) override;
    ConnectorStateInfo connectorStatus(const std::string& name) override;
    std::vector<TaskInfo> taskConfigs(const std::string& name) override;
    TaskState taskStatus(const ConnectorTaskId& id) override;
    void pauseConnector(const std::string& name) override;
    void resumeConnector(const std::string& name) override;
    void stopConnector(const std::string& name) override;
    std::optional<ConnectorStateInfo> restartConnector(const std::string& name, bool includeTasks,
                                                       bool onlyFailed) override;
    void restartTask(const ConnectorTaskId& id) override;
    std::vector<std::string> connectorActiveTopics(const std::string& name) override;
    void resetConnectorActiveTopics(const std::string& name) override;
    std::vector<ConnectorOffset> connectorOffsets(const std::string& name) override;
    std::string alterConnectorOffsets(const std::string& name,
                                      const std::vector<ConnectorOffset>& offsets) override;
    std::string resetConnectorOffsets(const std::string& name) override;
    ConfigInfos validateConnectorConfig(const config::ConfigMap& config) override;
    std::vector<ConnectorPluginInfo> connectorPlugins(bool connectorsOnly) override;
    std::vector<ConfigKeyInfo> connectorPluginConfig(const std::string& plugin) override;
    std::set<std::string> passwordKeys(const std::string& name) override;
    std::string kafkaClusterId() override { return "fake-cluster-id"; }
    WorkerHealth health() override {
        std::lock_guard lock(mutex_);
        return health_;
    }

  private:
    Connector& get(const std::string& name);
    ConnectorType type_of(const Connector& c) const;
    ConnectorStateInfo status_of(const std::string& name, const Connector& c) const;
    void validate_or_throw(const config::ConfigMap& config) const;
    void require_stopped(const std::string& name, const Connector& c) const;

    std::mutex mutex_;
    std::map<std::string, Connector> connectors_;
    Calls calls_;
    WorkerHealth health_{"healthy",
                         "Worker has completed startup and is ready to handle requests."};
    bool topic_tracking_ = true;
};

}  // namespace kc::host::test
