#include "host/herder/standalone_herder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "host/herder/plugin_listing.hpp"
#include "host/runtime/connector_offsets.hpp"
#include "host/runtime/plugin_api.hpp"

namespace kc::host {

using Clock = std::chrono::steady_clock;
using runtime::ConnectorLifecycle;

StandaloneHerder::StandaloneHerder(runtime::Worker& worker)
    : WorkerHerder(worker), lifecycle_(worker, *this) {
    reload_thread_ = std::thread([this] { reload_loop(); });
}

StandaloneHerder::~StandaloneHerder() {
    stop();
    {
        std::lock_guard lock(reload_mutex_);
        quit_ = true;
    }
    reload_cv_.notify_all();
    if (reload_thread_.joinable()) reload_thread_.join();
}

void StandaloneHerder::mark_ready() {
    std::lock_guard lock(mutex_);
    ready_ = true;
}

void StandaloneHerder::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
    }
    spdlog::info("Herder stopping");
    lifecycle_.stop_all();
    spdlog::info("Herder stopped");
}

// ---- reports from the connectors ------------------------------------------------------

void StandaloneHerder::on_connector_state(const std::string& connector, ConnectState state,
                                          const std::string& trace) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(connector);
    if (it == connectors_.end()) return;
    it->second.state = state;
    it->second.trace = trace;
}

void StandaloneHerder::on_task_state(const ConnectorTaskId& id, ConnectState state,
                                     const std::string& trace) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    if (it == connectors_.end()) return;
    it->second.task_states[id.task] = {state, trace};
}

void StandaloneHerder::on_tasks_stopped(const std::string& connector) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(connector);
    if (it != connectors_.end()) it->second.task_states.clear();
}

void StandaloneHerder::on_task_configs(const std::string& connector,
                                       const std::vector<config::ConfigMap>& configs) {
    {
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(connector);
        if (it == connectors_.end() || it->second.task_configs == configs) return;
        it->second.task_configs = configs;
    }
    spdlog::info("[{}] Task configs changed: (re)starting tasks", connector);
    lifecycle_.start_tasks(connector, configs);
}

void StandaloneHerder::on_reconfiguration_request(const std::string& connector) {
    lifecycle_.generate_task_configs(connector);
}

// ---- helpers ----------------------------------------------------------------------------

StandaloneHerder::Connector& StandaloneHerder::get(const std::string& name) {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Connector " + name + " not found");
    return it->second;
}

ConnectorType StandaloneHerder::type_of(const config::ConfigMap& config) {
    return connector_type_of(worker_.registry(), config);
}

ConnectorInfo StandaloneHerder::info_of(const Connector& c) const {
    ConnectorInfo info{c.name, c.config, {}, c.type};
    for (size_t i = 0; i < c.task_configs.size(); ++i)
        info.tasks.push_back({c.name, static_cast<int>(i)});
    return info;
}

ConnectorStateInfo StandaloneHerder::status_of(const Connector& c) const {
    ConnectorStateInfo s;
    s.name = c.name;
    s.type = c.type;
    s.connector.state = c.state;
    s.connector.worker_id = worker_.worker_id();
    if (c.state == ConnectState::Failed) s.connector.trace = c.trace;
    for (const auto& [id, st] : c.task_states) {
        TaskState t;
        t.id = id;
        t.state = st.first;
        t.worker_id = worker_.worker_id();
        if (st.first == ConnectState::Failed) t.trace = st.second;
        s.tasks.push_back(std::move(t));
    }
    return s;
}

std::shared_ptr<std::mutex> StandaloneHerder::operations_of(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& ops = operations_[name];
    if (!ops) ops = std::make_shared<std::mutex>();
    return ops;
}

std::pair<config::ConfigMap, TargetState> StandaloneHerder::snapshot(const std::string& name) {
    std::lock_guard lock(mutex_);
    const Connector& c = get(name);
    return {c.config, c.target};
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
    return info_of(get(name));
}

config::ConfigMap StandaloneHerder::connectorConfig(const std::string& name) {
    std::lock_guard lock(mutex_);
    return get(name).config;
}

