#include "host/runtime/connector_lifecycle.hpp"

#include <spdlog/spdlog.h>

#include "host/runtime/worker.hpp"

namespace kc::host::runtime {

ConnectorLifecycle::ConnectorLifecycle(Worker& worker, LifecycleListener& listener)
    : worker_(worker), listener_(listener, worker.metrics()) {}

ConnectorLifecycle::~ConnectorLifecycle() {
    stop_all();
}

std::shared_ptr<ConnectorRunner> ConnectorLifecycle::runner(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = runners_.find(name);
    return it == runners_.end() ? nullptr : it->second;
}

ConnectorLifecycle::Result ConnectorLifecycle::start_connector(const std::string& name,
                                                               const config::ConfigMap& raw,
                                                               TargetState target) {
    std::shared_ptr<ConnectorRunner> r;
    {
        std::lock_guard lock(mutex_);
        auto& slot = runners_[name];
        if (!slot) slot = std::make_shared<ConnectorRunner>(worker_, name, listener_);
        r = slot;
    }
    return r->start(raw, target);
}

ConnectorLifecycle::Result ConnectorLifecycle::set_target_state(const std::string& name,
                                                                TargetState target) {
    auto r = runner(name);
    return r ? r->set_target_state(target) : CallResult::completed();
}

ConnectorLifecycle::Result ConnectorLifecycle::generate_task_configs(const std::string& name) {
    auto r = runner(name);
    return r ? r->generate_task_configs() : CallResult::completed();
}

ConnectorLifecycle::Result ConnectorLifecycle::start_tasks(const std::string& name,
                                                           std::vector<config::ConfigMap> configs) {
    auto r = runner(name);
    return r ? r->start_tasks(std::move(configs)) : CallResult::completed();
}

ConnectorLifecycle::Result ConnectorLifecycle::restart_connector(const std::string& name) {
    auto r = runner(name);
    return r ? r->restart_connector() : CallResult::completed();
}

ConnectorLifecycle::Result ConnectorLifecycle::restart_task(const ConnectorTaskId& id,
                                                            config::ConfigMap config) {
    auto r = runner(id.connector);
    return r ? r->restart_task(id.task, std::move(config)) : CallResult::completed();
}

bool ConnectorLifecycle::await_stopped(const std::string& name, ConnectorRunner& runner,
                                       Clock::time_point started) {
    // A call still running (a start() that never returns) gets the
    // connector's timeout to let the stop begin; the stop then sets its own.
    if (runner.finish(started + kConnectorStopTimeout)) return true;
    spdlog::error(
        "[{}] Connector failed to properly shut down, has become unresponsive, and may be "
        "consuming external resources. Correct the configuration for this connector or remove "
        "the connector. After fixing the connector, it may be necessary to restart this worker "
        "to release any consumed resources.",
        name);
    listener_.on_connector_state(
        name, ConnectState::Failed,
        "org.apache.kafka.connect.errors.ConnectException: Connector " + name +
            " did not stop within its graceful shutdown timeout (tasks " +
            std::to_string(worker_.config().task_shutdown_graceful_timeout_ms()) +
            " ms, connector " + std::to_string(kConnectorStopTimeout.count()) +
            " ms) and was abandoned");
    return false;
}

bool ConnectorLifecycle::stop_connector(const std::string& name,
                                        std::optional<ConnectState> final_state) {
    std::shared_ptr<ConnectorRunner> r;
    {
        std::lock_guard lock(mutex_);
        auto it = runners_.find(name);
        if (it != runners_.end()) {
            r = std::move(it->second);
            runners_.erase(it);
        }
    }
    if (!r) {
        if (final_state) listener_.on_connector_state(name, *final_state, "");
        return true;
    }
    const auto started = Clock::now();
    r->stop(final_state, kConnectorStopTimeout);
    const bool stopped = await_stopped(name, *r, started);
    // Java closes a connector's metric groups when it leaves the worker (a
    // stopped connector stays, reporting STOPPED).
    if (final_state != ConnectState::Stopped) worker_.metrics().remove_connector(name);
    return stopped;
}

void ConnectorLifecycle::stop_all(std::optional<ConnectState> final_state) {
    std::map<std::string, std::shared_ptr<ConnectorRunner>> runners;
    {
        std::lock_guard lock(mutex_);
        runners.swap(runners_);
    }
    // All are told first, so they stop side by side within one set of timeouts.
    const auto started = Clock::now();
    for (auto& [name, r] : runners)
        r->stop(final_state, kConnectorStopTimeout);
    for (auto& [name, r] : runners)
        await_stopped(name, *r, started);
}

bool ConnectorLifecycle::runs(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return runners_.count(name) != 0;
}

std::vector<std::string> ConnectorLifecycle::connectors() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, r] : runners_)
        names.push_back(name);
    return names;
}

}  // namespace kc::host::runtime
