#include "host/herder/standalone_herder.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <new>
#include <type_traits>
#include <variant>

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/storage/offset_json.hpp"

namespace kc::host {

using runtime::TaskStateKind;
using Clock = std::chrono::steady_clock;

namespace {

// The herder's (REST's) offset maps <-> the storage layer's, which owns the JSON.
storage::OffsetMap to_storage(const OffsetMap& map) {
    storage::OffsetMap out;
    for (const auto& [k, v] : map)
        out.emplace_back(
            k, std::visit(
                   [](const auto& x) -> storage::OffsetPrimitive {
                       if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>)
                           return nullptr;
                       else
                           return x;
                   },
                   v));
    return out;
}

OffsetMap from_storage(const storage::OffsetMap& map) {
    OffsetMap out;
    for (const auto& [k, v] : map)
        out[k] = std::visit(
            [](const auto& x) -> OffsetValue {
                if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::nullptr_t>)
                    return std::monostate{};
                else
                    return x;
            },
            v);
    return out;
}

kc_value to_value(const OffsetMap& map, Arena& arena) {
    const storage::ArenaAlloc alloc = [&arena](std::size_t size, std::size_t align) {
        return arena.allocate(size, align);
    };
    kc_value v{};
    if (!storage::offset_map_to_value(to_storage(map), alloc, v)) throw std::bad_alloc();
    return v;
}

}  // namespace

// The connector instance's view of the host: reconfiguration requests and
// raised errors go back to the herder.
class StandaloneHerder::ConnectorContext : public InstanceContext {
  public:
    ConnectorContext(StandaloneHerder& herder, std::string name)
        : herder_(herder), name_(std::move(name)) {}
    std::string log_prefix() const override { return "[" + name_ + "] "; }
    kc_status request_task_reconfiguration() override {
        {
            std::lock_guard lock(herder_.queue_mutex_);
            herder_.reconfigure_queue_.push_back(name_);
        }
        herder_.queue_cv_.notify_all();
        return KC_OK;
    }
    kc_status raise_error(kc_status status, std::string_view message) override {
        spdlog::error("{}Connector raised an error: {}", log_prefix(), message);
        std::lock_guard lock(herder_.status_mutex_);
        failed = true;
        trace = std::string(runtime::exception_class_for(status)) + ": " + std::string(message);
        return KC_OK;
    }
    bool failed = false;  // guarded by status_mutex_
    std::string trace;

  private:
    StandaloneHerder& herder_;
    std::string name_;
};

struct StandaloneHerder::Connector {
    std::string name;
    ConfigMap config;  // raw, as given
    TargetState target = TargetState::running;
    ConnectorType type = ConnectorType::unknown;
    std::optional<PluginHandle> handle;
    std::unique_ptr<ConnectorContext> context;
    std::unique_ptr<ConnectorInstance> instance;
    runtime::Settings resolved;
    runtime::ConnectorConfig parsed;
    std::vector<ConfigMap> task_configs;
    std::vector<std::shared_ptr<runtime::TaskDriver>> tasks;
    // Guarded by status_mutex_.
    std::string state = "UNASSIGNED";
    std::string trace;
    std::map<int, std::pair<std::string, std::string>> task_states;  // id -> (state, trace)
};

StandaloneHerder::StandaloneHerder(runtime::Worker& worker) : worker_(worker), validator_(worker) {
    reconfigure_thread_ = std::thread([this] { reconfigure_loop(); });
}

StandaloneHerder::~StandaloneHerder() {
    stop();
    {
        std::lock_guard lock(queue_mutex_);
        quit_ = true;
    }
    queue_cv_.notify_all();
    if (reconfigure_thread_.joinable()) reconfigure_thread_.join();
}

void StandaloneHerder::mark_ready() {
    std::lock_guard lock(mutex_);
    ready_ = true;
}

