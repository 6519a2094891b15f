#include "host/runtime/connector_runner.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>

#include "host/config/config_transformer.hpp"
#include "host/runtime/failure_trace.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/runtime/task_driver.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host::runtime {
namespace {

// The Connector instance's view of the host: reconfiguration requests and
// raised errors go to the listener, for as long as it listens.
class ConnectorContext : public InstanceContext {
  public:
    ConnectorContext(std::shared_ptr<ListenerLink> link, std::string name)
        : link_(std::move(link)), name_(std::move(name)) {}
    std::string log_prefix() const override { return "[" + name_ + "] "; }
    kc_status request_task_reconfiguration() override {
        link_->deliver([&](LifecycleListener& l) { l.on_reconfiguration_request(name_); });
        return KC_OK;
    }
    kc_status raise_error(kc_status status, std::string_view message) override {
        spdlog::error("{}Connector raised an error: {}", log_prefix(), message);
        const std::string trace =
            std::string(exception_class_for(status)) + ": " + std::string(message);
        failed_ = true;
        link_->deliver([&](LifecycleListener& l) {
            l.on_connector_state(name_, ConnectState::Failed, trace);
        });
        return KC_OK;
    }
    bool failed() const { return failed_; }

  private:
    std::shared_ptr<ListenerLink> link_;
    std::string name_;
    std::atomic<bool> failed_{false};
};

}  // namespace

// Everything the connector's thread works on. Shared by the runner and each
// queued call, so an abandoned thread never outlives what it uses.
struct ConnectorRunner::State {
    State(Worker& w, std::string n, LifecycleListener& listener)
        : worker(w),
          name(std::move(n)),
          link(std::make_shared<ListenerLink>(listener)),
          tasks_link(std::make_shared<ListenerLink>(listener)),
          listener(&listener) {}

    Worker& worker;
    const std::string name;
    std::shared_ptr<ListenerLink> link;
    // Tasks report through a link of their own generation: a task abandoned
    // when its generation stopped cannot report over its successor.
    std::shared_ptr<ListenerLink> tasks_link;  // replaced under links_mutex
    std::mutex links_mutex;
    LifecycleListener* listener;  // only to make fresh task links

    config::ConfigMap raw, resolved;
    ConnectorConfig parsed;
    TargetState target = TargetState::Started;
    std::optional<PluginHandle> handle;
    std::shared_ptr<ConnectorContext> context;
    std::unique_ptr<ConnectorInstance> instance;
    std::vector<std::shared_ptr<TaskDriver>> tasks;

    void report(ConnectState state, const std::string& trace = {}) {
        link->deliver([&](LifecycleListener& l) { l.on_connector_state(name, state, trace); });
    }
    ConnectState running_state() const {
        return target == TargetState::Paused ? ConnectState::Paused : ConnectState::Running;
    }
    Clock::time_point task_deadline() const {
        return Clock::now() +
               std::chrono::milliseconds(worker.config().task_shutdown_graceful_timeout_ms());
    }

    // Placeholders resolved through the config providers (plugin code too).
    std::map<std::string, int64_t> resolve() {
        std::map<std::string, int64_t> ttls;
        resolved = worker.resolve(raw, ttls);
        return ttls;
    }
    void schedule_reloads(const std::map<std::string, int64_t>& ttls) {
        if (parsed.reload_on_expiry && !ttls.empty())
            link->deliver([&](LifecycleListener& l) { l.on_config_ttls(name, ttls); });
    }

    // The Connector object, from the resolved config.
    void start_instance() {
        context = std::make_shared<ConnectorContext>(link, name);
        instance = std::make_unique<ConnectorInstance>(*handle, context.get());
        instance->start(*ConfigEntries(resolved).get());
        spdlog::info("[{}] Connector started ({})", name, handle->info().class_name);
        if (!context->failed()) report(running_state());
    }

    void stop_instance() {
        if (!instance) return;
        try {
            instance->stop();
        } catch (const std::exception& e) {
            spdlog::error("[{}] Connector stop failed: {}", name, e.what());
        }
        instance.reset();
    }

    void start() {
        if (target == TargetState::Stopped) {
            report(ConnectState::Stopped);
            return;
        }
        bool started = false;
        try {
            const auto ttls = resolve();
            handle = worker.registry().resolve_connector(raw.get_or("connector.class", ""));
            const bool sink = handle->descriptor()->kind == KC_KIND_SINK_CONNECTOR;
            std::vector<ConfigProblem> problems;
            parsed = parse_connector_config(resolved, sink, problems);
            if (!problems.empty())
                throw std::runtime_error(problems.front().key + ": " + problems.front().message);
            schedule_reloads(ttls);
            worker.metrics().describe_connector(
                name,
                {handle->info().class_name, sink ? "sink" : "source", handle->info().version});
            start_instance();
            started = true;
            worker.metrics().connector_startup(true);
            generate_task_configs();
        } catch (const std::exception& e) {
            if (!started) worker.metrics().connector_startup(false);
            spdlog::error("[{}] Failed to start connector: {}", name, e.what());
            report(ConnectState::Failed, failure_trace(e));
            stop_instance();
        }
    }

