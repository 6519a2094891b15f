#include "host/kafka/protocol/sasl_codecs.hpp"

namespace kc::host::kafka::protocol {

std::string encode_sasl_handshake_request(std::string_view mechanism, std::int16_t version) {
    check_version(ApiKey::SaslHandshake, version, sasl_handshake_versions);
    WireWriter out;
    out.string(mechanism);
    return out.take();
}

SaslHandshakeResponse decode_sasl_handshake_response(std::string_view body, std::int16_t version) {
    check_version(ApiKey::SaslHandshake, version, sasl_handshake_versions);
    WireReader in(body);
    SaslHandshakeResponse out;
    out.error_code = in.int16("SaslHandshake error_code");
    const auto count = in.array_length("SaslHandshake mechanisms", 2);
    for (std::int32_t i = 0; i < count.value_or(0); ++i)
        out.mechanisms.push_back(in.string("SaslHandshake mechanisms"));
    return out;
}

std::string encode_sasl_authenticate_request(std::string_view auth_bytes, std::int16_t version) {
    check_version(ApiKey::SaslAuthenticate, version, sasl_authenticate_versions);
    WireWriter out;
    out.bytes(auth_bytes);
    return out.take();
}

SaslAuthenticateResponse decode_sasl_authenticate_response(std::string_view body,
                                                           std::int16_t version) {
    check_version(ApiKey::SaslAuthenticate, version, sasl_authenticate_versions);
    WireReader in(body);
    SaslAuthenticateResponse out;
    out.error_code = in.int16("SaslAuthenticate error_code");
    out.error_message = in.nullable_string("SaslAuthenticate error_message");
    out.auth_bytes = in.nullable_bytes("SaslAuthenticate auth_bytes").value_or("");
    if (version >= 1) out.session_lifetime_ms = in.int64("SaslAuthenticate session_lifetime_ms");
    return out;
}

}  // namespace kc::host::kafka::protocol
