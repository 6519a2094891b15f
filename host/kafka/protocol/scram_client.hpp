// The client side of a SCRAM-SHA-256/512 exchange (RFC 5802, RFC 7677) as
// Kafka's ScramSaslClient runs it: no channel binding ("n,,"), the password
// used as UTF-8 bytes without SASLprep, at least 4096 iterations.
#pragma once

#include <string>
#include <string_view>

#include "host/kafka/protocol/security_config.hpp"

namespace kc::host::kafka::protocol {

class ScramClient {
  public:
    // `nonce` empty = a fresh random one (tests pass a fixed one).
    ScramClient(SaslMechanism mechanism, std::string username, std::string password,
                std::string nonce = {});

    // "n,,n=<user>,r=<nonce>"
    std::string client_first() const;
    // Checks the server's nonce, salt and iteration count and returns
    // "c=biws,r=<nonce>,p=<proof>". Throws SecurityError.
    std::string client_final(std::string_view server_first);
    // Checks "v=<server signature>" (or reports "e=<error>"). Throws SecurityError.
    void verify_server_final(std::string_view server_final) const;

  private:
    SaslMechanism mechanism_;
    std::string username_;
    std::string password_;
    std::string nonce_;
    std::string salted_password_;
    std::string auth_message_;
};

}  // namespace kc::host::kafka::protocol
