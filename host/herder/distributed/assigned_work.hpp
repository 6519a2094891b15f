// The connectors and tasks a distributed worker runs: what the group
// assigned to it. The herder decides what runs where; this class starts and
// stops the plugin instances, tells their states to a status sink, and asks
// a running connector for its task configs.
//
// Every method is called from the herder's tick thread and none waits on
// connector code: each Connector's calls (start, taskConfigs, stop) run on
// its own PluginCallThread, their outcomes arrive through the sink and the
// task-configs callback, and a stop waits at most Java's 5 s before the
// connector is abandoned (reported FAILED). Tasks run on their own threads
// already; their stops share task.shutdown.graceful.timeout.ms.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/plugin_call_thread.hpp"
#include "host/runtime/task_status.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host::distributed {

// Where states go: the status topic, stamped with the worker's generation.
class StatusSink {
  public:
    virtual ~StatusSink() = default;
    virtual void connector_state(const std::string& connector, ConnectState state,
                                 const std::string& trace) = 0;
    virtual void task_state(const ConnectorTaskId& id, ConnectState state,
                            const std::string& trace) = 0;
};

class AssignedWork {
  public:
    // Called from a connector's thread: the task configs it generated after
    // starting or when asked to; and its request to generate them again.
    using TaskConfigsCallback =
        std::function<void(const std::string&, std::vector<config::ConfigMap>)>;
    using ReconfigureCallback = std::function<void(const std::string&)>;

    AssignedWork(runtime::Worker& worker, StatusSink& sink, TaskConfigsCallback task_configs,
                 ReconfigureCallback reconfigure);
    ~AssignedWork();
    AssignedWork(const AssignedWork&) = delete;
    AssignedWork& operator=(const AssignedWork&) = delete;

    // Starts the Connector object per its target state on its own thread
    // (a STOPPED connector is only reported STOPPED); once started, it
    // generates its task configs. Returns at once; failures are reported.
    void start_connector(const std::string& name, const config::ConfigMap& raw_config,
                         TargetState target);
    // Stops the Connector object, waiting at most 5 s (Java's graceful
    // shutdown timeout for connectors); one that does not return in time is
    // abandoned and reported FAILED.
    void stop_connector(const std::string& name);
    bool runs_connector(const std::string& name) const;
    // Asks a running connector for its task configs (raw: placeholders as the
    // connector wrote them); they arrive through the task-configs callback.
    void generate_task_configs(const std::string& name);

    bool start_task(const ConnectorTaskId& id, const config::ConfigMap& raw_connector_config,
                    const config::ConfigMap& raw_task_config, TargetState target);
    // Stops the tasks together, sharing task.shutdown.graceful.timeout.ms.
    void stop_tasks(const std::vector<ConnectorTaskId>& ids);
    bool runs_task(const ConnectorTaskId& id) const;

    // Pause or resume a running connector and its tasks here.
    void set_target_state(const std::string& connector, TargetState target);

    std::vector<std::string> connectors() const;
    std::vector<ConnectorTaskId> tasks() const;
    // Tasks of one connector running here.
    std::vector<ConnectorTaskId> tasks_of(const std::string& connector) const;

    void stop_all();

    // Java's Worker.CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS.
    static constexpr std::chrono::milliseconds kConnectorStopTimeout{5000};

  private:
    struct Connector;
    class ConnectorContext;
    struct Link;

    runtime::Worker& worker_;
    // What connector threads report through; cut when this object goes, so
    // an abandoned thread that returns late reaches nothing.
    std::shared_ptr<Link> link_;
    std::map<std::string, std::unique_ptr<Connector>> connectors_;
    std::map<ConnectorTaskId, std::shared_ptr<runtime::TaskDriver>> tasks_;
};

}  // namespace kc::host::distributed
