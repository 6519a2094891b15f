// One connector on this worker (Java's WorkerConnector, with its tasks): the
// Connector instance and its task drivers. Every lifecycle call (initialize,
// start, taskConfigs, stop, and the task starts and stops around them) runs on
// the connector's own PluginCallThread, in the order asked, so a plugin that
// blocks holds up only its own connector. Each operation returns at once;
// ConnectorLifecycle decides how long to wait and when to give up.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/lifecycle_listener.hpp"
#include "host/runtime/plugin_call_thread.hpp"

namespace kc::host::runtime {

class Worker;

class ConnectorRunner {
  public:
    using Result = std::shared_ptr<CallResult>;

    ConnectorRunner(Worker& worker, std::string name, LifecycleListener& listener);
    ConnectorRunner(const ConnectorRunner&) = delete;
    ConnectorRunner& operator=(const ConnectorRunner&) = delete;
    // Abandons the thread if it is still busy (use finish() to wait first).
    ~ConnectorRunner();

    // Resolves `raw`, starts the Connector in `target` (stopped: only reports
    // STOPPED) and generates its task configs (LifecycleListener::on_task_configs).
    Result start(config::ConfigMap raw, TargetState target);
    // Pause or resume the connector and its tasks.
    Result set_target_state(TargetState target);
    Result generate_task_configs();
    // Stops the running tasks, then starts one per config.
    Result start_tasks(std::vector<config::ConfigMap> configs);
    // The Connector object alone; tasks keep running.
    Result restart_connector();
    Result restart_task(int task, config::ConfigMap config);
    // Tasks (task.shutdown.graceful.timeout.ms in all), then the Connector
    // (`connector_timeout`); reports `final_state`. The call moves its own
    // deadline per stage, so finish() waits for exactly what it allows.
    Result stop(std::optional<ConnectState> final_state,
                std::chrono::milliseconds connector_timeout);

    // Takes no more operations and waits for those queued until `deadline`
    // (or a later deadline the running call set). False when the thread was
    // abandoned: its reports are dropped from then on.
    bool finish(Clock::time_point deadline);

  private:
    struct State;
    std::shared_ptr<State> state_;
    PluginCallThread thread_;
};

}  // namespace kc::host::runtime
