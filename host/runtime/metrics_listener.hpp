// A LifecycleListener in front of the herder's: every connector and task
// state it hears also lands in the worker's metrics (connector-metrics status,
// connect-worker-metrics task counts), for both herders alike.
#pragma once

#include "host/metrics/metrics_registry.hpp"
#include "host/runtime/lifecycle_listener.hpp"

namespace kc::host::runtime {

class MetricsListener : public LifecycleListener {
  public:
    MetricsListener(LifecycleListener& inner, metrics::MetricsRegistry& metrics)
        : inner_(inner), metrics_(metrics) {}

    void on_connector_state(const std::string& connector, ConnectState state,
                            const std::string& trace) override {
        metrics_.connector_state(connector, state);
        inner_.on_connector_state(connector, state, trace);
    }
    void on_task_state(const ConnectorTaskId& id, ConnectState state,
                       const std::string& trace) override {
        metrics_.task_state(id, state);
        inner_.on_task_state(id, state, trace);
    }
    void on_tasks_stopped(const std::string& connector) override {
        metrics_.tasks_stopped(connector);
        inner_.on_tasks_stopped(connector);
    }
    void on_task_configs(const std::string& connector,
                         const std::vector<config::ConfigMap>& configs) override {
        inner_.on_task_configs(connector, configs);
    }
    void on_reconfiguration_request(const std::string& connector) override {
        inner_.on_reconfiguration_request(connector);
    }
    void on_config_ttls(const std::string& connector,
                        const std::map<std::string, int64_t>& ttls) override {
        inner_.on_config_ttls(connector, ttls);
    }

  private:
    LifecycleListener& inner_;
    metrics::MetricsRegistry& metrics_;
};

}  // namespace kc::host::runtime
