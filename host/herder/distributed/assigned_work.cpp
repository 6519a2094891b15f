#include "host/herder/distributed/assigned_work.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "host/plugins/instances.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/error_handler.hpp"

namespace kc::host::distributed {
namespace {

std::string connect_exception(const std::exception& e) {
    std::string trace = "org.apache.kafka.connect.errors.ConnectException: ";
    trace += e.what();
    if (auto* pe = dynamic_cast<const PluginError*>(&e); pe && !pe->trace.empty())
        trace += "\nCaused by: " + pe->trace;
    return trace;
}

ConnectState running_state(TargetState target) {
    return target == TargetState::paused ? ConnectState::paused : ConnectState::running;
}

}  // namespace

// The Connector object's view of the host: reconfiguration requests go to the
// herder, a raised error marks the connector FAILED.
class AssignedWork::ConnectorContext : public InstanceContext {
  public:
    ConnectorContext(AssignedWork& owner, std::string name)
        : owner_(owner), name_(std::move(name)) {}
    std::string log_prefix() const override { return "[" + name_ + "] "; }
    kc_status request_task_reconfiguration() override {
        owner_.reconfigure_(name_);
        return KC_OK;
    }
    kc_status raise_error(kc_status status, std::string_view message) override {
        spdlog::error("{}Connector raised an error: {}", log_prefix(), message);
        owner_.sink_.connector_state(
            name_, ConnectState::failed,
            std::string(runtime::exception_class_for(status)) + ": " + std::string(message));
        return KC_OK;
    }

  private:
    AssignedWork& owner_;
    std::string name_;
};

struct AssignedWork::Connector {
    TargetState target = TargetState::started;
    std::optional<PluginHandle> handle;
    std::unique_ptr<ConnectorContext> context;
    std::unique_ptr<ConnectorInstance> instance;
    runtime::ConnectorConfig parsed;
};

AssignedWork::AssignedWork(runtime::Worker& worker, StatusSink& sink,
                           std::function<void(const std::string&)> reconfigure)
    : worker_(worker), sink_(sink), reconfigure_(std::move(reconfigure)) {}

AssignedWork::~AssignedWork() {
    stop_all();
}

bool AssignedWork::start_connector(const std::string& name, const config::ConfigMap& raw_config,
                                   TargetState target) {
    stop_connector(name);
    auto c = std::make_unique<Connector>();
    c->target = target;
    if (target == TargetState::stopped) {
        connectors_[name] = std::move(c);
        sink_.connector_state(name, ConnectState::stopped, "");
        return true;
    }
    try {
        const config::ConfigMap resolved = worker_.resolve(raw_config);
        c->handle = worker_.registry().resolve_connector(resolved.get_or("connector.class", ""));
        const bool sink = c->handle->descriptor()->kind == KC_KIND_SINK_CONNECTOR;
        std::vector<runtime::ConfigProblem> problems;
        c->parsed = runtime::parse_connector_config(resolved, sink, problems);
        if (!problems.empty())
            throw std::runtime_error(problems.front().key + ": " + problems.front().message);
        c->context = std::make_unique<ConnectorContext>(*this, name);
        c->instance = std::make_unique<ConnectorInstance>(*c->handle, c->context.get());
        c->instance->start(*ConfigEntries(resolved).get());
        spdlog::info("[{}] Connector started ({})", name, c->handle->info().class_name);
        sink_.connector_state(name, running_state(target), "");
        connectors_[name] = std::move(c);
        return true;
    } catch (const std::exception& e) {
        spdlog::error("[{}] Failed to start connector: {}", name, e.what());
        sink_.connector_state(name, ConnectState::failed, connect_exception(e));
        return false;
    }
}

void AssignedWork::stop_connector(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return;
    if (it->second->instance) {
        try {
            it->second->instance->stop();
        } catch (const std::exception& e) {
            spdlog::error("[{}] Connector stop failed: {}", name, e.what());
        }
        spdlog::info("[{}] Connector stopped", name);
    }
    connectors_.erase(it);
}

bool AssignedWork::runs_connector(const std::string& name) const {
    return connectors_.count(name) != 0;
}

std::vector<config::ConfigMap> AssignedWork::generate_task_configs(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end() || !it->second->instance)
        throw std::runtime_error("Connector " + name + " is not running on this worker");
    Connector& c = *it->second;
    auto configs = c.instance->task_configs(c.parsed.tasks_max);
    if (configs.size() > static_cast<size_t>(c.parsed.tasks_max) && c.parsed.tasks_max_enforce)
        throw std::runtime_error("The connector " + name + " has generated " +
                                 std::to_string(configs.size()) + " tasks, which is greater than " +
                                 std::to_string(c.parsed.tasks_max) +
                                 ", the maximum number of tasks it is configured to create.");
    std::vector<config::ConfigMap> out;
    for (const auto& m : configs) {
        config::ConfigMap& tc = out.emplace_back();
        for (const auto& [k, v] : m)
            tc.set(k, v);
    }
    return out;
}

bool AssignedWork::start_task(const ConnectorTaskId& id,
                              const config::ConfigMap& raw_connector_config,
                              const config::ConfigMap& raw_task_config, TargetState target) {
    stop_tasks({id});
    sink_.task_state(id, ConnectState::unassigned, "");
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
        auto driver = worker_.create_task(id, handle, parsed, resolved, task_config, this, target);
        driver->start();
        tasks_[id] = std::move(driver);
        return true;
    } catch (const std::exception& e) {
        spdlog::error("[{}-{}] Failed to start task: {}", id.connector, id.task, e.what());
        sink_.task_state(id, ConnectState::failed, connect_exception(e));
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
    for (auto& t : stopping)
        if (!t->await_stop(deadline))
            spdlog::warn("[{}-{}] Task did not stop within task.shutdown.graceful.timeout.ms",
                         t->id().connector, t->id().task);
}

bool AssignedWork::runs_task(const ConnectorTaskId& id) const {
    return tasks_.count(id) != 0;
}

void AssignedWork::set_target_state(const std::string& connector, TargetState target) {
    auto it = connectors_.find(connector);
    if (it != connectors_.end() && it->second->instance) {
        it->second->target = target;
        sink_.connector_state(connector, running_state(target), "");
    }
    for (auto& [id, driver] : tasks_)
        if (id.connector == connector) driver->set_target_state(target);
}

std::vector<std::string> AssignedWork::connectors() const {
    std::vector<std::string> out;
    for (const auto& [name, c] : connectors_)
        out.push_back(name);
    return out;
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
    for (const auto& name : connectors())
        stop_connector(name);
}

void AssignedWork::on_task_state(const ConnectorTaskId& id, ConnectState state,
                                 const std::string& trace) {
    sink_.task_state(id, state, trace);
}

}  // namespace kc::host::distributed
