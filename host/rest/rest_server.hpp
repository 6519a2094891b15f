// The worker's REST server: Java Kafka Connect's REST API over a Herder.
//
// Use from the worker:
//   auto cfg = kc::host::rest::parse_rest_config(worker_props);  // throws std::invalid_argument
//   kc::host::rest::RestServer server(herder, cfg);
//   server.start();                       // binds every listener or throws std::runtime_error
//   server.advertised_url();              // "http://host:port/" for worker_id / status
//   server.listeners()[0].port;           // the bound port (useful with port 0)
//   ...
//   server.stop();                        // also done by the destructor
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "host/herder/herder.hpp"
#include "host/rest/http_session.hpp"
#include "host/rest/logger_levels.hpp"
#include "host/rest/rest_config.hpp"
#include "host/rest/router.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {

class Listener;

struct BoundListener {
    std::string scheme;
    std::string host;         // as configured; empty = all interfaces
    unsigned short port = 0;  // as bound (the real port when 0 was configured)
    bool admin_only = false;
    std::string url() const;  // "http://host:port/" (host "0.0.0.0" when empty)
};

// This build's version and commit, for GET / (from CMake).
ServerInfo default_server_info();

class RestServer {
  public:
    // `herder` must outlive the server.
    RestServer(Herder& herder, RestServerConfig config, ServerInfo info = default_server_info());
    // A server of no route but those added with serve_metrics (a metrics listener).
    explicit RestServer(RestServerConfig config);
    ~RestServer();
    RestServer(const RestServer&) = delete;
    RestServer& operator=(const RestServer&) = delete;

    // Binds all listeners (throwing std::runtime_error naming the failing one, with nothing left
    // bound), then starts the I/O threads. Logs each bound URL at INFO.
    void start();
    // GET /metrics answers render()'s text as `content_type`. Before start().
    void serve_metrics(std::function<std::string()> render, std::string content_type);
    // Stops accepting and ends the I/O threads; requests in flight are dropped. Idempotent.
    void stop();

    std::vector<BoundListener> listeners() const { return bound_; }
    // Java's advertised URL: rest.advertised.listener/.host.name/.port, else the first main
    // listener of the chosen protocol with this machine's host name when bound to all interfaces.
    std::string advertised_url() const;

  private:
    Herder* herder_ = nullptr;  // none on a metrics-only server
    RestServerConfig config_;
    ServerInfo info_;
    LoggerLevels loggers_;
    Router router_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    std::deque<SessionSettings> session_settings_;  // one per listener; addresses stay stable
    boost::asio::io_context io_;  // after everything its pending handlers refer to
    std::vector<std::shared_ptr<Listener>> acceptors_;
    std::vector<BoundListener> bound_;
    std::vector<std::thread> threads_;
};

}  // namespace kc::host::rest