void StandaloneHerder::stop() {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    spdlog::info("Herder stopping");
    // Every task is asked to stop first so they all share the graceful timeout.
    for (auto& [name, c] : connectors_)
        for (auto& t : c->tasks)
            t->request_stop();
    auto deadline = Clock::now() +
                    std::chrono::milliseconds(worker_.config().task_shutdown_graceful_timeout_ms());
    for (auto& [name, c] : connectors_) {
        for (auto& t : c->tasks)
            t->await_stop(deadline);
        c->tasks.clear();
        if (c->instance) {
            try {
                c->instance->stop();
            } catch (const std::exception& e) {
                spdlog::error("[{}] Connector stop failed: {}", name, e.what());
            }
            c->instance.reset();
        }
    }
    spdlog::info("Herder stopped");
}

// ---- status --------------------------------------------------------------------

void StandaloneHerder::on_task_state(const ConnectorTaskId& id, TaskStateKind state,
                                     const std::string& trace) {
    static const char* names[] = {"UNASSIGNED", "RUNNING",    "PAUSED",
                                  "FAILED",     "RESTARTING", "STOPPED"};
    std::lock_guard lock(status_mutex_);
    auto it = connectors_.find(id.connector);
    if (it == connectors_.end()) return;
    it->second->task_states[id.task] = {names[static_cast<int>(state)], trace};
}

void StandaloneHerder::set_connector_state(Connector& c, const std::string& state,
                                           const std::string& trace) {
    std::lock_guard lock(status_mutex_);
    c.state = state;
    c.trace = trace;
}

ConnectorStateInfo StandaloneHerder::status_of(Connector& c) {
    std::lock_guard lock(status_mutex_);
    ConnectorStateInfo s;
    s.name = c.name;
    s.type = c.type;
    s.connector.state = c.state;
    s.connector.worker_id = worker_.worker_id();
    if (c.context && c.context->failed) {
        s.connector.state = "FAILED";
        s.connector.trace = c.context->trace;
    } else if (c.state == "FAILED") {
        s.connector.trace = c.trace;
    }
    for (const auto& [id, st] : c.task_states) {
        TaskState t;
        t.id = id;
        t.state = st.first;
        t.worker_id = worker_.worker_id();
        if (st.first == "FAILED") t.trace = st.second;
        s.tasks.push_back(std::move(t));
    }
    return s;
}

// ---- lifecycle ----------------------------------------------------------------------

StandaloneHerder::Connector& StandaloneHerder::get(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Connector " + name + " not found");
    return *it->second;
}

void StandaloneHerder::start_connector(Connector& c) {
    if (c.target == TargetState::stopped) {
        set_connector_state(c, "STOPPED", "");
        return;
    }
    try {
        std::map<std::string, int64_t> ttls;
        c.resolved = worker_.resolve(c.config, ttls);
        c.handle = worker_.registry().resolve_connector(c.config.at("connector.class"));
        bool sink = c.handle->descriptor()->kind == KC_KIND_SINK_CONNECTOR;
        c.type = sink ? ConnectorType::sink : ConnectorType::source;
        std::vector<runtime::ConfigProblem> problems;
        c.parsed = runtime::parse_connector_config(c.resolved, sink, problems);
        if (!problems.empty())
            throw std::runtime_error(problems.front().key + ": " + problems.front().message);
        schedule_reloads(c, ttls);
        c.context = std::make_unique<ConnectorContext>(*this, c.name);
        c.instance = std::make_unique<ConnectorInstance>(*c.handle, c.context.get());
        c.instance->start(*ConfigEntries(c.resolved).get());
        spdlog::info("[{}] Connector started ({})", c.name, c.handle->info().class_name);
        set_connector_state(c, c.target == TargetState::paused ? "PAUSED" : "RUNNING", "");
        start_tasks(c);
    } catch (const std::exception& e) {
        std::string trace = "org.apache.kafka.connect.errors.ConnectException: ";
        trace += e.what();
        if (auto* pe = dynamic_cast<const PluginError*>(&e); pe && !pe->trace.empty())
            trace += "\nCaused by: " + pe->trace;
        spdlog::error("[{}] Failed to start connector: {}", c.name, e.what());
        set_connector_state(c, "FAILED", trace);
        c.instance.reset();
    }
}

