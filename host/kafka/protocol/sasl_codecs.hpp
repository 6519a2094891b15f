// SaslHandshake v1 (the mechanism; v0's raw unframed tokens are not used) and
// SaslAuthenticate v0-1 (the SASL tokens, framed as Kafka requests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/protocol/request_header.hpp"

namespace kc::host::kafka::protocol {

inline constexpr VersionRange sasl_handshake_versions{1, 1};
inline constexpr VersionRange sasl_authenticate_versions{0, 1};

struct SaslHandshakeResponse {
    std::int16_t error_code = 0;
    std::vector<std::string> mechanisms;  // what the broker enables
};

struct SaslAuthenticateResponse {
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::string auth_bytes;
    std::int64_t session_lifetime_ms = 0;  // v1+
};

std::string encode_sasl_handshake_request(std::string_view mechanism, std::int16_t version);
SaslHandshakeResponse decode_sasl_handshake_response(std::string_view body, std::int16_t version);

std::string encode_sasl_authenticate_request(std::string_view auth_bytes, std::int16_t version);
SaslAuthenticateResponse decode_sasl_authenticate_response(std::string_view body,
                                                           std::int16_t version);

}  // namespace kc::host::kafka::protocol