PutConnectorResult StandaloneHerder::putConnectorConfig(const std::string& name,
                                                        const config::ConfigMap& config,
                                                        bool allowReplace,
                                                        std::optional<TargetState> initialState) {
    ConfigInfos infos = validator_.validate(config);
    if (infos.error_count > 0) throw HerderError(400, ConnectorValidator::invalid_message(infos));
    const ConnectorType type = type_of(config);
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    bool created;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) throw HerderError(503, "The worker is shutting down");
        created = connectors_.count(name) == 0;
        if (!created && !allowReplace)
            throw HerderError(409, "Connector " + name + " already exists");
    }
    // The old instance stops before the new one starts (waiting without the lock).
    if (!created) lifecycle_.stop_connector(name, ConnectState::Unassigned);
    TargetState target;
    {
        std::lock_guard lock(mutex_);
        Connector& c = connectors_[name];
        if (created) c.target = initialState.value_or(TargetState::Started);
        c.name = name;
        c.config = config;
        c.type = type;
        c.task_configs.clear();
        c.state = ConnectState::Unassigned;
        c.trace.clear();
        c.task_states.clear();
        target = c.target;
    }
    spdlog::info("[{}] Connector {}", name, created ? "created" : "reconfigured");
    // Answered once started, as Java does, but a start() that does not return
    // is not waited for beyond the bound: the connector stays UNASSIGNED.
    if (!lifecycle_.start_connector(name, config, target)
             ->wait_until(Clock::now() + kStartAnswerTimeout))
        spdlog::warn("[{}] Connector is still starting; answering without its tasks", name);
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "Connector " + name + " not found");
    return {created, info_of(it->second)};
}

ConnectorInfo StandaloneHerder::patchConnectorConfig(const std::string& name,
                                                     const ConfigPatch& patch) {
    config::ConfigMap merged = snapshot(name).first;
    for (const auto& [k, v] : patch) {
        if (v)
            merged.set(k, *v);
        else
            merged.erase(k);
    }
    return putConnectorConfig(name, merged, true, std::nullopt).info;
}

void StandaloneHerder::deleteConnector(const std::string& name) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    snapshot(name);  // 404 for an unknown connector
    lifecycle_.stop_connector(name, ConnectState::Unassigned);
    {
        std::lock_guard qlock(reload_mutex_);
        std::erase_if(reloads_, [&](const auto& r) { return r.first.first == name; });
    }
    std::lock_guard lock(mutex_);
    connectors_.erase(name);
    worker_.active_topics().reset(name);  // Java forgets a deleted connector's topics
    spdlog::info("[{}] Connector deleted", name);
}

ConnectorStateInfo StandaloneHerder::connectorStatus(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) throw HerderError(404, "No status found for connector " + name);
    return status_of(it->second);
}

std::vector<TaskInfo> StandaloneHerder::taskConfigs(const std::string& name) {
    std::lock_guard lock(mutex_);
    const Connector& c = get(name);
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
    auto s = status_of(it->second);
    for (auto& t : s.tasks)
        if (t.id == id.task) return t;
    throw HerderError(404, missing);
}

void StandaloneHerder::set_target(const std::string& name, TargetState target) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    config::ConfigMap config;
    bool was_stopped;
    {
        std::lock_guard lock(mutex_);
        Connector& c = get(name);
        if (c.target == target) return;
        was_stopped = c.target == TargetState::Stopped;
        c.target = target;
        config = c.config;
    }
    // A stopped connector has no instance to pause or resume: it starts anew.
    if (was_stopped)
        lifecycle_.start_connector(name, config, target);
    else
        lifecycle_.set_target_state(name, target);
    spdlog::info("[{}] Connector {}", name, target == TargetState::Paused ? "paused" : "resumed");
}

void StandaloneHerder::pauseConnector(const std::string& name) {
    set_target(name, TargetState::Paused);
}

void StandaloneHerder::resumeConnector(const std::string& name) {
    set_target(name, TargetState::Started);
}

void StandaloneHerder::stopConnector(const std::string& name) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    {
        std::lock_guard lock(mutex_);
        get(name).target = TargetState::Stopped;
    }
    lifecycle_.stop_connector(name, ConnectState::Stopped);
    std::lock_guard lock(mutex_);
    if (auto it = connectors_.find(name); it != connectors_.end()) {
        it->second.task_configs.clear();
        it->second.task_states.clear();
    }
    spdlog::info("[{}] Connector stopped", name);
}

