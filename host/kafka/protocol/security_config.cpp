#include "host/kafka/protocol/security_config.hpp"

#include <algorithm>
#include <cctype>

#include "host/kafka/protocol/jaas_config.hpp"

namespace kc::host::kafka::protocol {
namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

SecurityProtocol parse_protocol(std::string_view value) {
    const std::string v = upper(value);
    if (v == "PLAINTEXT") return SecurityProtocol::Plaintext;
    if (v == "SSL") return SecurityProtocol::Ssl;
    if (v == "SASL_PLAINTEXT") return SecurityProtocol::SaslPlaintext;
    if (v == "SASL_SSL") return SecurityProtocol::SaslSsl;
    throw SecurityError("security.protocol: unknown value '" + std::string(value) +
                        "' (expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)");
}

SaslMechanism parse_mechanism(std::string_view value) {
    const std::string v = upper(value);
    if (v == "PLAIN") return SaslMechanism::Plain;
    if (v == "SCRAM-SHA-256") return SaslMechanism::ScramSha256;
    if (v == "SCRAM-SHA-512") return SaslMechanism::ScramSha512;
    throw SecurityError("sasl.mechanism " + std::string(value) +
                        " is not supported by the Connect group client (it speaks PLAIN, "
                        "SCRAM-SHA-256 and SCRAM-SHA-512)");
}

// The login module Java pairs with each mechanism.
std::string_view login_module_for(SaslMechanism mechanism) {
    return mechanism == SaslMechanism::Plain
               ? "org.apache.kafka.common.security.plain.PlainLoginModule"
               : "org.apache.kafka.common.security.scram.ScramLoginModule";
}

void read_credentials(const config::ConfigMap& worker, SecurityConfig& out) {
    if (const auto jaas = worker.get("sasl.jaas.config")) {
        const JaasEntry entry = parse_jaas_config(*jaas);
        const std::string_view expected = login_module_for(out.mechanism);
        if (entry.login_module != expected)
            throw SecurityError("sasl.jaas.config names " + entry.login_module +
                                ", but sasl.mechanism " + sasl_mechanism_name(out.mechanism) +
                                " needs " + std::string(expected));
        const auto user = entry.options.find("username");
        const auto pass = entry.options.find("password");
        if (user == entry.options.end() || pass == entry.options.end())
            throw SecurityError("sasl.jaas.config has no username and password for " +
                                std::string(sasl_mechanism_name(out.mechanism)));
        out.username = user->second;
        out.password = pass->second;
        return;
    }
    // librdkafka's spelling.
    const auto user = worker.get("sasl.username");
    const auto pass = worker.get("sasl.password");
    if (!user || !pass)
        throw SecurityError(
            std::string("security.protocol ") +
            (out.protocol == SecurityProtocol::SaslSsl ? "SASL_SSL" : "SASL_PLAINTEXT") +
            " needs credentials: sasl.jaas.config (or sasl.username and "
            "sasl.password)");
    out.username = std::string(*user);
    out.password = std::string(*pass);
}

void read_tls(const config::ConfigMap& worker, TlsSettings& out) {
    if (const auto location = worker.get("ssl.truststore.location")) {
        const std::string type = upper(worker.get_or("ssl.truststore.type", "JKS"));
        if (type != "PEM")
            throw SecurityError("ssl.truststore.type " + type +
                                " cannot be read by the Connect group client; give the CA "
                                "certificates as PEM (ssl.truststore.type=PEM, or "
                                "ssl.ca.location)");
        out.ca_file = std::string(*location);
    }
    if (const auto pem = worker.get("ssl.truststore.certificates")) out.ca_pem = std::string(*pem);
    if (const auto ca = worker.get("ssl.ca.location")) out.ca_file = std::string(*ca);
    if (const auto keystore = worker.get("ssl.keystore.location")) {
        const std::string type = upper(worker.get_or("ssl.keystore.type", "JKS"));
        if (type != "PEM")
            throw SecurityError("ssl.keystore.type " + type +
                                " cannot be read by the Connect group client; use a PEM "
                                "keystore (ssl.keystore.type=PEM) or ssl.certificate.location "
                                "with ssl.key.location");
        out.certificate_file = out.key_file = std::string(*keystore);
    }
    if (const auto cert = worker.get("ssl.certificate.location"))
        out.certificate_file = std::string(*cert);
    if (const auto key = worker.get("ssl.key.location")) out.key_file = std::string(*key);
    out.key_password = worker.get_or("ssl.key.password", "");
    const std::string algorithm = worker.get_or("ssl.endpoint.identification.algorithm", "https");
    if (algorithm.empty() || upper(algorithm) == "NONE") {
        out.verify_hostname = false;
    } else if (upper(algorithm) != "HTTPS") {
        throw SecurityError("ssl.endpoint.identification.algorithm: unknown value '" + algorithm +
                            "' (expected https or empty)");
    }
}

}  // namespace

const char* sasl_mechanism_name(SaslMechanism mechanism) {
    switch (mechanism) {
        case SaslMechanism::Plain:
            return "PLAIN";
        case SaslMechanism::ScramSha256:
            return "SCRAM-SHA-256";
        case SaslMechanism::ScramSha512:
            return "SCRAM-SHA-512";
    }
    return "?";
}

SecurityConfig parse_security_config(const config::ConfigMap& worker) {
    SecurityConfig out;
    out.protocol = parse_protocol(worker.get_or("security.protocol", "PLAINTEXT"));
    if (out.uses_sasl()) {
        // Java's default mechanism is GSSAPI (Kerberos), which is refused.
        out.mechanism = parse_mechanism(worker.get_or("sasl.mechanism", "GSSAPI"));
        read_credentials(worker, out);
    }
    if (out.uses_tls()) read_tls(worker, out.tls);
    return out;
}

}  // namespace kc::host::kafka::protocol
