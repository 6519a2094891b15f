// How the group client secures its broker connections, read from the worker's
// settings with Java's names (security.protocol, sasl.mechanism,
// sasl.jaas.config, ssl.truststore.*, ssl.endpoint.identification.algorithm)
// and librdkafka's where Java has none (sasl.username/sasl.password,
// ssl.ca.location, ssl.certificate.location, ssl.key.location).
#pragma once

#include <stdexcept>
#include <string>

#include "host/config/config_map.hpp"

namespace kc::host::kafka::protocol {

// A security setting that cannot be honoured (unknown protocol, a SASL
// mechanism or truststore type this client does not implement, missing
// credentials), or an authentication or TLS handshake that failed.
class SecurityError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class SecurityProtocol { Plaintext, Ssl, SaslPlaintext, SaslSsl };
enum class SaslMechanism { Plain, ScramSha256, ScramSha512 };

struct TlsSettings {
    // PEM file of trusted CAs; empty = the system's default trust store.
    std::string ca_file;
    // Inline PEM certificates (ssl.truststore.certificates).
    std::string ca_pem;
    // Client certificate and key (PEM files), for brokers that require one.
    std::string certificate_file;
    std::string key_file;
    std::string key_password;
    // ssl.endpoint.identification.algorithm=https (Java's default): the
    // broker certificate must name the host connected to.
    bool verify_hostname = true;
};

struct SecurityConfig {
    SecurityProtocol protocol = SecurityProtocol::Plaintext;
    SaslMechanism mechanism = SaslMechanism::Plain;
    std::string username;
    std::string password;
    TlsSettings tls;

    bool uses_tls() const {
        return protocol == SecurityProtocol::Ssl || protocol == SecurityProtocol::SaslSsl;
    }
    bool uses_sasl() const {
        return protocol == SecurityProtocol::SaslPlaintext || protocol == SecurityProtocol::SaslSsl;
    }
};

// Reads the settings above from the worker config (top-level keys, as Java's
// group client sees them). Throws SecurityError naming the key and value.
SecurityConfig parse_security_config(const config::ConfigMap& worker);

// "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512".
const char* sasl_mechanism_name(SaslMechanism mechanism);

}  // namespace kc::host::kafka::protocol
