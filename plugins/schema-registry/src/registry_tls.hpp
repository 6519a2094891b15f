// HTTPS to the schema registry: Confluent's `schema.registry.ssl.*` keys (Kafka's
// client SSL keys under the registry client's `schema.registry.` namespace),
// read and checked when the converter is configured, so that a wrong path,
// password or format fails there, naming the key, and not at the first record.
//
// Java keeps key material in JKS or PKCS12 keystores; this client reads PKCS12
// (with OpenSSL) and PEM, and refuses a JKS store with a message saying how to
// convert it. Every store ends up as PEM text handed to libcurl.
#pragma once

#include <kc/config.hpp>
#include <string>

namespace kc_schema_registry {

enum class TlsVersion { Tls10, Tls11, Tls12, Tls13 };

struct RegistryTlsConfig {
    std::string truststore_pem;   // the CAs to trust; empty: the system's CA store
    std::string certificate_pem;  // client certificate and its chain (mutual TLS); empty: none
    std::string private_key_pem;  // the client certificate's key, decrypted
    bool verify_hostname = true;  // ssl.endpoint.identification.algorithm=https
    // ssl.enabled.protocols, capped by ssl.protocol.
    TlsVersion min_version = TlsVersion::Tls12;
    TlsVersion max_version = TlsVersion::Tls13;
    // ssl.cipher.suites, in OpenSSL's names: the TLS 1.2 list and the TLS 1.3
    // suites (empty: OpenSSL's defaults).
    std::string cipher_list;
    std::string tls13_ciphers;
};

// Adds the schema.registry.ssl.* keys to a converter's ConfigDef.
void define_registry_tls_keys(kc::ConfigDef& def);
// Loads the stores the keys name; throws kc::ConfigException naming the key and the problem.
RegistryTlsConfig parse_registry_tls_config(const kc::Config& config);

}  // namespace kc_schema_registry
