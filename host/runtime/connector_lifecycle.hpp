// The connectors and tasks running on this worker, for any herder (Java's
// Worker): start, pause/resume, reconfigure, restart and stop them from a raw
// config and a target state, their states reported to a LifecycleListener.
// Plugin calls run on each connector's own thread (ConnectorRunner); nothing
// here waits on a plugin without Java's timeouts, and a connector that does
// not stop in time is abandoned, so one stuck plugin never holds the herder,
// the REST API, other connectors or shutdown.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/connector_runner.hpp"
#include "host/runtime/lifecycle_listener.hpp"
#include "host/runtime/metrics_listener.hpp"

namespace kc::host::runtime {

class Worker;

class ConnectorLifecycle {
  public:
    using Result = ConnectorRunner::Result;

    // Java's Worker.CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS: how long a
    // Connector's stop() may take (tasks have task.shutdown.graceful.timeout.ms).
    static constexpr std::chrono::milliseconds kConnectorStopTimeout{5000};

    ConnectorLifecycle(Worker& worker, LifecycleListener& listener);
    // stop_all().
    ~ConnectorLifecycle();
    ConnectorLifecycle(const ConnectorLifecycle&) = delete;
    ConnectorLifecycle& operator=(const ConnectorLifecycle&) = delete;

    // Each of these returns at once; the result is done when the plugin calls
    // behind it have returned. Unknown (not running) connectors are started
    // by start_connector only; the others do nothing for them.
    Result start_connector(const std::string& name, const config::ConfigMap& raw,
                           TargetState target);
    Result set_target_state(const std::string& name, TargetState target);
    Result generate_task_configs(const std::string& name);
    Result start_tasks(const std::string& name, std::vector<config::ConfigMap> configs);
    Result restart_connector(const std::string& name);
    Result restart_task(const ConnectorTaskId& id, config::ConfigMap config);

    // Stops the connector's tasks, then its Connector, and waits for them no
    // longer than the timeouts allow; reports `final_state` (stopped or
    // unassigned; nothing when unset: a distributed worker handing the
    // connector to another). A connector that does not stop in time is
    // abandoned and reported failed. Returns false then.
    bool stop_connector(const std::string& name, std::optional<ConnectState> final_state);
    // Every connector at once, sharing the timeouts (worker shutdown).
    void stop_all(std::optional<ConnectState> final_state = ConnectState::Unassigned);

    // The connectors this worker has a runner for (started, or stopped and
    // known), by name.
    bool runs(const std::string& name) const;
    std::vector<std::string> connectors() const;

  private:
    std::shared_ptr<ConnectorRunner> runner(const std::string& name);
    // Waits for a runner told to stop; false when it was abandoned.
    bool await_stopped(const std::string& name, ConnectorRunner& runner, Clock::time_point started);

    Worker& worker_;
    MetricsListener listener_;  // the herder's listener, states also recorded as metrics
    mutable std::mutex mutex_;  // runners_ only; never held while waiting
    std::map<std::string, std::shared_ptr<ConnectorRunner>> runners_;
};

}  // namespace kc::host::runtime