std::optional<ConnectorStateInfo> StandaloneHerder::restartConnector(const std::string& name,
                                                                     bool includeTasks,
                                                                     bool onlyFailed) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    ConnectorStateInfo before;
    config::ConfigMap config;
    TargetState target;
    std::vector<config::ConfigMap> task_configs;
    {
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(name);
        if (it == connectors_.end()) throw HerderError(404, "Unknown connector: " + name);
        before = status_of(it->second);
        config = it->second.config;
        target = it->second.target;
        task_configs = it->second.task_configs;
    }
    if (!includeTasks && !onlyFailed) {
        lifecycle_.restart_connector(name)->wait_until(Clock::now() + kStartAnswerTimeout);
        return std::nullopt;
    }
    bool restart_connector = !onlyFailed || before.connector.state == ConnectState::Failed;
    std::vector<int> restart_tasks;
    if (includeTasks)
        for (const auto& t : before.tasks)
            if (!onlyFailed || t.state == ConnectState::Failed) restart_tasks.push_back(t.id);
    ConnectorStateInfo answer = before;
    if (restart_connector) answer.connector.state = ConnectState::Restarting;
    for (auto& t : answer.tasks)
        if (std::find(restart_tasks.begin(), restart_tasks.end(), t.id) != restart_tasks.end())
            t.state = ConnectState::Restarting;
    if (restart_connector) {
        // Restarting the connector restarts its tasks with it here: task configs are
        // regenerated by the new instance.
        lifecycle_.stop_connector(name, ConnectState::Unassigned);
        {
            std::lock_guard lock(mutex_);
            if (auto it = connectors_.find(name); it != connectors_.end())
                it->second.task_configs.clear();
        }
        lifecycle_.start_connector(name, config, target);
    } else {
        for (int id : restart_tasks)
            if (id >= 0 && static_cast<size_t>(id) < task_configs.size())
                lifecycle_.restart_task({name, id}, task_configs[id]);
    }
    return answer;
}

void StandaloneHerder::restartTask(const ConnectorTaskId& id) {
    auto ops = operations_of(id.connector);
    std::lock_guard op(*ops);
    config::ConfigMap config;
    {
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(id.connector);
        std::string unknown = "Unknown task: " + id.connector + "-" + std::to_string(id.task);
        if (it == connectors_.end()) throw HerderError(404, unknown);
        const auto& configs = it->second.task_configs;
        if (id.task < 0 || static_cast<size_t>(id.task) >= configs.size())
            throw HerderError(404, unknown);
        config = configs[id.task];
    }
    lifecycle_.restart_task(id, config);
}

std::vector<std::string> StandaloneHerder::connectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    snapshot(name);  // 404 for an unknown connector
    return worker_.active_topics().get(name);
}

void StandaloneHerder::resetConnectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    if (!worker_.config().get_bool("topic.tracking.allow.reset"))
        throw HerderError(403, "Topic tracking reset is disabled.");
    snapshot(name);
    worker_.active_topics().reset(name);
}

// ---- config.action.reload -------------------------------------------------------------

void StandaloneHerder::on_config_ttls(const std::string& connector,
                                      const std::map<std::string, int64_t>& ttls) {
    {
        std::lock_guard lock(reload_mutex_);
        for (const auto& [path, ttl] : ttls) {
            // A newer TTL for the same path replaces the one scheduled before.
            spdlog::info("Scheduling a restart of connector {} in {} ms", connector, ttl);
            // Clamped so that a provider's "never" (Long.MAX_VALUE) cannot
            // overflow the clock: 2^40 ms is over 34 years.
            const int64_t delay = std::clamp<int64_t>(ttl, 0, int64_t{1} << 40);
            reloads_[{connector, path}] = Clock::now() + std::chrono::milliseconds(delay);
        }
    }
    reload_cv_.notify_all();
}

void StandaloneHerder::reload_loop() {
    std::unique_lock lock(reload_mutex_);
    while (!quit_) {
        auto due =
            std::min_element(reloads_.begin(), reloads_.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        if (due == reloads_.end()) {
            reload_cv_.wait(lock);
        } else if (due->second <= Clock::now()) {
            const std::string name = due->first.first;
            reloads_.erase(due);
            lock.unlock();
            reload_expired(name);
            lock.lock();
        } else {
            // A copy: the entry may be replaced or erased while waiting.
            const auto deadline = due->second;
            reload_cv_.wait_until(lock, deadline);
        }
    }
}

void StandaloneHerder::reload_expired(const std::string& name) {
    {
        std::lock_guard lock(mutex_);
        auto it = connectors_.find(name);
        if (it == connectors_.end() || stopped_ || it->second.target == TargetState::Stopped)
            return;
    }
    spdlog::info("[{}] Restarting the connector: a config provider's value expired", name);
    lifecycle_.restart_connector(name);
}

// ---- offsets --------------------------------------------------------------------

std::vector<ConnectorOffset> StandaloneHerder::connectorOffsets(const std::string& name) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    return runtime::read_connector_offsets(worker_, name, snapshot(name).first);
}

std::string StandaloneHerder::with_stopped_connector(const std::string& name,
                                                     const OffsetChange& change) {
    auto ops = operations_of(name);
    std::lock_guard op(*ops);
    config::ConfigMap config;
    {
        std::lock_guard lock(mutex_);
        const Connector& c = get(name);
        if (c.target != TargetState::Stopped || !c.task_configs.empty())
            throw HerderError(400, runtime::offsets_need_stopped_connector(name));
        config = c.config;
    }
    return change(config);
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
