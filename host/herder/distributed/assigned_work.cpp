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

// Where connector and task threads report. detach() cuts it, and returns only
// when no report is being delivered, so nothing reaches a herder that is gone.
struct AssignedWork::Link : runtime::TaskStatusListener {
    Link(StatusSink& sink, metrics::MetricsRegistry& metrics, TaskConfigsCallback task_configs,
         ReconfigureCallback reconfigure)
        : sink(&sink),
          metrics(metrics),
          task_configs(std::move(task_configs)),
          reconfigure(std::move(reconfigure)) {}

    // States also land in the worker's metrics (connector-metrics status,
    // connect-worker-metrics task counts).
    void on_task_state(const ConnectorTaskId& id, ConnectState state,
                       const std::string& trace) override {
        std::lock_guard lock(mutex);
        if (!sink) return;
        metrics.task_state(id, state);
        sink->task_state(id, state, trace);
    }
    void connector_state(const std::string& name, ConnectState state, const std::string& trace) {
        std::lock_guard lock(mutex);
        if (!sink) return;
        metrics.connector_state(name, state);
        sink->connector_state(name, state, trace);
    }
    void generated(const std::string& name, std::vector<config::ConfigMap> configs) {
        std::lock_guard lock(mutex);
        if (sink) task_configs(name, std::move(configs));
    }
    void reconfigure_requested(const std::string& name) {
        std::lock_guard lock(mutex);
        if (sink) reconfigure(name);
    }
    void detach() {
        std::lock_guard lock(mutex);
        sink = nullptr;
    }

    std::mutex mutex;
    StatusSink* sink;
    metrics::MetricsRegistry& metrics;
    TaskConfigsCallback task_configs;
    ReconfigureCallback reconfigure;
};

// The Connector object's view of the host: reconfiguration requests go to the
// herder, a raised error marks the connector FAILED.
class AssignedWork::ConnectorContext : public InstanceContext {
  public:
    ConnectorContext(std::shared_ptr<Link> link, std::string name)
        : link_(std::move(link)), name_(std::move(name)) {}
    std::string log_prefix() const override { return "[" + name_ + "] "; }
    kc_status request_task_reconfiguration() override {
        link_->reconfigure_requested(name_);
        return KC_OK;
    }
    kc_status raise_error(kc_status status, std::string_view message) override {
        spdlog::error("{}Connector raised an error: {}", log_prefix(), message);
        link_->connector_state(
            name_, ConnectState::failed,
            std::string(runtime::exception_class_for(status)) + ": " + std::string(message));
        return KC_OK;
    }

  private:
    std::shared_ptr<Link> link_;
    std::string name_;
};

// A connector's plugin objects: owned by its call thread's calls (shared), so
// an abandoned thread keeps them alive while it is stuck in them.
struct ConnectorPlugin {
    std::optional<PluginHandle> handle;
    std::unique_ptr<InstanceContext> context;
    std::unique_ptr<ConnectorInstance> instance;
    runtime::ConnectorConfig parsed;
};

struct AssignedWork::Connector {
    explicit Connector(const std::string& name) : thread("connector " + name) {}
    TargetState target = TargetState::started;
    std::shared_ptr<ConnectorPlugin> plugin = std::make_shared<ConnectorPlugin>();
    runtime::PluginCallThread thread;
};

namespace {

// Asks the connector for its task configs and hands them over; on the
// connector's thread.
template <class Link>
void generate(const std::string& name, ConnectorPlugin& plugin, Link& link) {
    if (!plugin.instance) return;
    try {
        auto configs = plugin.instance->task_configs(plugin.parsed.tasks_max);
        if (configs.size() > static_cast<size_t>(plugin.parsed.tasks_max) &&
            plugin.parsed.tasks_max_enforce)
            throw std::runtime_error(
                "The connector " + name + " has generated " + std::to_string(configs.size()) +
                " tasks, which is greater than " + std::to_string(plugin.parsed.tasks_max) +
                ", the maximum number of tasks it is configured to create.");
        std::vector<config::ConfigMap> out;
        for (const auto& m : configs) {
            config::ConfigMap& tc = out.emplace_back();
            for (const auto& [k, v] : m)
                tc.set(k, v);
        }
        link.generated(name, std::move(out));
    } catch (const std::exception& e) {
        spdlog::error("[{}] Failed to generate task configs: {}", name, e.what());
        link.connector_state(name, ConnectState::failed, connect_exception(e));
    }
}

}  // namespace

AssignedWork::AssignedWork(runtime::Worker& worker, StatusSink& sink,
                           TaskConfigsCallback task_configs, ReconfigureCallback reconfigure)
    : worker_(worker),
      link_(std::make_shared<Link>(sink, worker.metrics(), std::move(task_configs),
                                   std::move(reconfigure))) {}

