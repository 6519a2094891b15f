// The worker's metrics (Java's ConnectMetrics): every group the runtime
// records into, collected at scrape time. Tasks record into their own
// TaskMetrics; connector and task states arrive from the lifecycle; worker
// start-up outcomes from the connector runner; rebalances and assignments from
// the distributed herder. Nothing here is on a per-record path.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/config/worker_config.hpp"
#include "host/core/connect_types.hpp"
#include "host/metrics/attribute.hpp"
#include "host/metrics/network_metrics.hpp"
#include "host/metrics/sampled_stat.hpp"
#include "host/metrics/task_metrics.hpp"

namespace kc::host::metrics {

// A connector's connector-metrics strings (Java ConnectorMetricsGroup).
struct ConnectorDescription {
    std::string connector_class;
    std::string type;  // "source" | "sink"
    std::string version;
};

class MetricsRegistry {
  public:
    // metrics.sample.window.ms / metrics.num.samples; throws ConfigError naming the key.
    explicit MetricsRegistry(const config::WorkerConfig& config);
    explicit MetricsRegistry(WindowConfig window);

    WindowConfig window() const { return window_; }

    // app-info: client-id is the worker id; start-time-ms is now.
    void set_app_info(std::string worker_id, std::string version, std::string commit);

    // The metrics of a task that starts; dropped by remove_task when it ends.
    std::shared_ptr<TaskMetrics> add_task(const ConnectorTaskId& id, bool sink);
    void remove_task(const std::shared_ptr<TaskMetrics>& task);

    // Connector and task states on this worker (connect-worker-metrics,
    // connector-metrics).
    void describe_connector(const std::string& name, ConnectorDescription d);
    void connector_state(const std::string& name, ConnectState s);
    void task_state(const ConnectorTaskId& id, ConnectState s);
    void tasks_stopped(const std::string& connector);
    void forget_task(const ConnectorTaskId& id);  // no longer on this worker
    void remove_connector(const std::string& name);

    // connect-worker-metrics start-up outcomes.
    void connector_startup(bool ok);
    void task_startup(bool ok);

    // connect-worker-rebalance-metrics and connect-coordinator-metrics
    // (distributed mode).
    void set_protocol(std::string protocol);
    void rebalance_started();
    void rebalance_completed(std::string leader, int64_t epoch);
    void set_assignment(size_t connectors, size_t tasks);
    // The network figures of a client of the worker's own (the group
    // member's `connect-metrics`), tagged client-id; kept while the worker runs.
    std::shared_ptr<NetworkMetrics> add_network(std::string group, std::string client_id);

    // Every attribute of every group.
    void collect(AttributeSink& out) const;

  private:
    struct ConnectorEntry {
        ConnectorDescription description;
        std::optional<ConnectState> state;
        std::map<int, ConnectState> tasks;
    };
    void collect_worker(AttributeSink& out, int64_t now) const;

    const WindowConfig window_;
    mutable std::mutex mutex_;
    std::string worker_id_, version_, commit_;
    int64_t start_time_ms_;  // wall clock
    std::map<ConnectorTaskId, std::shared_ptr<TaskMetrics>> tasks_;
    std::map<std::string, ConnectorEntry> connectors_;

    Total connector_attempts_, connector_successes_, connector_failures_;
    Total task_attempts_, task_successes_, task_failures_;
    SampledStat connector_outcomes_, task_outcomes_;  // 1 success, 0 failure

    bool distributed_ = false;
    std::string protocol_, leader_;
    int64_t epoch_ = -1;
    bool rebalancing_ = false;
    int64_t rebalance_started_ms_ = 0, last_rebalance_ms_ = -1;
    Total completed_rebalances_;
    SampledStat rebalance_time_;
    size_t assigned_connectors_ = 0, assigned_tasks_ = 0;
    struct Network {
        std::string group, client_id;
        std::shared_ptr<NetworkMetrics> metrics;
    };
    std::vector<Network> networks_;
};

}  // namespace kc::host::metrics
