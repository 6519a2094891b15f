// The standalone herder (Java StandaloneHerder): what differs from a
// distributed one. Connector configs come from the command line and REST and
// live in memory, source offsets in the worker's offset file, statuses in
// memory. Running the connectors and tasks is the worker's
// ConnectorLifecycle; this herder never waits on a plugin: its lock is held
// only to read and write its own maps, and what waits on a connector (a
// replace, a stop, a delete) waits without it, serialised per connector and
// bounded by Java's timeouts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host/herder/worker_herder.hpp"
#include "host/runtime/connector_lifecycle.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host {

class StandaloneHerder : public WorkerHerder, private runtime::LifecycleListener {
  public:
    // How long POST/PUT of a connector wait for it to start and generate its
    // task configs before answering (it goes on starting after that).
    static constexpr std::chrono::milliseconds kStartAnswerTimeout{5000};

    explicit StandaloneHerder(runtime::Worker& worker);
    ~StandaloneHerder() override;

    // After the command-line connectors are created: /health turns healthy.
    void mark_ready();
    // Stops every connector and task within the shutdown timeouts, flushing
    // offsets. Idempotent.
    void stop();

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
    WorkerHealth health() override;

  private:
    // What this herder knows of a connector; guarded by mutex_.
    struct Connector {
        std::string name;
        config::ConfigMap config;  // raw, as given
        TargetState target = TargetState::Started;
        ConnectorType type = ConnectorType::Unknown;
        std::vector<config::ConfigMap> task_configs;
        ConnectState state = ConnectState::Unassigned;
        std::string trace;
        std::map<int, std::pair<ConnectState, std::string>> task_states;  // id -> (state, trace)
    };

    // LifecycleListener: reports from the connectors' and tasks' threads.
    void on_connector_state(const std::string& connector, ConnectState state,
                            const std::string& trace) override;
    void on_task_state(const ConnectorTaskId& id, ConnectState state,
                       const std::string& trace) override;
    void on_tasks_stopped(const std::string& connector) override;
    void on_task_configs(const std::string& connector,
                         const std::vector<config::ConfigMap>& configs) override;
    void on_reconfiguration_request(const std::string& connector) override;
    void on_config_ttls(const std::string& connector,
                        const std::map<std::string, int64_t>& ttls) override;

    Connector& get(const std::string& name);  // 404 when unknown; mutex_ held
    ConnectorType type_of(const config::ConfigMap& config);
    ConnectorInfo info_of(const Connector& c) const;
    ConnectorStateInfo status_of(const Connector& c) const;
    // Serialises the changes of one connector (held while waiting on it).
    std::shared_ptr<std::mutex> operations_of(const std::string& name);
    // The connector's config and target, checking it exists (404).
    std::pair<config::ConfigMap, TargetState> snapshot(const std::string& name);
    // Pause or resume (started) the connector; idempotent.
    void set_target(const std::string& name, TargetState target);
    std::string with_stopped_connector(const std::string& name,
                                       const OffsetChange& change) override;
    void reload_loop();
    void reload_expired(const std::string& name);

    std::timed_mutex mutex_;  // timed: /health gives up after 10 s
    std::map<std::string, Connector> connectors_;
    std::map<std::string, std::shared_ptr<std::mutex>> operations_;
    bool ready_ = false;
    bool stopped_ = false;

    // config.action.reload=restart: (connector, provider path) -> when its values expire.
    std::mutex reload_mutex_;
    std::condition_variable reload_cv_;
    std::map<std::pair<std::string, std::string>, std::chrono::steady_clock::time_point> reloads_;
    bool quit_ = false;
    std::thread reload_thread_;

    // Declared last, so destroyed first: its connectors stop while the maps
    // their reports land in still exist.
    runtime::ConnectorLifecycle lifecycle_;
};

}  // namespace kc::host
