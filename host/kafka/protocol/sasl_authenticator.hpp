// SASL authentication of a freshly connected broker connection:
// SaslHandshake v1 then SaslAuthenticate v0/v1 frames carrying PLAIN
// (RFC 4616) or SCRAM-SHA-256/512 (RFC 5802, RFC 7677) exchanges.
#pragma once

#include "host/kafka/protocol/security_config.hpp"
#include "host/kafka/protocol/transport.hpp"

namespace kc::host::kafka::protocol {

class BrokerConnection;

// Throws SecurityError naming the broker and the reason (mechanism not
// enabled on the broker, bad credentials, a server signature that does not
// verify).
void sasl_authenticate(BrokerConnection& connection, const SecurityConfig& security,
                       Deadline deadline);

}  // namespace kc::host::kafka::protocol