void StandaloneHerder::start_tasks(Connector& c) {
    if (!c.instance) return;
    auto configs = c.instance->task_configs(c.parsed.tasks_max);
    if (configs.size() > static_cast<size_t>(c.parsed.tasks_max) && c.parsed.tasks_max_enforce)
        throw std::runtime_error("The connector " + c.name + " has generated " +
                                 std::to_string(configs.size()) + " tasks, which is greater than " +
                                 std::to_string(c.parsed.tasks_max) +
                                 ", the maximum number of tasks it is configured to create.");
    c.task_configs.clear();
    {
        std::lock_guard lock(status_mutex_);
        c.task_states.clear();
    }
    for (size_t i = 0; i < configs.size(); ++i) {
        ConfigMap tc(configs[i].begin(), configs[i].end());
        c.task_configs.push_back(tc);
        ConnectorTaskId id{c.name, static_cast<int>(i)};
        on_task_state(id, TaskStateKind::unassigned, "");
        try {
            auto driver =
                worker_.create_task(id, *c.handle, c.parsed, c.resolved, tc, this, c.target);
            driver->start();
            c.tasks.push_back(std::move(driver));
        } catch (const std::exception& e) {
            spdlog::error("[{}-{}] Failed to start task: {}", c.name, i, e.what());
            on_task_state(
                id, TaskStateKind::failed,
                std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what());
        }
    }
}

void StandaloneHerder::stop_tasks(Connector& c) {
    for (auto& t : c.tasks)
        t->request_stop();
    auto deadline = Clock::now() +
                    std::chrono::milliseconds(worker_.config().task_shutdown_graceful_timeout_ms());
    for (auto& t : c.tasks)
        t->await_stop(deadline);
    c.tasks.clear();
    std::lock_guard lock(status_mutex_);
    c.task_states.clear();
}

void StandaloneHerder::stop_connector_object(Connector& c) {
    if (c.instance) {
        try {
            c.instance->stop();
        } catch (const std::exception& e) {
            spdlog::error("[{}] Connector stop failed: {}", c.name, e.what());
        }
        c.instance.reset();
    }
}

void StandaloneHerder::stop_connector(Connector& c) {
    stop_tasks(c);
    stop_connector_object(c);
    c.task_configs.clear();
    set_connector_state(c, "UNASSIGNED", "");
}

void StandaloneHerder::reconfigure_loop() {
    while (true) {
        std::string name;
        bool expired = false;
        {
            std::unique_lock lock(queue_mutex_);
            while (true) {
                if (quit_) return;
                if (!reconfigure_queue_.empty()) {
                    name = reconfigure_queue_.front();
                    reconfigure_queue_.pop_front();
                    break;
                }
                auto due = std::min_element(
                    reloads_.begin(), reloads_.end(),
                    [](const auto& a, const auto& b) { return a.second < b.second; });
                if (due == reloads_.end()) {
                    queue_cv_.wait(lock);
                } else if (due->second <= Clock::now()) {
                    name = due->first.first;
                    reloads_.erase(due);
                    expired = true;
                    break;
                } else {
                    // A copy: the entry may be replaced or erased while waiting.
                    const auto deadline = due->second;
                    queue_cv_.wait_until(lock, deadline);
                }
            }
        }
        if (expired) {
            reload_expired(name);
            continue;
        }
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(name);
        if (it == connectors_.end() || stopped_ || !it->second->instance) continue;
        Connector& c = *it->second;
        try {
            auto configs = c.instance->task_configs(c.parsed.tasks_max);
            std::vector<ConfigMap> fresh;
            for (auto& m : configs)
                fresh.emplace_back(m.begin(), m.end());
            if (fresh == c.task_configs) continue;
            spdlog::info("[{}] Task configs changed: restarting tasks", name);
            stop_tasks(c);
            start_tasks(c);
        } catch (const std::exception& e) {
            spdlog::error("[{}] Task reconfiguration failed: {}", name, e.what());
        }
    }
}