    void generate_task_configs() {
        if (!instance) return;
        auto generated = instance->task_configs(parsed.tasks_max);
        if (generated.size() > static_cast<size_t>(parsed.tasks_max) && parsed.tasks_max_enforce)
            throw std::runtime_error(
                "The connector " + name + " has generated " + std::to_string(generated.size()) +
                " tasks, which is greater than " + std::to_string(parsed.tasks_max) +
                ", the maximum number of tasks it is configured to create.");
        // As Java's reverse transform: a key the raw config gives as a ${provider:...}
        // placeholder keeps the placeholder, so task configs stored, returned over REST or
        // logged never hold what a provider resolved (secrets); each task resolves it again.
        std::vector<config::ConfigMap> configs;
        for (const auto& m : generated) {
            config::ConfigMap& tc = configs.emplace_back();
            for (const auto& [k, v] : m) {
                const std::string* raw_value = raw.find(k);
                const bool placeholder =
                    raw_value && !config::find_config_variables(*raw_value).empty();
                tc.set(k, placeholder ? *raw_value : v);
            }
        }
        link->deliver([&](LifecycleListener& l) { l.on_task_configs(name, configs); });
    }

    std::shared_ptr<TaskDriver> start_task(int task, const config::ConfigMap& config) {
        const ConnectorTaskId id{name, task};
        try {
            auto driver = worker.create_task(id, *handle, parsed, resolved, worker.resolve(config),
                                             tasks_link, target);
            driver->start();
            worker.metrics().task_startup(true);
            return driver;
        } catch (const std::exception& e) {
            worker.metrics().task_startup(false);
            spdlog::error("[{}-{}] Failed to start task: {}", name, task, e.what());
            tasks_link->on_task_state(id, ConnectState::Failed, failure_trace(e));
            return nullptr;
        }
    }

    void start_tasks(const std::vector<config::ConfigMap>& configs) {
        stop_tasks(task_deadline());
        if (!instance) return;
        for (size_t i = 0; i < configs.size(); ++i)
            tasks_link->on_task_state({name, static_cast<int>(i)}, ConnectState::Unassigned, "");
        for (size_t i = 0; i < configs.size(); ++i)
            tasks.push_back(start_task(static_cast<int>(i), configs[i]));
    }

    // Every task is asked first so they all share the deadline.
    void stop_tasks(Clock::time_point deadline) {
        for (auto& t : tasks)
            if (t) t->request_stop();
        for (auto& t : tasks)
            if (t) t->await_stop(deadline);
        tasks.clear();
        tasks_link->detach();
        {
            std::lock_guard lock(links_mutex);
            tasks_link = std::make_shared<ListenerLink>(*listener);
        }
        link->deliver([&](LifecycleListener& l) { l.on_tasks_stopped(name); });
    }
};

ConnectorRunner::ConnectorRunner(Worker& worker, std::string name, LifecycleListener& listener)
    : state_(std::make_shared<State>(worker, name, listener)), thread_("connector " + name) {}

ConnectorRunner::~ConnectorRunner() {
    finish(Clock::now());
}

ConnectorRunner::Result ConnectorRunner::start(config::ConfigMap raw, TargetState target) {
    return thread_.post([s = state_, raw = std::move(raw), target](CallResult&) {
        s->raw = raw;
        s->target = target;
        s->start();
    });
}

ConnectorRunner::Result ConnectorRunner::set_target_state(TargetState target) {
    return thread_.post([s = state_, target](CallResult&) {
        s->target = target;
        for (auto& t : s->tasks)
            if (t) t->set_target_state(target);
        if (s->instance && !s->context->failed()) s->report(s->running_state());
    });
}

ConnectorRunner::Result ConnectorRunner::generate_task_configs() {
    return thread_.post([s = state_](CallResult&) {
        try {
            s->generate_task_configs();
        } catch (const std::exception& e) {
            spdlog::error("[{}] Task reconfiguration failed: {}", s->name, e.what());
        }
    });
}

ConnectorRunner::Result ConnectorRunner::start_tasks(std::vector<config::ConfigMap> configs) {
    return thread_.post(
        [s = state_, configs = std::move(configs)](CallResult&) { s->start_tasks(configs); });
}

ConnectorRunner::Result ConnectorRunner::restart_connector() {
    return thread_.post([s = state_](CallResult&) {
        if (s->target == TargetState::Stopped || !s->handle) return;
        s->stop_instance();
        try {
            s->schedule_reloads(s->resolve());
            s->start_instance();
        } catch (const std::exception& e) {
            s->report(ConnectState::Failed, failure_trace(e));
            s->stop_instance();
        }
    });
}

ConnectorRunner::Result ConnectorRunner::restart_task(int task, config::ConfigMap config) {
    return thread_.post([s = state_, task, config = std::move(config)](CallResult&) {
        if (!s->handle || task < 0) return;
        const auto index = static_cast<size_t>(task);
        if (index < s->tasks.size() && s->tasks[index]) {
            s->tasks[index]->request_stop();
            s->tasks[index]->await_stop(s->task_deadline());
        }
        auto driver = s->start_task(task, config);
        if (index < s->tasks.size())
            s->tasks[index] = std::move(driver);
        else
            s->tasks.push_back(std::move(driver));
    });
}

ConnectorRunner::Result ConnectorRunner::stop(std::optional<ConnectState> final_state,
                                              std::chrono::milliseconds connector_timeout) {
    return thread_.post([s = state_, final_state, connector_timeout](CallResult& result) {
        const auto tasks_deadline = s->task_deadline();
        result.set_deadline(tasks_deadline);
        s->stop_tasks(tasks_deadline);
        result.set_deadline(Clock::now() + connector_timeout);
        s->stop_instance();
        if (final_state) s->report(*final_state);
    });
}

bool ConnectorRunner::finish(Clock::time_point deadline) {
    if (thread_.finish(deadline)) return true;
    // Whatever the plugin does when (if) it returns, nobody hears of it.
    state_->link->detach();
    std::lock_guard lock(state_->links_mutex);
    state_->tasks_link->detach();
    return false;
}

}  // namespace kc::host::runtime
