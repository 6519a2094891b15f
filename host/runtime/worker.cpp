#include "host/runtime/worker.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "host/config/builtin_config_providers.hpp"
#include "host/config/config_error.hpp"
#include "host/converters/builtin_converters.hpp"
#include "host/kafka/admin.hpp"
#include "host/metrics/client_statistics.hpp"
#include "host/runtime/sink_task_driver.hpp"
#include "host/runtime/source_task_driver.hpp"
#include "host/storage/memory_offset_backing_store.hpp"
#include "kc/export.hpp"

namespace kc::host::runtime {
namespace {

// Keys the "Principal" override policy lets a connector set.
const std::set<std::string>& principal_keys() {
    static const std::set<std::string> keys{"sasl.jaas.config", "sasl.mechanism",
                                            "security.protocol"};
    return keys;
}

}  // namespace

Worker::Worker(config::WorkerConfig config, std::unique_ptr<storage::OffsetBackingStore> offsets,
               std::shared_ptr<kafka::Admin> admin)
    : config_(std::move(config)),
      metrics_(config_),
      admin_(std::move(admin)),
      offsets_(std::move(offsets)) {
    if (!offsets_) offsets_ = std::make_unique<storage::MemoryOffsetBackingStore>();
    offsets_->start();
    auto plugin_cfg = WorkerPluginConfig::from_values(
        config_.get_string("plugin.path").value_or(""), config_.plugin_discovery());
    registry_ = std::make_unique<PluginRegistry>(std::move(plugin_cfg));
    kc::set_linked_plugin_host(host_services());
    for (const kc_descriptor* d : builtin_config_providers())
        registry_->add_builtin(d);
    // Providers from plugin.path resolve like the built-ins.
    providers_ = std::make_unique<config::ConfigProviders>(
        config_, [this](const std::string& cls) -> const kc_descriptor* {
            try {
                return registry_->resolve(KC_KIND_CONFIG_PROVIDER, cls).descriptor();
            } catch (const std::exception&) {
                return nullptr;
            }
        });
    for (const kc_descriptor* d : builtin_converters())
        registry_->add_builtin(d);
    require_worker_converters();

    if (auto bs = config_.bootstrap_servers(); bs && !bs->empty()) {
        bootstrap_ = *bs;
    } else {
        broker_ = std::make_unique<kafka::EmbeddedBroker>(1);
        bootstrap_ = broker_->bootstrap_servers();
        // EmbeddedBroker logs its own banner with the address; say why it runs.
        spdlog::warn(
            "bootstrap.servers is not set: this worker runs an embedded, in-memory Kafka "
            "broker at {}",
            bootstrap_);
    }
    if (!admin_)
        admin_ = std::make_shared<kafka::Admin>(kafka::shared_admin_config(
            bootstrap_, config_.originals(), metrics::kClientStatisticsIntervalMs));
}

Worker::~Worker() = default;

// Java refuses to start with a converter class it cannot find, rather than fail every task.
void Worker::require_worker_converters() const {
    for (const auto& [which, kind] : {std::pair{"key.converter", KC_KIND_CONVERTER},
                                      std::pair{"value.converter", KC_KIND_CONVERTER},
                                      std::pair{"header.converter", KC_KIND_HEADER_CONVERTER}}) {
        const std::string cls = config_.get_string(which).value_or("");
        if (cls.empty()) continue;
        try {
            registry_->resolve(kind, cls);
        } catch (const std::exception& e) {
            throw config::ConfigError("Invalid value " + cls + " for configuration " + which +
                                      ": Class " + cls + " could not be found (" + e.what() + ")");
        }
    }
}

std::string Worker::kafka_cluster_id() {
    {
        std::lock_guard lock(mutex_);
        if (!cluster_id_.empty()) return cluster_id_;
    }
    std::string id;
    try {
        id = admin_->cluster_id(2000);
    } catch (const std::exception& e) {
        spdlog::debug("Could not read the Kafka cluster id: {}", e.what());
    }
    std::lock_guard lock(mutex_);
    if (!id.empty()) cluster_id_ = id;
    return id;
}

config::ConfigMap Worker::resolve(const config::ConfigMap& raw) {
    std::map<std::string, int64_t> ttls_by_path;
    return resolve(raw, ttls_by_path);
}

config::ConfigMap Worker::resolve(const config::ConfigMap& raw,
                                  std::map<std::string, int64_t>& ttls_by_path) {
    config::TransformedConfig t = providers_->resolve(raw);
    ttls_by_path = std::move(t.ttls);
    return std::move(t.config);
}

std::vector<ConfigProblem> Worker::check_client_overrides(
    const config::ConfigMap& connector) const {
    std::vector<ConfigProblem> problems;
    std::string policy = config_.client_config_override_policy();
    std::string lower = policy;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Java accepts the class names too.
    bool all = lower == "all" || policy.ends_with("AllConnectorClientConfigOverridePolicy");
    bool none = lower == "none" || policy.ends_with("NoneConnectorClientConfigOverridePolicy");
    bool principal =
        lower == "principal" || policy.ends_with("PrincipalConnectorClientConfigOverridePolicy");
    if (all) return problems;
    for (const char* role : {"producer", "consumer", "admin"}) {
        for (const auto& [k, v] : connector.with_prefix(std::string(role) + ".override.")) {
            if (principal && principal_keys().count(k)) continue;
            std::string key = std::string(role) + ".override." + k;
            problems.push_back({key, "The '" +
                                         (none        ? std::string("None")
                                          : principal ? "Principal"
                                                      : policy) +
                                         "' policy does not allow '" + key +
                                         "' to be overridden in the connector configuration."});
        }
    }
    return problems;
}

config::ConfigMap Worker::overrides_for(const config::ConfigMap& connector,
                                        const std::string& role) const {
    return connector.with_prefix(role + ".override.");
}

std::shared_ptr<kafka::Admin> Worker::task_admin(const config::ConfigMap& connector,
                                                 const std::string& client_id) const {
    config::ConfigMap overrides = overrides_for(connector, "admin");
    if (overrides.empty()) return admin_;
    return std::make_shared<kafka::Admin>(
        kafka::connector_admin_config(bootstrap_, config_.originals(), client_id, overrides,
                                      metrics::kClientStatisticsIntervalMs));
}

PluginSpec Worker::converter_spec(const config::ConfigMap& connector,
                                  const std::string& which) const {
    PluginSpec spec;
    if (const std::string* cls = connector.find(which); cls && !cls->empty()) {
        spec.class_name = *cls;
        spec.config = connector.with_prefix(which + ".");
    } else {
        spec.class_name = config_.get_string(which).value_or("");
        spec.config = config_.with_prefix(which + ".");
    }
    // Java's converters learn their role through converter.type.
    spec.config.set("converter.type", which == "key.converter"     ? "key"
                                      : which == "value.converter" ? "value"
                                                                   : "header");
    return spec;
}

std::shared_ptr<TaskDriver> Worker::create_task(const ConnectorTaskId& id,
                                                const PluginHandle& connector,
                                                const ConnectorConfig& parsed,
                                                const config::ConfigMap& connector_settings,
                                                const config::ConfigMap& task_config,
                                                TaskStatusListener* listener, TargetState initial) {
    return create_task(id, connector, parsed, connector_settings, task_config,
                       // Not owned: the caller outlives its tasks.
                       std::shared_ptr<TaskStatusListener>(std::shared_ptr<void>(), listener),
                       initial);
}

std::shared_ptr<TaskDriver> Worker::create_task(
    const ConnectorTaskId& id, const PluginHandle& connector, const ConnectorConfig& parsed,
    const config::ConfigMap& connector_settings, const config::ConfigMap& task_config,
    std::shared_ptr<TaskStatusListener> listener, TargetState initial) {
    // The herder refuses such a config, but one stored under another policy
    // (another worker's, or this one's before a restart) may still carry
    // overrides: as Java does, its tasks fail rather than use them.
    if (auto problems = check_client_overrides(connector_settings); !problems.empty())
        throw config::ConfigError(problems.front().message);
    TaskSetup setup{
        .id = id,
        .registry = registry_.get(),
        .connector = connector,
        .task_config = task_config,
        .connector_config = parsed,
        .key_converter = converter_spec(connector_settings, "key.converter"),
        .value_converter = converter_spec(connector_settings, "value.converter"),
        .header_converter = converter_spec(connector_settings, "header.converter"),
        .listener = listener.get(),
        .listener_owner = listener,
        .active_topics = config_.get_bool("topic.tracking.enable") ? &active_topics_ : nullptr,
        .initial_state = initial,
        .offset_flush_interval_ms = config_.offset_flush_interval_ms(),
        .offset_flush_timeout_ms = config_.offset_flush_timeout_ms(),
        .metrics_registry = &metrics_,
        .metrics = metrics_.add_task(id, connector.descriptor()->kind != KC_KIND_SOURCE_CONNECTOR)};

    const std::string suffix = id.connector + "-" + std::to_string(id.task);
    if (connector.descriptor()->kind == KC_KIND_SOURCE_CONNECTOR) {
        config::ConfigMap defaults = kafka::source_producer_defaults();
        defaults.set("client.id", "connector-producer-" + suffix);
        defaults.set("statistics.interval.ms", std::string(metrics::kClientStatisticsIntervalMs));
        auto producer =
            kafka::build_client_config(kafka::ClientRole::Producer, bootstrap_, config_.originals(),
                                       defaults, overrides_for(connector_settings, "producer"));
        // KIP-158: topics are created once both default-group keys are set.
        std::optional<std::pair<int32_t, int16_t>> creation;
        const std::string* parts = connector_settings.find("topic.creation.default.partitions");
        const std::string* rf =
            connector_settings.find("topic.creation.default.replication.factor");
        if (config_.get_bool("topic.creation.enable") && parts && rf)
            creation = std::make_pair(static_cast<int32_t>(std::stol(*parts)),
                                      static_cast<int16_t>(std::stoi(*rf)));
        return std::make_shared<SourceTaskDriver>(
            std::move(setup), std::move(producer), offsets_.get(),
            creation ? task_admin(connector_settings, "connector-adminclient-" + suffix) : admin_,
            creation);
    }
    config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + id.connector);
    defaults.set("client.id", "connector-consumer-" + suffix);
    defaults.set("statistics.interval.ms", std::string(metrics::kClientStatisticsIntervalMs));
    // The embedded broker (librdkafka's mock cluster) rebalances a group that
    // a member has left only after that member's session timeout less 1 s,
    // even when nobody is left: the departing consumer's LeaveGroup puts the
    // group in its joining state with that delay, and a new member's join
    // does not shorten it, so under the 45 s default a restarted sink task
    // would wait ~44 s for its partitions. A real broker rebalances at once.
    // The broker may be this process's or connect-embedded-broker's: the
    // cluster id tells.
    if (kafka::EmbeddedBroker::find(bootstrap_) ||
        kafka::EmbeddedBroker::is_embedded_cluster_id(kafka_cluster_id())) {
        defaults.set("session.timeout.ms", "6000");
        defaults.set("heartbeat.interval.ms", "2000");
    }
    auto consumer =
        kafka::build_client_config(kafka::ClientRole::Consumer, bootstrap_, config_.originals(),
                                   defaults, overrides_for(connector_settings, "consumer"));
    std::optional<kafka::ClientConfig> dlq;
    std::shared_ptr<kafka::Admin> admin = admin_;
    if (!parsed.errors.dlq_topic.empty()) {
        // Java's client id for it, the same for every task.
        admin = task_admin(connector_settings, "connector-dlq-adminclient-");
        config::ConfigMap d = kafka::source_producer_defaults();
        d.set("client.id", "connector-dlq-producer-" + suffix);
        dlq =
            kafka::build_client_config(kafka::ClientRole::Producer, bootstrap_, config_.originals(),
                                       d, overrides_for(connector_settings, "producer"));
    }
    return std::make_shared<SinkTaskDriver>(std::move(setup), std::move(consumer), std::move(dlq),
                                            std::move(admin));
}

}  // namespace kc::host::runtime
