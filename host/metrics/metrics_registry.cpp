#include "host/metrics/metrics_registry.hpp"

#include <chrono>
#include <limits>

#include "host/config/config_error.hpp"
#include "host/metrics/process_metrics.hpp"

namespace kc::host::metrics {
namespace {

int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

WindowConfig window_of(const config::WorkerConfig& c) {
    const int64_t window = c.get_long("metrics.sample.window.ms");
    const int64_t samples = c.get_long("metrics.num.samples");
    if (window < 1)
        throw config::ConfigError("Invalid value " + std::to_string(window) +
                                  " for configuration metrics.sample.window.ms: Value must be at "
                                  "least 1");
    if (samples < 1 || samples > 1000)
        throw config::ConfigError("Invalid value " + std::to_string(samples) +
                                  " for configuration metrics.num.samples: Value must be between "
                                  "1 and 1000");
    return {window, static_cast<int>(samples)};
}

// Java's status strings are the lower-case state names.
std::string lower_state(ConnectState s) {
    std::string out(connect_state_name(s));
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

MetricsRegistry::MetricsRegistry(const config::WorkerConfig& config)
    : MetricsRegistry(window_of(config)) {}

MetricsRegistry::MetricsRegistry(WindowConfig window)
    : window_(window),
      start_time_ms_(wall_ms()),
      connector_outcomes_(window),
      task_outcomes_(window),
      rebalance_time_(window) {}

void MetricsRegistry::set_app_info(std::string worker_id, std::string version, std::string commit) {
    std::lock_guard lock(mutex_);
    worker_id_ = std::move(worker_id);
    version_ = std::move(version);
    commit_ = std::move(commit);
}

std::shared_ptr<TaskMetrics> MetricsRegistry::add_task(const ConnectorTaskId& id, bool sink) {
    auto task = std::make_shared<TaskMetrics>(id, sink, window_);
    std::lock_guard lock(mutex_);
    tasks_[id] = task;
    return task;
}

void MetricsRegistry::remove_task(const std::shared_ptr<TaskMetrics>& task) {
    std::lock_guard lock(mutex_);
    auto it = tasks_.find(task->id());
    // A restarted task may already have registered its successor.
    if (it != tasks_.end() && it->second == task) tasks_.erase(it);
}

void MetricsRegistry::describe_connector(const std::string& name, ConnectorDescription d) {
    std::lock_guard lock(mutex_);
    connectors_[name].description = std::move(d);
}

void MetricsRegistry::connector_state(const std::string& name, ConnectState s) {
    std::lock_guard lock(mutex_);
    connectors_[name].state = s;
}

void MetricsRegistry::task_state(const ConnectorTaskId& id, ConnectState s) {
    std::lock_guard lock(mutex_);
    connectors_[id.connector].tasks[id.task] = s;
}

void MetricsRegistry::tasks_stopped(const std::string& connector) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(connector);
    if (it != connectors_.end()) it->second.tasks.clear();
}

void MetricsRegistry::forget_task(const ConnectorTaskId& id) {
    std::lock_guard lock(mutex_);
    auto it = connectors_.find(id.connector);
    if (it == connectors_.end()) return;
    it->second.tasks.erase(id.task);
    if (!it->second.state && it->second.tasks.empty()) connectors_.erase(it);
}

void MetricsRegistry::remove_connector(const std::string& name) {
    std::lock_guard lock(mutex_);
    connectors_.erase(name);
}

void MetricsRegistry::connector_startup(bool ok) {
    const int64_t now = now_ms();
    std::lock_guard lock(mutex_);
    connector_attempts_.add(1);
    (ok ? connector_successes_ : connector_failures_).add(1);
    connector_outcomes_.record(ok ? 1 : 0, now);
}

void MetricsRegistry::task_startup(bool ok) {
    const int64_t now = now_ms();
    std::lock_guard lock(mutex_);
    task_attempts_.add(1);
    (ok ? task_successes_ : task_failures_).add(1);
    task_outcomes_.record(ok ? 1 : 0, now);
}

void MetricsRegistry::set_protocol(std::string protocol) {
    std::lock_guard lock(mutex_);
    distributed_ = true;
    protocol_ = std::move(protocol);
}

void MetricsRegistry::rebalance_started() {
    std::lock_guard lock(mutex_);
    distributed_ = true;
    if (rebalancing_) return;
    rebalancing_ = true;
    rebalance_started_ms_ = now_ms();
}

void MetricsRegistry::rebalance_completed(std::string leader, int64_t epoch) {
    const int64_t now = now_ms();
    std::lock_guard lock(mutex_);
    distributed_ = true;
    leader_ = std::move(leader);
    epoch_ = epoch;
    if (rebalancing_) rebalance_time_.record(double(now - rebalance_started_ms_), now);
    rebalancing_ = false;
    completed_rebalances_.add(1);
    last_rebalance_ms_ = now;
}

void MetricsRegistry::set_assignment(size_t connectors, size_t tasks) {
    std::lock_guard lock(mutex_);
    assigned_connectors_ = connectors;
    assigned_tasks_ = tasks;
}

std::shared_ptr<NetworkMetrics> MetricsRegistry::add_network(std::string group,
                                                             std::string client_id) {
    auto m = std::make_shared<NetworkMetrics>(window_);
    std::lock_guard lock(mutex_);
    networks_.push_back({std::move(group), std::move(client_id), m});
    return m;
}

void MetricsRegistry::collect_worker(AttributeSink& out, int64_t now) const {
    constexpr std::string_view w = "connect-worker-metrics";
    // An entry without a state holds tasks of a connector that runs elsewhere.
    size_t task_count = 0, connector_count = 0;
    for (const auto& [name, c] : connectors_) {
        task_count += c.tasks.size();
        connector_count += c.state.has_value();
    }
    emit(out, w, {}, "connector-count", double(connector_count));
    emit(out, w, {}, "task-count", double(task_count));
    auto startup = [&](std::string_view kind, const Total& attempts, const Total& ok,
                       const Total& failed, const SampledStat& outcomes) {
        const std::string k(kind);
        emit(out, w, {}, k + "-startup-attempts-total", attempts.value());
        emit(out, w, {}, k + "-startup-success-total", ok.value());
        emit(out, w, {}, k + "-startup-failure-total", failed.value());
        const int64_t n = outcomes.count(now);
        const double share = n ? outcomes.sum(now) / double(n) : 0.0;
        emit(out, w, {}, k + "-startup-success-percentage", share);
        emit(out, w, {}, k + "-startup-failure-percentage", n ? 1.0 - share : 0.0);
    };
    startup("connector", connector_attempts_, connector_successes_, connector_failures_,
            connector_outcomes_);
    startup("task", task_attempts_, task_successes_, task_failures_, task_outcomes_);

    for (const auto& [name, c] : connectors_) {
        const Tag tags[] = {{"connector", name}};
        size_t by_state[7] = {};
        for (const auto& [id, s] : c.tasks)
            ++by_state[static_cast<int>(s)];
        emit(out, w, tags, "connector-total-task-count", double(c.tasks.size()));
        for (ConnectState s :
             {ConnectState::Running, ConnectState::Paused, ConnectState::Failed,
              ConnectState::Unassigned, ConnectState::Destroyed, ConnectState::Restarting})
            emit(out, w, tags, "connector-" + lower_state(s) + "-task-count",
                 double(by_state[static_cast<int>(s)]));

        if (!c.state) continue;
        constexpr std::string_view g = "connector-metrics";
        emit_text(out, g, tags, "status", lower_state(*c.state));
        if (!c.description.type.empty())
            emit_text(out, g, tags, "connector-type", c.description.type);
        if (!c.description.connector_class.empty())
            emit_text(out, g, tags, "connector-class", c.description.connector_class);
        if (!c.description.version.empty())
            emit_text(out, g, tags, "connector-version", c.description.version);
    }
}

void MetricsRegistry::collect(AttributeSink& out) const {
    const int64_t now = now_ms();
    std::vector<std::shared_ptr<TaskMetrics>> tasks;
    {
        std::lock_guard lock(mutex_);
        const Tag app[] = {{"client-id", worker_id_}};
        emit_text(out, "app-info", app, "version", version_);
        emit_text(out, "app-info", app, "commit-id", commit_);
        emit(out, "app-info", app, "start-time-ms", double(start_time_ms_));
        collect_worker(out, now);
        if (distributed_) {
            constexpr std::string_view r = "connect-worker-rebalance-metrics";
            emit_text(out, r, {}, "connect-protocol", protocol_);
            emit_text(out, r, {}, "leader-name", leader_);
            emit(out, r, {}, "epoch", double(epoch_));
            emit(out, r, {}, "completed-rebalances-total", completed_rebalances_.value());
            emit(out, r, {}, "rebalancing", rebalancing_ ? 1.0 : 0.0);
            emit(out, r, {}, "rebalance-max-time-ms", rebalance_time_.max(now));
            emit(out, r, {}, "rebalance-avg-time-ms", rebalance_time_.avg(now));
            emit(out, r, {}, "time-since-last-rebalance-ms",
                 last_rebalance_ms_ < 0 ? std::numeric_limits<double>::infinity()
                                        : double(now - last_rebalance_ms_));
            constexpr std::string_view c = "connect-coordinator-metrics";
            emit(out, c, app, "assigned-connectors", double(assigned_connectors_));
            emit(out, c, app, "assigned-tasks", double(assigned_tasks_));
        }
        for (const Network& n : networks_) {
            const Tag tags[] = {{"client-id", n.client_id}};
            n.metrics->collect(out, n.group, tags, now);
        }
        tasks.reserve(tasks_.size());
        for (const auto& [id, t] : tasks_)
            tasks.push_back(t);
    }
    // Outside the lock: tasks starting or stopping are never held up by a scrape.
    for (const auto& t : tasks)
        t->collect(out, now);
}

}  // namespace kc::host::metrics
