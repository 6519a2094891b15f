// The standalone herder (Java StandaloneHerder): connectors and tasks of this
// one worker, configs in memory (from the command line and REST), source
// offsets in the worker's offset store, statuses in memory. Every request is
// serialised by one mutex; task threads report status through a separate lock
// so a request that waits for tasks to stop cannot deadlock with them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host/herder/connector_validator.hpp"
#include "host/herder/herder.hpp"
#include "host/runtime/task_status.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host {

class StandaloneHerder : public Herder, private runtime::TaskStatusListener {
  public:
    explicit StandaloneHerder(runtime::Worker& worker);
    ~StandaloneHerder() override;

    // After the command-line connectors are created: /health turns healthy.
    void mark_ready();
    // Stops every connector and task (tasks get task.shutdown.graceful.timeout.ms
    // in total), flushing offsets. Idempotent.
    void stop();

    std::vector<std::string> connectors() override;
    ConnectorInfo connectorInfo(const std::string& name) override;
    ConfigMap connectorConfig(const std::string& name) override;
    PutConnectorResult putConnectorConfig(const std::string& name, const ConfigMap& config,
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
    ConfigInfos validateConnectorConfig(const ConfigMap& config) override;
    std::vector<ConnectorPluginInfo> connectorPlugins(bool connectorsOnly) override;
    std::vector<ConfigKeyInfo> connectorPluginConfig(const std::string& plugin) override;
    std::set<std::string> passwordKeys(const std::string& name) override;
    std::string kafkaClusterId() override;
    WorkerHealth health() override;

  private:
    struct Connector;
    class ConnectorContext;

    void on_task_state(const ConnectorTaskId& id, runtime::TaskStateKind state,
                       const std::string& trace) override;

    Connector& get(const std::string& name);   // 404 when unknown; lock held
    void start_connector(Connector& c);        // per target state; lock held
    void stop_connector(Connector& c);         // connector and tasks; lock held
    void stop_connector_object(Connector& c);  // the Connector object alone; lock held
    void start_tasks(Connector& c);
    void stop_tasks(Connector& c);
    void set_connector_state(Connector& c, const std::string& state, const std::string& trace);
    void reconfigure_loop();
    // Restarts the Connector object alone (tasks keep running); lock held.
    void restart_connector_object(Connector& c);
    // config.action.reload=restart (Java WorkerConfigTransformer): restart the
    // connector when values from a provider path expire. Lock held.
    void schedule_reloads(const Connector& c, const std::map<std::string, int64_t>& ttls);
    void reload_expired(const std::string& name);
    ConnectorStateInfo status_of(Connector& c);
    std::vector<ConnectorOffset> sink_offsets(Connector& c);
    std::vector<ConnectorOffset> offsets_locked(Connector& c);
    std::string change_offsets(const std::string& name,
                               const std::vector<ConnectorOffset>* offsets);

    runtime::Worker& worker_;
    ConnectorValidator validator_;
    std::timed_mutex mutex_;   // requests (timed: /health gives up after 10 s)
    std::mutex status_mutex_;  // states written by task threads
    std::map<std::string, std::unique_ptr<Connector>> connectors_;
    bool ready_ = false;
    bool stopped_ = false;

    // Connectors asking for task reconfiguration (from any thread).
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<std::string> reconfigure_queue_;
    // (connector, provider path) -> when its values expire.
    std::map<std::pair<std::string, std::string>, std::chrono::steady_clock::time_point> reloads_;
    bool quit_ = false;
    std::thread reconfigure_thread_;
};

}  // namespace kc::host
