#include "host/herder/distributed/assigned_work.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "host/runtime/connector_config.hpp"
#include "host/runtime/failure_trace.hpp"

namespace kc::host::distributed {

void AssignedWork::HerderLink::on_connector_state(const std::string& connector, ConnectState state,
                                                  const std::string& trace) {
    sink_.connector_state(connector, state, trace);
}

void AssignedWork::HerderLink::on_task_state(const ConnectorTaskId& id, ConnectState state,
                                             const std::string& trace) {
    sink_.task_state(id, state, trace);
}

void AssignedWork::HerderLink::on_task_configs(const std::string& connector,
                                               const std::vector<config::ConfigMap>& configs) {
    task_configs_(connector, configs);
}

void AssignedWork::HerderLink::on_reconfiguration_request(const std::string& connector) {
    reconfigure_(connector);
}

void AssignedWork::HerderLink::on_config_ttls(const std::string& connector,
                                              const std::map<std::string, int64_t>& ttls) {
    // Java's distributed herder schedules a restart of the connector when a
    // provider value expires; here the value is read again at the next
    // restart or rebalance.
    spdlog::info(
        "[{}] {} config provider value(s) expire; config.action.reload is not "
        "scheduled in distributed mode",
        connector, ttls.size());
}

AssignedWork::AssignedWork(runtime::Worker& worker, StatusSink& sink,
                           TaskConfigsCallback task_configs, ReconfigureCallback reconfigure)
    : worker_(worker),
      herder_link_(sink, std::move(task_configs), std::move(reconfigure)),
      task_listener_(herder_link_, worker.metrics()),
      task_link_(std::make_shared<runtime::ListenerLink>(task_listener_)),
      connectors_(worker, herder_link_) {}

AssignedWork::~AssignedWork() {
    stop_all();
    task_link_->detach();
}

void AssignedWork::start_connector(const std::string& name, const config::ConfigMap& raw_config,
                                   TargetState target) {
    stop_connector(name);
    // Until start() returns the connector is UNASSIGNED, as the standalone
    // worker reports it.
    if (target != TargetState::Stopped)
        herder_link_.on_connector_state(name, ConnectState::Unassigned, "");
    connectors_.start_connector(name, raw_config, target);
}

void AssignedWork::stop_connector(const std::string& name) {
    if (connectors_.runs(name)) connectors_.stop_connector(name, std::nullopt);
}

bool AssignedWork::runs_connector(const std::string& name) const {
    return connectors_.runs(name);
}

void AssignedWork::generate_task_configs(const std::string& name) {
    connectors_.generate_task_configs(name);
}

bool AssignedWork::start_task(const ConnectorTaskId& id,
                              const config::ConfigMap& raw_connector_config,
                              const config::ConfigMap& raw_task_config, TargetState target) {
    stop_tasks({id});
    task_link_->on_task_state(id, ConnectState::Unassigned, "");
    try {
        const config::ConfigMap resolved = worker_.resolve(raw_connector_config);
        const config::ConfigMap task_config = worker_.resolve(raw_task_config);
        PluginHandle handle =
            worker_.registry().resolve_connector(resolved.get_or("connector.class", ""));
        const bool sink = handle.descriptor()->kind == KC_KIND_SINK_CONNECTOR;
        std::vector<runtime::ConfigProblem> problems;
        runtime::ConnectorConfig parsed = runtime::parse_connector_config(resolved, sink, problems);
        if (!problems.empty())
            throw std::runtime_error(problems.front().key + ": " + problems.front().message);
        auto driver =
            worker_.create_task(id, handle, parsed, resolved, task_config, task_link_, target);
        driver->start();
        worker_.metrics().task_startup(true);
        tasks_[id] = std::move(driver);
        return true;
    } catch (const std::exception& e) {
        worker_.metrics().task_startup(false);
        spdlog::error("[{}-{}] Failed to start task: {}", id.connector, id.task, e.what());
        task_link_->on_task_state(id, ConnectState::Failed, runtime::failure_trace(e));
        return false;
    }
}

void AssignedWork::stop_tasks(const std::vector<ConnectorTaskId>& ids) {
    std::vector<std::shared_ptr<runtime::TaskDriver>> stopping;
    for (const auto& id : ids) {
        auto it = tasks_.find(id);
        if (it == tasks_.end()) continue;
        it->second->request_stop();
        stopping.push_back(std::move(it->second));
        tasks_.erase(it);
    }
    const auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(worker_.config().task_shutdown_graceful_timeout_ms());
    for (auto& t : stopping) {
        if (!t->await_stop(deadline))
            spdlog::warn("[{}-{}] Task did not stop within task.shutdown.graceful.timeout.ms",
                         t->id().connector, t->id().task);
        worker_.metrics().forget_task(t->id());
    }
}

bool AssignedWork::runs_task(const ConnectorTaskId& id) const {
    return tasks_.count(id) != 0;
}

void AssignedWork::set_target_state(const std::string& connector, TargetState target) {
    connectors_.set_target_state(connector, target);
    for (auto& [id, driver] : tasks_)
        if (id.connector == connector) driver->set_target_state(target);
}

std::vector<std::string> AssignedWork::connectors() const {
    return connectors_.connectors();
}

std::vector<ConnectorTaskId> AssignedWork::tasks() const {
    std::vector<ConnectorTaskId> out;
    for (const auto& [id, t] : tasks_)
        out.push_back(id);
    return out;
}

std::vector<ConnectorTaskId> AssignedWork::tasks_of(const std::string& connector) const {
    std::vector<ConnectorTaskId> out;
    for (const auto& [id, t] : tasks_)
        if (id.connector == connector) out.push_back(id);
    return out;
}

void AssignedWork::stop_all() {
    stop_tasks(tasks());
    connectors_.stop_all(std::nullopt);
}

}  // namespace kc::host::distributed