AssignedWork::~AssignedWork() {
    stop_all();
    link_->detach();
}

void AssignedWork::start_connector(const std::string& name, const config::ConfigMap& raw_config,
                                   TargetState target) {
    stop_connector(name);
    auto c = std::make_unique<Connector>(name);
    c->target = target;
    if (target == TargetState::stopped) {
        connectors_[name] = std::move(c);
        link_->connector_state(name, ConnectState::stopped, "");
        return;
    }
    // Until start() returns the connector is UNASSIGNED, as the standalone
    // worker reports it.
    link_->connector_state(name, ConnectState::unassigned, "");
    c->thread.post([this_worker = &worker_, link = link_, plugin = c->plugin, name, raw_config,
                    target](runtime::CallResult&) {
        try {
            const config::ConfigMap resolved = this_worker->resolve(raw_config);
            plugin->handle =
                this_worker->registry().resolve_connector(resolved.get_or("connector.class", ""));
            const bool sink = plugin->handle->descriptor()->kind == KC_KIND_SINK_CONNECTOR;
            std::vector<runtime::ConfigProblem> problems;
            plugin->parsed = runtime::parse_connector_config(resolved, sink, problems);
            if (!problems.empty())
                throw std::runtime_error(problems.front().key + ": " + problems.front().message);
            const PluginInfo& info = plugin->handle->info();
            this_worker->metrics().describe_connector(
                name, {info.class_name, sink ? "sink" : "source", info.version});
            plugin->context = std::make_unique<ConnectorContext>(link, name);
            plugin->instance =
                std::make_unique<ConnectorInstance>(*plugin->handle, plugin->context.get());
            plugin->instance->start(*ConfigEntries(resolved).get());
            this_worker->metrics().connector_startup(true);
            spdlog::info("[{}] Connector started ({})", name, plugin->handle->info().class_name);
            link->connector_state(name, running_state(target), "");
        } catch (const std::exception& e) {
            this_worker->metrics().connector_startup(false);
            spdlog::error("[{}] Failed to start connector: {}", name, e.what());
            link->connector_state(name, ConnectState::failed, connect_exception(e));
            plugin->instance.reset();
            return;
        }
        generate(name, *plugin, *link);
    });
    connectors_[name] = std::move(c);
}

void AssignedWork::stop_connector(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return;
    Connector& c = *it->second;
    c.thread.post([plugin = c.plugin, name](runtime::CallResult&) {
        if (!plugin->instance) return;
        try {
            plugin->instance->stop();
        } catch (const std::exception& e) {
            spdlog::error("[{}] Connector stop failed: {}", name, e.what());
        }
        plugin->instance.reset();
        spdlog::info("[{}] Connector stopped", name);
    });
    if (!c.thread.finish(runtime::Clock::now() + kConnectorStopTimeout)) {
        spdlog::error("[{}] Connector did not stop within {} ms: abandoned", name,
                      kConnectorStopTimeout.count());
        link_->connector_state(name, ConnectState::failed,
                               "org.apache.kafka.connect.errors.ConnectException: Connector " +
                                   name + " did not stop within its graceful shutdown timeout (" +
                                   std::to_string(kConnectorStopTimeout.count()) + " ms)");
    }
    connectors_.erase(it);
    // Java closes a connector's metric groups when it leaves the worker.
    worker_.metrics().remove_connector(name);
}

bool AssignedWork::runs_connector(const std::string& name) const {
    return connectors_.count(name) != 0;
}

void AssignedWork::generate_task_configs(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return;
    it->second->thread.post([plugin = it->second->plugin, link = link_,
                             name](runtime::CallResult&) { generate(name, *plugin, *link); });
}

bool AssignedWork::start_task(const ConnectorTaskId& id,
                              const config::ConfigMap& raw_connector_config,
                              const config::ConfigMap& raw_task_config, TargetState target) {
    stop_tasks({id});
    link_->on_task_state(id, ConnectState::unassigned, "");
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
        // The task's thread keeps the link alive: it may outlive this object.
        auto driver =
            worker_.create_task(id, handle, parsed, resolved, task_config,
                                std::shared_ptr<runtime::TaskStatusListener>(link_), target);
        driver->start();
        worker_.metrics().task_startup(true);
        tasks_[id] = std::move(driver);
        return true;
    } catch (const std::exception& e) {
        worker_.metrics().task_startup(false);
        spdlog::error("[{}-{}] Failed to start task: {}", id.connector, id.task, e.what());
        link_->on_task_state(id, ConnectState::failed, connect_exception(e));
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
    auto it = connectors_.find(connector);
    if (it != connectors_.end() && it->second->target != TargetState::stopped) {
        it->second->target = target;
        link_->connector_state(connector, running_state(target), "");
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

}  // namespace kc::host::distributed
