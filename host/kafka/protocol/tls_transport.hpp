// TLS over a connected TCP transport (OpenSSL), for security.protocol SSL and
// SASL_SSL.
#pragma once

#include <memory>
#include <string>

#include "host/kafka/protocol/security_config.hpp"
#include "host/kafka/protocol/transport.hpp"

namespace kc::host::kafka::protocol {

// Runs the TLS handshake before the deadline, verifying the broker's
// certificate against `settings` (and its name against `host` unless
// hostname verification is off). Throws SecurityError when verification or
// the handshake fails, ConnectionError when the stream breaks.
std::unique_ptr<Transport> start_tls(std::unique_ptr<Transport> tcp, const TlsSettings& settings,
                                     const std::string& host, Deadline deadline);

}  // namespace kc::host::kafka::protocol
