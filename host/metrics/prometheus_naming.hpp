// The Prometheus names of Java Connect's metrics, under the scheme the user
// picks with `metrics.prometheus.naming` so that existing dashboards and
// alerts work unchanged:
//  - strimzi (default): the rules of Strimzi's kafka-connect-metrics.yaml for
//    the Prometheus JMX exporter (kafka_connect_worker_connector_count, ...);
//  - confluent: the rules of Confluent's jmx-monitoring-stacks
//    kafka_connect.yml (kafka_connect_connect_worker_metrics_connector_count,
//    kafka_connect_app, ...);
//  - strimzi-reporter: the Strimzi Metrics Reporter's names (group-qualified,
//    strings as <name>_info).
#pragma once

#include <string>
#include <string_view>

#include "host/config/worker_config.hpp"
#include "host/metrics/metrics_registry.hpp"

namespace kc::host::metrics {

enum class NamingScheme { Strimzi, Confluent, StrimziReporter };

// metrics.prometheus.naming; throws ConfigError naming the key and the choices.
NamingScheme naming_scheme(const config::WorkerConfig& config);
NamingScheme parse_naming_scheme(std::string_view value);

// The whole exposition: every registry attribute under `scheme`, then the
// process metrics.
std::string render_prometheus(const MetricsRegistry& registry, NamingScheme scheme);

}  // namespace kc::host::metrics