// ---- Herder API -------------------------------------------------------------------

std::vector<std::string> StandaloneHerder::connectors() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, c] : connectors_)
        out.push_back(name);
    return out;
}

ConnectorInfo StandaloneHerder::connectorInfo(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    ConnectorInfo info{c.name, c.config, {}, c.type};
    for (size_t i = 0; i < c.task_configs.size(); ++i)
        info.tasks.push_back({c.name, static_cast<int>(i)});
    return info;
}

ConfigMap StandaloneHerder::connectorConfig(const std::string& name) {
    std::lock_guard lock(mutex_);
    return get(name).config;
}

PutConnectorResult StandaloneHerder::putConnectorConfig(const std::string& name,
                                                        const ConfigMap& config, bool allowReplace,
                                                        std::optional<TargetState> initialState) {
    ConfigInfos infos = validator_.validate(config);
    if (infos.error_count > 0) throw HerderError(400, ConnectorValidator::invalid_message(infos));
    std::lock_guard lock(mutex_);
    if (stopped_) throw HerderError(503, "The worker is shutting down");
    auto it = connectors_.find(name);
    bool created = it == connectors_.end();
    if (!created && !allowReplace) throw HerderError(409, "Connector " + name + " already exists");
    Connector* c;
    if (created) {
        auto fresh = std::make_unique<Connector>();
        fresh->name = name;
        fresh->target = initialState.value_or(TargetState::running);
        c = fresh.get();
        std::lock_guard slock(status_mutex_);
        connectors_[name] = std::move(fresh);
    } else {
        c = it->second.get();
        stop_connector(*c);
    }
    c->config = config;
    start_connector(*c);
    spdlog::info("[{}] Connector {}", name, created ? "created" : "reconfigured");
    ConnectorInfo info{c->name, c->config, {}, c->type};
    for (size_t i = 0; i < c->task_configs.size(); ++i)
        info.tasks.push_back({c->name, static_cast<int>(i)});
    return {created, info};
}

ConnectorInfo StandaloneHerder::patchConnectorConfig(const std::string& name,
                                                     const ConfigPatch& patch) {
    ConfigMap merged;
    {
        std::lock_guard lock(mutex_);
        merged = get(name).config;
    }
    for (const auto& [k, v] : patch) {
        if (v)
            merged[k] = *v;
        else
            merged.erase(k);
    }
    return putConnectorConfig(name, merged, true, std::nullopt).info;
}

void StandaloneHerder::deleteConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    stop_connector(c);
    {
        std::lock_guard qlock(queue_mutex_);
        std::erase_if(reloads_, [&](const auto& r) { return r.first.first == name; });
    }
    std::lock_guard slock(status_mutex_);
    connectors_.erase(name);
    worker_.active_topics().reset(name);  // Java forgets a deleted connector's topics
    spdlog::info("[{}] Connector deleted", name);
}

ConnectorStateInfo StandaloneHerder::connectorStatus(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "No status found for connector " + name);
    return status_of(*it->second);
}

std::vector<TaskInfo> StandaloneHerder::taskConfigs(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    std::vector<TaskInfo> out;
    for (size_t i = 0; i < c.task_configs.size(); ++i)
        out.push_back({{c.name, static_cast<int>(i)}, c.task_configs[i]});
    return out;
}

TaskState StandaloneHerder::taskStatus(const ConnectorTaskId& id) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    std::string missing =
        "No status found for task " + id.connector + "-" + std::to_string(id.task);
    if (it == connectors_.end()) throw HerderError(404, missing);
    auto s = status_of(*it->second);
    for (auto& t : s.tasks)
        if (t.id == id.task) return t;
    throw HerderError(404, missing);
}

