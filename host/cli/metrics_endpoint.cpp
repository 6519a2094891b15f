#include "metrics_endpoint.hpp"

#include "host/config/config_error.hpp"
#include "host/metrics/prometheus_exposition.hpp"

namespace kc::host::cli {

namespace {
constexpr const char* kListenerKey = "metrics.prometheus.listener";
}

MetricsEndpoint::MetricsEndpoint(const config::WorkerConfig& config, const rest::WorkerProps& props,
                                 const metrics::MetricsRegistry& registry)
    : registry_(registry), scheme_(metrics::naming_scheme(config)) {
    const std::string listener = config.get_string(kListenerKey).value_or("");
    if (listener.empty()) return;
    rest::RestServerConfig own;
    try {
        own = rest::parse_rest_config(props);
        own.listeners = rest::parse_listener_list(kListenerKey, listener);
    } catch (const std::invalid_argument& e) {
        throw config::ConfigError(e.what());
    }
    if (own.listeners.size() != 1)
        throw config::ConfigError("Invalid value " + listener + " for configuration " +
                                  kListenerKey + ": exactly one listener URL is expected");
    if (own.listeners[0].scheme == "https" && !own.tls)
        throw config::ConfigError("Invalid value " + listener + " for configuration " +
                                  kListenerKey +
                                  ": https needs the worker's listeners.https.ssl.* settings");
    own.listeners[0].admin_only = false;
    own.threads = 1;
    own_ = std::make_unique<rest::RestServer>(std::move(own));
    own_->serve_metrics([this] { return render(); }, std::string(metrics::kExpositionContentType));
}

MetricsEndpoint::~MetricsEndpoint() {
    stop();
}

std::string MetricsEndpoint::render() const {
    return metrics::render_prometheus(registry_, scheme_);
}

void MetricsEndpoint::serve_on(rest::RestServer& server) const {
    server.serve_metrics([this] { return render(); }, std::string(metrics::kExpositionContentType));
}

void MetricsEndpoint::start() {
    if (!own_) return;
    try {
        own_->start();
    } catch (const std::exception& e) {
        throw config::ConfigError(std::string("Cannot serve ") + kListenerKey + ": " + e.what());
    }
}

void publish_app_info(runtime::Worker& worker) {
    const rest::ServerInfo info = rest::default_server_info();
    worker.metrics().set_app_info(worker.worker_id(), info.version, info.commit);
}

void MetricsEndpoint::stop() {
    if (own_) own_->stop();
}

}  // namespace kc::host::cli
