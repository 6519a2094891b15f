#include "host/rest/rest_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/host_name.hpp>
#include <stdexcept>

#include "host/rest/listener.hpp"
#include "host/rest/tls_context.hpp"

namespace kc::host::rest {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

tcp::endpoint resolve(const ListenerSpec& spec) {
    if (spec.host.empty()) return {net::ip::address_v4::any(), spec.port};
    boost::system::error_code ec;
    auto address = net::ip::make_address(spec.host, ec);
    if (!ec) return {address, spec.port};
    net::io_context io;
    tcp::resolver resolver(io);
    auto results = resolver.resolve(spec.host, std::to_string(spec.port), ec);
    if (ec || results.empty())
        throw std::runtime_error("REST listener " + spec.scheme + "://" + spec.host + ":" +
                                 std::to_string(spec.port) +
                                 ": cannot resolve host: " + ec.message());
    return results.begin()->endpoint();
}

}  // namespace

std::string BoundListener::url() const {
    std::string h = host.empty() ? "0.0.0.0" : host;
    if (h.find(':') != std::string::npos) h = "[" + h + "]";
    return scheme + "://" + h + ":" + std::to_string(port) + "/";
}

RestServer::RestServer(Herder& herder, RestServerConfig config, ServerInfo info)
    : herder_(&herder), config_(std::move(config)), info_(std::move(info)) {
    add_root_routes(router_, herder, info_);
    add_connector_routes(router_, herder);
    add_connector_state_routes(router_, herder);
    add_connector_offset_routes(router_, herder);
    add_plugin_routes(router_, herder);
    add_internal_routes(router_, herder);
    add_logger_routes(router_, loggers_, herder);
    herder.setLoggerLevelApplier([this](const std::string& ns, const std::string& level) {
        if (!loggers_.set(ns, level))
            spdlog::warn("Ignoring cluster logger level '{}' for namespace {}: not a level", level,
                         ns);
    });
    if (config_.tls) tls_ = make_tls_context(*config_.tls);
}

RestServer::RestServer(RestServerConfig config) : config_(std::move(config)) {
    if (config_.tls) tls_ = make_tls_context(*config_.tls);
}

void RestServer::serve_metrics(std::function<std::string()> render, std::string content_type) {
    router_.add("GET", "/metrics",
                [render = std::move(render), content_type = std::move(content_type)](
                    const RestRequest&, const PathParams&) {
                    return RestResponse{200, render(), {{"Content-Type", content_type}}};
                });
}

RestServer::~RestServer() {
    if (herder_) herder_->setLoggerLevelApplier(nullptr);
    stop();
}

void RestServer::start() {
    if (!threads_.empty()) return;
    for (const auto& spec : config_.listeners) {
        bool https = spec.scheme == "https";
        session_settings_.push_back({&router_, config_.max_body_bytes, spec.scheme,
                                     spec.admin_only || config_.admin_on_main, !spec.admin_only});
        std::shared_ptr<Listener> listener;
        try {
            listener = std::make_shared<Listener>(io_, resolve(spec), session_settings_.back(),
                                                  https ? tls_.get() : nullptr);
        } catch (...) {
            acceptors_.clear();
            bound_.clear();
            throw;
        }
        bound_.push_back(
            {spec.scheme, spec.host, listener->local_endpoint().port(), spec.admin_only});
        acceptors_.push_back(std::move(listener));
    }
    for (auto& l : acceptors_)
        l->run();
    for (const auto& b : bound_)
        spdlog::info("REST server listening at {}{}", b.url(), b.admin_only ? " (admin only)" : "");
    for (int i = 0; i < config_.threads; ++i)
        threads_.emplace_back([this] { io_.run(); });
}

void RestServer::stop() {
    // Pending handlers (and the sessions they keep alive) are destroyed with io_.
    io_.stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    for (auto& l : acceptors_)
        l->close();
    acceptors_.clear();
}

std::string RestServer::advertised_url() const {
    std::string protocol = config_.advertised_listener;
    const BoundListener* chosen = nullptr;
    for (const auto& want : {protocol, std::string("http"), std::string("https")}) {
        for (const auto& b : bound_)
            if (!b.admin_only && b.scheme == want && !want.empty()) {
                chosen = &b;
                break;
            }
        if (chosen) break;
    }
    if (!chosen) return "";
    std::string host = config_.advertised_host;
    if (host.empty()) host = chosen->host;
    if (host.empty()) host = net::ip::host_name();
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    unsigned short port = config_.advertised_port.value_or(chosen->port);
    return chosen->scheme + "://" + host + ":" + std::to_string(port) + "/";
}

}  // namespace kc::host::rest
