#include "host/kafka/protocol/sasl_authenticator.hpp"

#include "host/kafka/protocol/broker_connection.hpp"
#include "host/kafka/protocol/sasl_codecs.hpp"
#include "host/kafka/protocol/scram_client.hpp"

namespace kc::host::kafka::protocol {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "none" : out;
}

// One SaslAuthenticate round trip; the broker's token back.
std::string exchange(BrokerConnection& connection, std::int16_t version, std::string_view token,
                     const char* mechanism, Deadline deadline) {
    const auto response = decode_sasl_authenticate_response(
        connection.round_trip(ApiKey::SaslAuthenticate, version,
                              encode_sasl_authenticate_request(token, version), deadline),
        version);
    if (response.error_code != error_code::none)
        throw SecurityError(std::string(mechanism) + " authentication to " +
                            connection.address().to_string() +
                            " failed: " + error_name(response.error_code) +
                            (response.error_message ? ": " + *response.error_message : ""));
    return response.auth_bytes;
}

}  // namespace

void sasl_authenticate(BrokerConnection& connection, const SecurityConfig& security,
                       Deadline deadline) {
    const char* mechanism = sasl_mechanism_name(security.mechanism);
    const std::int16_t handshake_version =
        connection.version_for(ApiKey::SaslHandshake, sasl_handshake_versions, deadline);
    const auto handshake = decode_sasl_handshake_response(
        connection.round_trip(ApiKey::SaslHandshake, handshake_version,
                              encode_sasl_handshake_request(mechanism, handshake_version),
                              deadline),
        handshake_version);
    if (handshake.error_code != error_code::none)
        throw SecurityError("broker " + connection.address().to_string() +
                            " refused SASL mechanism " + mechanism + ": " +
                            error_name(handshake.error_code) +
                            " (it enables: " + join(handshake.mechanisms) + ")");
    const std::int16_t version =
        connection.version_for(ApiKey::SaslAuthenticate, sasl_authenticate_versions, deadline);
    if (security.mechanism == SaslMechanism::Plain) {
        // RFC 4616: authzid NUL authcid NUL password, with no authzid.
        exchange(
            connection, version,
            std::string(1, '\0') + security.username + std::string(1, '\0') + security.password,
            mechanism, deadline);
        return;
    }
    ScramClient scram(security.mechanism, security.username, security.password);
    const std::string server_first =
        exchange(connection, version, scram.client_first(), mechanism, deadline);
    const std::string server_final =
        exchange(connection, version, scram.client_final(server_first), mechanism, deadline);
    scram.verify_server_final(server_final);
}

}  // namespace kc::host::kafka::protocol
