// connect-distributed worker.properties
//
// Starts a worker of a distributed Connect cluster (Java's
// bin/connect-distributed.sh): it joins the group `group.id` on the Kafka
// cluster at bootstrap.servers, keeps configs, offsets and statuses in the
// three internal topics, and serves the REST API on `listeners`. Without
// bootstrap.servers it starts an in-process embedded broker and runs a
// one-worker cluster on it. SIGINT or SIGTERM leaves the group at once and
// stops the worker gracefully (exit code 0).
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "command_line.hpp"
#include "embedded_registry.hpp"
#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"
#include "host/config/worker_config.hpp"
#include "host/herder/distributed/distributed_herder.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/protocol/group_member_config.hpp"
#include "host/metrics/client_statistics.hpp"
#include "host/rest/rest_server.hpp"
#include "host/runtime/worker.hpp"
#include "host/storage/kafka/kafka_config_backing_store.hpp"
#include "host/storage/kafka/kafka_offset_backing_store.hpp"
#include "host/storage/kafka/kafka_status_backing_store.hpp"
#include "metrics_endpoint.hpp"
#include "worker_process.hpp"

namespace {

using namespace kc::host;

// A project setting for the librdkafka mock broker only: a follower's
// SyncGroup that reaches it after the leader's is refused, so the leader
// waits this long before syncing. Real brokers need none.
constexpr const char* kLeaderSyncDelayKey = "group.leader.sync.delay.ms";

int run(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    cli::CommandLine command_line(
        "connect-distributed", "[options] worker.properties",
        "Runs a worker of a distributed Kafka Connect cluster: workers with the same\n"
        "group.id share connectors and tasks and keep their state in the config, offset\n"
        "and status topics. Without bootstrap.servers an embedded, in-memory Kafka\n"
        "broker is started and the worker forms a cluster of one on it.");
    command_line.positional("worker-config", 1, boost::program_options::value<std::string>());
    const auto values = command_line.parse(argc, argv);
    if (!values) return command_line.exit_code();
    if (!values->count("worker-config"))
        return command_line.usage_error("missing the worker config file");
    const std::string worker_file = (*values)["worker-config"].as<std::string>();

    // Before any other thread starts, so every thread inherits the mask.
    cli::StopSignals stop_signals;

    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S,%e] %^%l%$ %v");
    spdlog::info("Kafka Connect distributed worker initializing ...");

    std::map<std::string, std::string> props;
    config::ConfigMap originals;
    for (const auto& [k, v] : config::load_properties_file(worker_file)) {
        props[k] = v;
        originals.set(k, v);
    }

    // Zero-setup: a cluster of one on an in-process broker. The stores create
    // the internal topics on it with their configured partition counts.
    std::unique_ptr<kafka::EmbeddedBroker> broker;
    if (config::parse_list(originals.get_or("bootstrap.servers", "")).empty()) {
        broker = std::make_unique<kafka::EmbeddedBroker>(1);
        originals.set("bootstrap.servers", broker->bootstrap_servers());
        if (!originals.contains(kLeaderSyncDelayKey)) originals.set(kLeaderSyncDelayKey, "100");
        spdlog::warn("*************************************************************************");
        spdlog::warn("bootstrap.servers is not set: running a ONE-WORKER cluster on an EMBEDDED,");
        spdlog::warn("IN-MEMORY Kafka broker at {}. Everything it holds is lost at exit.",
                     broker->bootstrap_servers());
        spdlog::warn("Set bootstrap.servers to a real Kafka cluster for anything else.");
        spdlog::warn("*************************************************************************");
    }
    config::WorkerConfig worker_config(originals, config::WorkerMode::Distributed);
    auto schema_registry = broker ? cli::serve_embedded_registry(worker_config) : nullptr;
    const distributed::DistributedHerderConfig herder_config =
        distributed::distributed_herder_config(worker_config);
    auto group = kafka::protocol::group_member_config_from_worker(originals);
    if (auto delay = originals.get(kLeaderSyncDelayKey))
        group.leader_sync_delay =
            std::chrono::milliseconds(config::parse_long(kLeaderSyncDelayKey, *delay));

    storage::KafkaStoreSettings store_settings;
    store_settings.bootstrap_servers = *worker_config.bootstrap_servers();
    store_settings.worker = originals;
    // One admin client for the worker and its stores, as Java's shared admin.
    store_settings.admin = std::make_shared<kafka::Admin>(kafka::shared_admin_config(
        store_settings.bootstrap_servers, originals, metrics::kClientStatisticsIntervalMs));
    auto offsets = std::make_unique<storage::KafkaOffsetBackingStore>(store_settings);
    runtime::Worker worker(worker_config, std::move(offsets), store_settings.admin);
    storage::KafkaConfigBackingStore config_store(store_settings);
    storage::KafkaStatusBackingStore status_store(store_settings);

    distributed::DistributedHerder herder(worker, herder_config, group, config_store, status_store);
    rest::RestServer server(herder, rest::parse_rest_config(props));
    cli::MetricsEndpoint metrics(worker_config, props, worker.metrics());
    metrics.serve_on(server);
    server.start();
    metrics.start();
    worker.set_worker_id(worker_id_from_url(server.advertised_url()));
    cli::publish_app_info(worker);
    herder.start(server.advertised_url());

    cli::announce_ready(started, server.listeners().front().url());

    spdlog::info("Kafka Connect stopping ({})", stop_signals.wait());
    herder.stop();
    metrics.stop();
    server.stop();
    spdlog::info("Kafka Connect stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        spdlog::error("Stopping due to error: {}", e.what());
        return 1;
    }
}
