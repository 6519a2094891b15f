// Where a worker serves its metrics to Prometheus: GET /metrics on the REST
// listeners and, when `metrics.prometheus.listener` is set (Strimzi scrapes
// http://<pod>:9404/metrics), on a listener of its own, under the naming
// scheme of `metrics.prometheus.naming`.
#pragma once

#include <memory>
#include <optional>

#include "host/config/worker_config.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/metrics/prometheus_naming.hpp"
#include "host/rest/rest_server.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host::cli {

class MetricsEndpoint {
  public:
    // Checks both keys at once: throws ConfigError naming the bad one.
    MetricsEndpoint(const config::WorkerConfig& config, const rest::WorkerProps& props,
                    const metrics::MetricsRegistry& registry);
    ~MetricsEndpoint();

    // Adds /metrics to the worker's REST server (before it starts).
    void serve_on(rest::RestServer& server) const;
    // Binds the metrics listener, if any (throws naming the key when it cannot).
    void start();
    void stop();

  private:
    std::string render() const;

    const metrics::MetricsRegistry& registry_;
    metrics::NamingScheme scheme_;
    std::unique_ptr<rest::RestServer> own_;  // the metrics listener
};

// app-info (version, commit-id, start-time-ms) under the worker's id, once known.
void publish_app_info(runtime::Worker& worker);

}  // namespace kc::host::cli