void StandaloneHerder::pauseConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    if (c.target == TargetState::paused) return;
    if (c.target == TargetState::stopped) {
        c.target = TargetState::paused;
        start_connector(c);
        return;
    }
    c.target = TargetState::paused;
    for (auto& t : c.tasks)
        t->set_target_state(TargetState::paused);
    if (c.instance) set_connector_state(c, "PAUSED", "");
    spdlog::info("[{}] Connector paused", name);
}

void StandaloneHerder::resumeConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    if (c.target == TargetState::running) return;
    bool was_stopped = c.target == TargetState::stopped;
    c.target = TargetState::running;
    if (was_stopped) {
        start_connector(c);
        return;
    }
    for (auto& t : c.tasks)
        t->set_target_state(TargetState::running);
    if (c.instance) set_connector_state(c, "RUNNING", "");
    spdlog::info("[{}] Connector resumed", name);
}

void StandaloneHerder::stopConnector(const std::string& name) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    c.target = TargetState::stopped;
    stop_connector(c);
    set_connector_state(c, "STOPPED", "");
    spdlog::info("[{}] Connector stopped", name);
}

void StandaloneHerder::restart_connector_object(Connector& c) {
    // Only the Connector object: tasks keep running.
    if (c.target == TargetState::stopped) return;
    stop_connector_object(c);
    try {
        std::map<std::string, int64_t> ttls;
        ConfigEntries config(worker_.resolve(c.config, ttls));
        schedule_reloads(c, ttls);
        c.context = std::make_unique<ConnectorContext>(*this, c.name);
        c.instance = std::make_unique<ConnectorInstance>(*c.handle, c.context.get());
        c.instance->start(*config.get());
        spdlog::info("[{}] Connector started ({})", c.name, c.handle->info().class_name);
        set_connector_state(c, c.target == TargetState::paused ? "PAUSED" : "RUNNING", "");
    } catch (const std::exception& e) {
        set_connector_state(
            c, "FAILED",
            std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what());
    }
}

void StandaloneHerder::schedule_reloads(const Connector& c,
                                        const std::map<std::string, int64_t>& ttls) {
    if (ttls.empty() || !c.parsed.reload_on_expiry) return;
    {
        std::lock_guard lock(queue_mutex_);
        for (const auto& [path, ttl] : ttls) {
            // A newer TTL for the same path replaces the one scheduled before.
            spdlog::info("Scheduling a restart of connector {} in {} ms", c.name, ttl);
            // Clamped so that a provider's "never" (Long.MAX_VALUE) cannot
            // overflow the clock: 2^40 ms is over 34 years.
            const int64_t delay = std::clamp<int64_t>(ttl, 0, int64_t{1} << 40);
            reloads_[{c.name, path}] = Clock::now() + std::chrono::milliseconds(delay);
        }
    }
    queue_cv_.notify_all();
}

void StandaloneHerder::reload_expired(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end() || stopped_) return;
    spdlog::info("[{}] Restarting the connector: a config provider's value expired", name);
    restart_connector_object(*it->second);
}

