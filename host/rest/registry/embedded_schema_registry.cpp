#include "host/rest/registry/embedded_schema_registry.hpp"

#include <spdlog/spdlog.h>

#include "host/rest/listener.hpp"
#include "host/rest/tls_context.hpp"

namespace kc::host::rest::registry {

namespace net = boost::asio;

EmbeddedSchemaRegistry::EmbeddedSchemaRegistry(unsigned short port, const rest::TlsSettings* tls) {
    if (tls) tls_ = rest::make_tls_context(*tls);
    add_registry_routes(router_, store_);
    settings_.router = &router_;
    settings_.max_body_bytes = 16 * 1024 * 1024;
    settings_.scheme = tls ? "https" : "http";
    settings_.admin_allowed = false;
    settings_.api_allowed = true;
    listener_ = std::make_shared<rest::Listener>(
        io_, net::ip::tcp::endpoint(net::ip::address_v4::loopback(), port), settings_, tls_.get());
    url_ = settings_.scheme + "://127.0.0.1:" + std::to_string(listener_->local_endpoint().port());
    listener_->run();
    thread_ = std::thread([this] { io_.run(); });
    spdlog::info(
        "embedded schema registry listening at {} (in memory: use a real schema "
        "registry in production)",
        url_);
}

EmbeddedSchemaRegistry::~EmbeddedSchemaRegistry() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace kc::host::rest::registry
