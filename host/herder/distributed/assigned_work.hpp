// The connectors and tasks a distributed worker runs: what the group
// assigned to it. The herder decides what runs where; this class starts and
// stops the plugin instances, tells their states to a status sink, and asks
// a running connector for its task configs.
//
// Every method is called from the herder's tick thread. Task threads report
// through the sink from their own threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
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

class AssignedWork : private runtime::TaskStatusListener {
  public:
    // `reconfigure` is called (from any thread) when a running connector asks
    // for its tasks to be reconfigured.
    AssignedWork(runtime::Worker& worker, StatusSink& sink,
                 std::function<void(const std::string&)> reconfigure);
    ~AssignedWork() override;
    AssignedWork(const AssignedWork&) = delete;
    AssignedWork& operator=(const AssignedWork&) = delete;

    // Starts the Connector object per its target state (a STOPPED connector
    // is only reported STOPPED). False when it failed (reported FAILED).
    bool start_connector(const std::string& name, const config::ConfigMap& raw_config,
                         TargetState target);
    void stop_connector(const std::string& name);
    bool runs_connector(const std::string& name) const;
    // The task configs a running connector generates now (raw: placeholders
    // as the connector wrote them). Throws when the connector is not running
    // here or the plugin fails; the message says which.
    std::vector<config::ConfigMap> generate_task_configs(const std::string& name);

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
    struct Connector;
    class ConnectorContext;

    void on_task_state(const ConnectorTaskId& id, ConnectState state,
                       const std::string& trace) override;

    runtime::Worker& worker_;
    StatusSink& sink_;
    std::function<void(const std::string&)> reconfigure_;
    std::map<std::string, std::unique_ptr<Connector>> connectors_;
    std::map<ConnectorTaskId, std::shared_ptr<runtime::TaskDriver>> tasks_;
};

}  // namespace kc::host::distributed
