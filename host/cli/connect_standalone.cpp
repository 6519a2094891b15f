// connect-standalone worker.properties [connector.properties|connector.json ...]
//
// Starts a standalone worker: plugins from plugin.path, Kafka at
// bootstrap.servers (or an embedded in-memory broker when unset), the REST API
// on `listeners`, then the connectors given on the command line. SIGINT or
// SIGTERM stops it gracefully: tasks stop, offsets are flushed, exit code 0.
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>

#include "connect_standalone_args.hpp"
#include "embedded_registry.hpp"
#include "host/config/properties.hpp"
#include "host/config/worker_config.hpp"
#include "host/herder/standalone_herder.hpp"
#include "host/rest/rest_server.hpp"
#include "host/runtime/worker.hpp"
#include "host/storage/file_offset_backing_store.hpp"
#include "metrics_endpoint.hpp"
#include "worker_process.hpp"

namespace {

using namespace kc::host;

int run(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    int exit_code = 0;
    const std::optional<cli::StandaloneArgs> args =
        cli::parse_standalone_args(argc, argv, exit_code);
    if (!args) return exit_code;

    // Before any other thread starts, so every thread inherits the mask.
    cli::StopSignals stop_signals;

    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S,%e] %^%l%$ %v");
    spdlog::info("Kafka Connect standalone worker initializing ...");

    std::map<std::string, std::string> props;
    for (const auto& [k, v] : config::load_properties_file(args->worker_config))
        props[k] = v;
    config::ConfigMap originals;
    for (const auto& [k, v] : props)
        originals.set(k, v);
    config::WorkerConfig worker_config(originals, config::WorkerMode::Standalone);

    std::vector<cli::ConnectorFile> connector_files;
    for (const auto& f : args->connector_configs)
        connector_files.push_back(cli::load_connector_file(f));

    auto offsets =
        std::make_unique<storage::FileOffsetBackingStore>(*worker_config.offset_storage_file());
    runtime::Worker worker(worker_config, std::move(offsets));
    auto schema_registry =
        worker.embedded_broker() ? cli::serve_embedded_registry(worker_config) : nullptr;
    StandaloneHerder herder(worker);
    rest::RestServer server(herder, rest::parse_rest_config(props));
    cli::MetricsEndpoint metrics(worker_config, props, worker.metrics());
    metrics.serve_on(server);
    server.start();
    metrics.start();
    worker.set_worker_id(worker_id_from_url(server.advertised_url()));
    cli::publish_app_info(worker);

    for (const auto& c : connector_files) {
        try {
            auto result = herder.putConnectorConfig(c.name, c.config, false, c.initial_state);
            spdlog::info("Created connector {}", result.info.name);
        } catch (const std::exception& e) {
            spdlog::error("Failed to create connector for {}: {}", c.name, e.what());
            spdlog::error("Stopping after connector error");
            herder.stop();
            server.stop();
            return 1;
        }
    }
    herder.mark_ready();
    cli::announce_ready(started, server.listeners().front().url());

    spdlog::info("Kafka Connect stopping ({})", stop_signals.wait());
    metrics.stop();
    server.stop();
    herder.stop();
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