std::optional<ConnectorStateInfo> StandaloneHerder::restartConnector(const std::string& name,
                                                                     bool includeTasks,
                                                                     bool onlyFailed) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Unknown connector: " + name);
    Connector& c = *it->second;
    if (!includeTasks && !onlyFailed) {
        restart_connector_object(c);
        return std::nullopt;
    }
    ConnectorStateInfo before = status_of(c);
    bool restart_connector = !onlyFailed || before.connector.state == "FAILED";
    std::vector<int> restart_tasks;
    if (includeTasks)
        for (const auto& t : before.tasks)
            if (!onlyFailed || t.state == "FAILED") restart_tasks.push_back(t.id);
    ConnectorStateInfo answer = before;
    if (restart_connector) answer.connector.state = "RESTARTING";
    for (auto& t : answer.tasks)
        if (std::find(restart_tasks.begin(), restart_tasks.end(), t.id) != restart_tasks.end())
            t.state = "RESTARTING";
    if (restart_connector) {
        // Restarting the connector restarts its tasks with it here: task configs are
        // regenerated by the new instance.
        stop_connector(c);
        start_connector(c);
    } else {
        for (int id : restart_tasks) {
            if (id < 0 || static_cast<size_t>(id) >= c.tasks.size()) continue;
            auto& t = c.tasks[id];
            t->request_stop();
            t->await_stop(Clock::now() + std::chrono::milliseconds(
                                             worker_.config().task_shutdown_graceful_timeout_ms()));
            ConnectorTaskId tid{c.name, id};
            try {
                t = worker_.create_task(tid, *c.handle, c.parsed, c.resolved, c.task_configs[id],
                                        this, c.target);
                t->start();
            } catch (const std::exception& e) {
                on_task_state(
                    tid, TaskStateKind::failed,
                    std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what());
            }
        }
    }
    return answer;
}

void StandaloneHerder::restartTask(const ConnectorTaskId& id) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    std::string unknown = "Unknown task: " + id.connector + "-" + std::to_string(id.task);
    if (it == connectors_.end()) throw HerderError(404, unknown);
    Connector& c = *it->second;
    if (id.task < 0 || static_cast<size_t>(id.task) >= c.task_configs.size())
        throw HerderError(404, unknown);
    if (static_cast<size_t>(id.task) < c.tasks.size()) {
        c.tasks[id.task]->request_stop();
        c.tasks[id.task]->await_stop(
            Clock::now() +
            std::chrono::milliseconds(worker_.config().task_shutdown_graceful_timeout_ms()));
    }
    try {
        auto t = worker_.create_task(id, *c.handle, c.parsed, c.resolved, c.task_configs[id.task],
                                     this, c.target);
        t->start();
        if (static_cast<size_t>(id.task) < c.tasks.size())
            c.tasks[id.task] = t;
        else
            c.tasks.push_back(t);
    } catch (const std::exception& e) {
        on_task_state(id, TaskStateKind::failed,
                      std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what());
    }
}

std::vector<std::string> StandaloneHerder::connectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    std::lock_guard lock(mutex_);
    get(name);  // 404 for an unknown connector
    return worker_.active_topics().get(name);
}

void StandaloneHerder::resetConnectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    if (!worker_.config().get_bool("topic.tracking.allow.reset"))
        throw HerderError(403, "Topic tracking reset is disabled.");
    std::lock_guard lock(mutex_);
    get(name);
    worker_.active_topics().reset(name);
}

// ---- offsets --------------------------------------------------------------------

std::vector<ConnectorOffset> StandaloneHerder::sink_offsets(Connector& c) {
    std::vector<ConnectorOffset> out;
    config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + c.name);
    auto cfg = kafka::build_client_config(kafka::ClientRole::Consumer, worker_.bootstrap_servers(),
                                          worker_.config().originals(), defaults);
    kafka::Admin admin(worker_.admin_config());
    std::vector<kafka::TopicPartition> tps;
    for (const auto& t : c.parsed.topics)
        if (auto n = admin.partition_count(t, 5000))
            for (int32_t p = 0; p < *n; ++p)
                tps.push_back({t, p});
    if (tps.empty()) return out;
    kafka::Consumer consumer(cfg);
    for (const auto& tpo : consumer.committed(tps, 10000)) {
        if (tpo.offset < 0) continue;
        out.push_back(
            {{{"kafka_topic", tpo.topic}, {"kafka_partition", std::int64_t{tpo.partition}}},
             OffsetMap{{"kafka_offset", std::int64_t{tpo.offset}}}});
    }
    return out;
}

