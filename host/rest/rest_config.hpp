// REST server settings read from the worker's properties.
//
// Keys (Java's names where Java has one):
//   listeners                 comma list of http://host:port / https://host:port
//                             (default http://:8083; empty host = all interfaces, port 0 =
//                             ephemeral)
//   admin.listeners           unset: /admin served on `listeners`; empty: /admin disabled;
//                             otherwise /admin served only on these listeners
//   rest.advertised.host.name / rest.advertised.port / rest.advertised.listener
//   rest.request.max.bytes    largest accepted request body (default 10 MiB) - this project's key
//   rest.server.threads       I/O threads (default 2) - this project's key
// TLS for https listeners: see TlsSettings. Every ssl.* key may also be given with the
// `listeners.https.` prefix, which wins (as in Java).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kc::host::rest {

using WorkerProps = std::map<std::string, std::string>;

struct ListenerSpec {
    std::string scheme;  // "http" or "https"
    std::string host;    // empty = all interfaces
    unsigned short port = 0;
    bool admin_only = false;  // from admin.listeners: serves /admin and nothing else
};

// Java keeps key material in JKS/PKCS12 keystores; this worker reads PEM only:
//   ssl.keystore.type=PEM with ssl.keystore.location = one PEM file holding the private key
//     and the certificate chain (Kafka's KIP-651 form), or
//   ssl.keystore.key + ssl.keystore.certificate.chain = the PEM text inline (KIP-651), or
//   ssl.certificate.location + ssl.key.location = separate PEM files (librdkafka's names).
//   ssl.key.password decrypts an encrypted key.
//   ssl.client.auth = none|requested|required with ssl.truststore.location (PEM CA file,
//     ssl.truststore.type=PEM) or ssl.truststore.certificates (inline PEM).
// A JKS or PKCS12 keystore is refused with a message saying how to convert it.
struct TlsSettings {
    std::string certificate_chain_pem;  // loaded text
    std::string private_key_pem;        // loaded text
    std::string key_password;
    std::string client_auth = "none";
    std::string truststore_pem;
};

struct RestServerConfig {
    std::vector<ListenerSpec> listeners;
    bool admin_on_main = true;       // false once admin.listeners is set
    std::optional<TlsSettings> tls;  // set when any listener is https
    std::size_t max_body_bytes = 10 * 1024 * 1024;
    int threads = 2;
    std::string advertised_host;
    std::optional<unsigned short> advertised_port;
    std::string advertised_listener;
};

// Parses the settings above; throws std::invalid_argument naming the key and the problem.
RestServerConfig parse_rest_config(const WorkerProps& props);

// "http://:8083,https://h:8443" -> specs; throws std::invalid_argument on a malformed entry.
std::vector<ListenerSpec> parse_listener_list(const std::string& key, const std::string& value);

}  // namespace kc::host::rest
