// The connectors and tasks a distributed worker runs: what the group
// assigned to it. The herder decides what runs where; this class starts and
// stops the plugin instances, tells their states to a status sink, and asks
// a running connector for its task configs.
//
// Connectors run on the same ConnectorLifecycle as in standalone mode (each
// on its own thread, Java's timeouts, abandoned when stuck, placeholders kept
// in the task configs they generate); tasks run here apart from their
// connector, since the group may assign them to another worker. Every method
// is called from the herder's tick thread and none waits on connector code;
// stops wait at most Java's timeouts (5 s for a connector,
// task.shutdown.graceful.timeout.ms for tasks together).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/connector_lifecycle.hpp"
#include "host/runtime/lifecycle_listener.hpp"
#include "host/runtime/metrics_listener.hpp"
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
    // A connector already running here is stopped first.
    void start_connector(const std::string& name, const config::ConfigMap& raw_config,
                         TargetState target);
    // Stops the Connector object, waiting at most 5 s (Java's graceful
    // shutdown timeout for connectors); one that does not return in time is
    // abandoned and reported FAILED. Reports nothing otherwise: the worker it
    // moves to reports its state.
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

  private:
    // The lifecycle's listener: states to the sink, generated task configs
    // and reconfiguration requests to the herder's callbacks.
    class HerderLink : public runtime::LifecycleListener {
      public:
        HerderLink(StatusSink& sink, TaskConfigsCallback task_configs,
                   ReconfigureCallback reconfigure)
            : sink_(sink),
              task_configs_(std::move(task_configs)),
              reconfigure_(std::move(reconfigure)) {}
        void on_connector_state(const std::string& connector, ConnectState state,
                                const std::string& trace) override;
        void on_task_state(const ConnectorTaskId& id, ConnectState state,
                           const std::string& trace) override;
        void on_tasks_stopped(const std::string&) override {}
        void on_task_configs(const std::string& connector,
                             const std::vector<config::ConfigMap>& configs) override;
        void on_reconfiguration_request(const std::string& connector) override;
        void on_config_ttls(const std::string& connector,
                            const std::map<std::string, int64_t>& ttls) override;

      private:
        StatusSink& sink_;
        TaskConfigsCallback task_configs_;
        ReconfigureCallback reconfigure_;
    };

    runtime::Worker& worker_;
    HerderLink herder_link_;
    // Task states also land in the worker's metrics, as the lifecycle's do.
    runtime::MetricsListener task_listener_;
    // What task threads report through; cut when this object goes, so a task
    // abandoned on a stuck plugin that returns late reaches nothing.
    std::shared_ptr<runtime::ListenerLink> task_link_;
    std::map<ConnectorTaskId, std::shared_ptr<runtime::TaskDriver>> tasks_;
    runtime::ConnectorLifecycle connectors_;
};

}  // namespace kc::host::distributed