std::vector<ConnectorOffset> StandaloneHerder::connectorOffsets(const std::string& name) {
    std::lock_guard lock(mutex_);
    return offsets_locked(get(name));
}

std::vector<ConnectorOffset> StandaloneHerder::offsets_locked(Connector& c) {
    const std::string& name = c.name;
    if (c.type == ConnectorType::unknown && c.config.count("connector.class")) {
        try {
            c.type = worker_.registry()
                                 .resolve_connector(c.config["connector.class"])
                                 .descriptor()
                                 ->kind == KC_KIND_SINK_CONNECTOR
                         ? ConnectorType::sink
                         : ConnectorType::source;
        } catch (const std::exception&) {
        }
    }
    if (c.type == ConnectorType::sink) {
        std::vector<runtime::ConfigProblem> ignored;
        c.parsed = runtime::parse_connector_config(c.config, true, ignored);
        return sink_offsets(c);
    }
    std::vector<ConnectorOffset> out;
    for (const auto& [key, value] : worker_.offsets().all()) {
        auto parsed = storage::parse_offset_key(key);
        if (!parsed || parsed->first != name) continue;
        try {
            out.push_back(
                {from_storage(parsed->second), from_storage(storage::offset_map_from_json(value))});
        } catch (const std::exception& e) {
            spdlog::warn("[{}] Skipping malformed stored offset {}: {}", name, key, e.what());
        }
    }
    return out;
}

std::string StandaloneHerder::change_offsets(const std::string& name,
                                             const std::vector<ConnectorOffset>* offsets) {
    std::lock_guard lock(mutex_);
    Connector& c = get(name);
    if (c.target != TargetState::stopped || !c.tasks.empty())
        throw HerderError(400,
                          "Connectors must be in the STOPPED state before their offsets can be "
                          "modified. This can be done for the specified connector by issuing "
                          "a 'PUT' request to the '/connectors/" +
                              name + "/stop' endpoint");
    const bool reset = offsets == nullptr;
    auto handle = worker_.registry().resolve_connector(c.config.at("connector.class"));
    const bool sink = handle.descriptor()->kind == KC_KIND_SINK_CONNECTOR;
    std::vector<ConnectorOffset> effective;
    if (reset)
        effective = offsets_locked(c);
    else
        effective = *offsets;

    // The connector gets its say first (Java alterOffsets), on a fresh instance.
    bool handled = false;
    {
        Arena arena;
        std::vector<kc_map_entry> entries;
        for (const auto& o : effective) {
            kc_map_entry e{};
            e.key = to_value(o.partition, arena);
            if (!reset && o.offset) e.value = to_value(*o.offset, arena);
            entries.push_back(e);
        }
        try {
            InstanceContext ctx;
            ConnectorInstance instance(handle, &ctx);
            ConfigEntries cfg(worker_.resolve(c.config));
            handled = instance.alter_offsets(*cfg.get(), entries);
        } catch (const PluginError& e) {
            throw HerderError(400, std::string("Failed to ") + (reset ? "reset" : "alter") +
                                       " offsets for connector " + name + ": " + e.what());
        }
    }

    if (sink) {
        config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + name);
        auto cfg =
            kafka::build_client_config(kafka::ClientRole::Consumer, worker_.bootstrap_servers(),
                                       worker_.config().originals(), defaults);
        kafka::Consumer consumer(cfg);
        std::vector<kafka::TopicPartitionOffset> commit;
        for (const auto& o : effective) {
            auto t = o.partition.find("kafka_topic");
            auto p = o.partition.find("kafka_partition");
            if (t == o.partition.end() || p == o.partition.end() ||
                !std::holds_alternative<std::string>(t->second) ||
                !std::holds_alternative<std::int64_t>(p->second))
                throw HerderError(400,
                                  "Sink connector offsets need kafka_topic (string) and "
                                  "kafka_partition (integer) in each partition");
            std::string topic = std::get<std::string>(t->second);
            int32_t partition = static_cast<int32_t>(std::get<std::int64_t>(p->second));
            int64_t offset = -1;
            if (!reset && o.offset) {
                auto ko = o.offset->find("kafka_offset");
                if (ko == o.offset->end() || !std::holds_alternative<std::int64_t>(ko->second) ||
                    std::get<std::int64_t>(ko->second) < 0)
                    throw HerderError(400,
                                      "Sink connector offsets need a non-negative integer "
                                      "kafka_offset");
                offset = std::get<std::int64_t>(ko->second);
            }
            if (offset < 0) {
                // Reset: back to the earliest retained offset (the mock cluster
                // cannot delete consumer groups).
                int64_t low = 0, high = 0;
                rd_kafka_query_watermark_offsets(consumer.handle(), topic.c_str(), partition, &low,
                                                 &high, 5000);
                offset = low;
            }
            commit.push_back({topic, partition, offset});
        }
        consumer.assign(commit);
        consumer.commit_sync(commit);
        consumer.close();
    } else {
        storage::OffsetEntries entries;
        for (const auto& o : effective) {
            std::optional<std::string> value;
            if (!reset && o.offset) value = storage::offset_map_to_json(to_storage(*o.offset));
            entries.emplace_back(storage::offset_key(name, to_storage(o.partition)), value);
        }
        worker_.offsets().set_sync(entries);
    }
    const char* verb = reset ? "reset" : "altered";
    if (handled || !sink)
        return std::string("The offsets for this connector have been ") + verb + " successfully";
    return std::string("The Connect framework-managed offsets for this connector have been ") +
           verb +
           " successfully. However, if this connector manages offsets externally, they "
           "will need to be manually " +
           verb + " in the system that the connector uses.";
}

