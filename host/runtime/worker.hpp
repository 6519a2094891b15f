// The Worker: what every herder needs to run connectors and tasks on this
// process. It owns the plugin registry (with the host's built-in plugins), the
// Kafka bootstrap (an embedded in-memory broker when bootstrap.servers is
// unset), the source offset store, and builds client configs, converters and
// task drivers from connector configs. It holds no connector state: that is
// the herder's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_providers.hpp"
#include "host/config/worker_config.hpp"
#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/runtime/task_driver.hpp"
#include "host/storage/offset_backing_store.hpp"

namespace kc::host::runtime {

class Worker {
  public:
    // Discovers plugins and connects to (or starts) Kafka. Throws on a bad
    // worker config, naming the key. `offsets` nullptr = in memory. `admin`:
    // the worker's admin client when its caller made it first (to share it
    // with the internal topics' stores); nullptr = the worker makes it.
    Worker(config::WorkerConfig config, std::unique_ptr<storage::OffsetBackingStore> offsets,
           std::shared_ptr<kafka::Admin> admin = nullptr);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    const config::WorkerConfig& config() const { return config_; }
    PluginRegistry& registry() { return *registry_; }
    storage::OffsetBackingStore& offsets() { return *offsets_; }
    ActiveTopics& active_topics() { return active_topics_; }
    metrics::MetricsRegistry& metrics() { return metrics_; }
    const std::string& bootstrap_servers() const { return bootstrap_; }
    kafka::EmbeddedBroker* embedded_broker() { return broker_.get(); }
    const std::string& worker_id() const { return worker_id_; }
    void set_worker_id(std::string id) { worker_id_ = std::move(id); }
    // Cached after the first successful lookup; empty when Kafka is unreachable.
    std::string kafka_cluster_id();

    // The connector config with ${provider:path:key} placeholders resolved
    // through the worker's config.providers. Throws naming the placeholder.
    config::ConfigMap resolve(const config::ConfigMap& raw);
    // The same, with the TTL (ms) of every provider path whose values expire.
    config::ConfigMap resolve(const config::ConfigMap& raw,
                              std::map<std::string, int64_t>& ttls_by_path);

    // Client-override keys the worker's override policy forbids.
    std::vector<ConfigProblem> check_client_overrides(const config::ConfigMap& connector) const;

    // The worker's one admin client (Java's shared admin): topic creation,
    // dead letter queue checks, offset and cluster id reads all go through
    // it, so it lives as long as the worker and its statistics are
    // admin-client-metrics. Tasks keep it alive while they run. A connector
    // that sets admin.override.* gives its tasks admin clients of their own
    // instead (see task_admin()).
    const std::shared_ptr<kafka::Admin>& admin() const { return admin_; }

    // A driver for one task, not yet started. `connector_settings` and
    // `task_config` are resolved. Throws on a bad converter or client config.
    std::shared_ptr<TaskDriver> create_task(const ConnectorTaskId& id,
                                            const PluginHandle& connector,
                                            const ConnectorConfig& parsed,
                                            const config::ConfigMap& connector_settings,
                                            const config::ConfigMap& task_config,
                                            TaskStatusListener* listener, TargetState initial);
    // The same, for a listener the task's thread keeps alive.
    std::shared_ptr<TaskDriver> create_task(
        const ConnectorTaskId& id, const PluginHandle& connector, const ConnectorConfig& parsed,
        const config::ConfigMap& connector_settings, const config::ConfigMap& task_config,
        std::shared_ptr<TaskStatusListener> listener, TargetState initial);

    // The converter a connector uses for "key.converter" / "value.converter" /
    // "header.converter": its own setting if present, else the worker's.
    PluginSpec converter_spec(const config::ConfigMap& connector, const std::string& which) const;

  private:
    void require_worker_converters() const;
    config::ConfigMap overrides_for(const config::ConfigMap& connector,
                                    const std::string& role) const;
    // The admin client a task creates topics through: the shared one, or,
    // when the connector sets admin.override.*, one of the task's own with
    // those settings and client id `client_id` (as Java gives every task that
    // needs one its own), closed when the task lets it go.
    std::shared_ptr<kafka::Admin> task_admin(const config::ConfigMap& connector,
                                             const std::string& client_id) const;

    config::WorkerConfig config_;
    metrics::MetricsRegistry metrics_;  // checks the metrics.* keys first
    std::unique_ptr<PluginRegistry> registry_;
    std::unique_ptr<config::ConfigProviders> providers_;
    std::unique_ptr<kafka::EmbeddedBroker> broker_;
    std::string bootstrap_;
    std::shared_ptr<kafka::Admin> admin_;  // after broker_: gone before it
    std::unique_ptr<storage::OffsetBackingStore> offsets_;
    ActiveTopics active_topics_;
    std::string worker_id_;
    std::string cluster_id_;
    std::mutex mutex_;
};

}  // namespace kc::host::runtime
