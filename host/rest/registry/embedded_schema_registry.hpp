// A Confluent-compatible schema registry served on a loopback port, for the
// embedded broker's zero-setup path (tests, demos). It answers the REST calls
// converters and Confluent's clients make: register (checked against the
// subject's compatibility level), lookup, schema by id (and its raw text,
// versions and subjects), subject versions, subjects, config, compatibility
// checks, schema types; anything else (such as /associations, which clients
// then skip) is a 404. Schemas live in memory and are lost on exit:
// production uses a real registry.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>

#include "host/kafka/registry/schema_store.hpp"
#include "host/rest/http_session.hpp"
#include "host/rest/rest_config.hpp"
#include "host/rest/router.hpp"

namespace kc::host::rest {
class Listener;
}

// Served on the REST layer's HTTP server pieces (listener, router, TLS), so
// it lives here rather than beside the schema store in host/kafka/registry.
namespace kc::host::rest::registry {

using kafka::registry::SchemaStore;

class EmbeddedSchemaRegistry {
  public:
    // Binds 127.0.0.1:port (0: a port the OS picks) at once; throws
    // std::runtime_error when it cannot. With `tls`, serves https (client
    // certificates required when tls->client_auth says so); throws
    // std::invalid_argument when the TLS material is unusable.
    explicit EmbeddedSchemaRegistry(unsigned short port = 0,
                                    const rest::TlsSettings* tls = nullptr);
    ~EmbeddedSchemaRegistry();
    EmbeddedSchemaRegistry(const EmbeddedSchemaRegistry&) = delete;
    EmbeddedSchemaRegistry& operator=(const EmbeddedSchemaRegistry&) = delete;

    // "http(s)://127.0.0.1:<port>", for schema.registry.url.
    const std::string& url() const { return url_; }
    SchemaStore& store() { return store_; }

  private:
    SchemaStore store_;
    rest::Router router_;
    rest::SessionSettings settings_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    boost::asio::io_context io_;
    std::shared_ptr<rest::Listener> listener_;
    std::string url_;
    std::thread thread_;
};

// The registry's REST API over a store (split out so it can be tested without sockets).
void add_registry_routes(rest::Router& router, SchemaStore& store);

}  // namespace kc::host::rest::registry