std::string StandaloneHerder::alterConnectorOffsets(const std::string& name,
                                                    const std::vector<ConnectorOffset>& offsets) {
    return change_offsets(name, &offsets);
}

std::string StandaloneHerder::resetConnectorOffsets(const std::string& name) {
    return change_offsets(name, nullptr);
}

// ---- plugins and validation ---------------------------------------------------------

ConfigInfos StandaloneHerder::validateConnectorConfig(const ConfigMap& config) {
    return validator_.validate(config);
}

std::vector<ConnectorPluginInfo> StandaloneHerder::connectorPlugins(bool connectorsOnly) {
    std::vector<ConnectorPluginInfo> out;
    for (const auto& p : worker_.registry().plugins()) {
        bool connector = p.kind == KC_KIND_SOURCE_CONNECTOR || p.kind == KC_KIND_SINK_CONNECTOR;
        bool listed = connector || (!connectorsOnly && p.kind <= KC_KIND_PREDICATE);
        if (!listed) continue;
        ConnectorPluginInfo info;
        info.class_name = p.class_name;
        info.type = std::string(kind_name(p.kind));
        if (p.version != "undefined") info.version = p.version;
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<ConfigKeyInfo> StandaloneHerder::connectorPluginConfig(const std::string& plugin) {
    return validator_.plugin_config(plugin);
}

std::set<std::string> StandaloneHerder::passwordKeys(const std::string& name) {
    ConfigMap config;
    {
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(name);
        if (it == connectors_.end()) return {};
        config = it->second->config;
    }
    return validator_.password_keys(config);
}

std::string StandaloneHerder::kafkaClusterId() {
    return worker_.kafka_cluster_id();
}

WorkerHealth StandaloneHerder::health() {
    std::unique_lock lock(mutex_, std::chrono::seconds(10));
    if (!lock.owns_lock())
        return {"unhealthy",
                "Worker was unable to handle this request and may be unable to "
                "handle other requests"};
    if (!ready_) return {"starting", "Worker is still starting up."};
    return {"healthy", "Worker has completed startup and is ready to handle requests."};
}

}  // namespace kc::host
