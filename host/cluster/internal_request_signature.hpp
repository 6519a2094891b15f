// KIP-507: requests between workers of a cluster (task configs a follower
// hands the leader, zombie-fencing calls) are signed with the session key the
// leader publishes in the config topic, so that nobody who can merely reach a
// worker's REST port can inject task configurations.
//
// The signature is HMAC(session key, exact request body bytes), standard
// base64, in X-Connect-Authorization; the MAC algorithm travels in
// X-Connect-Request-Signature-Algorithm. A missing body is signed as empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/session_key.hpp"

namespace kc::host::cluster {

inline constexpr std::string_view kSignatureHeader = "X-Connect-Authorization";
inline constexpr std::string_view kSignatureAlgorithmHeader =
    "X-Connect-Request-Signature-Algorithm";

// The cluster's shared secret (host/core, where storage reads it too).
using host::SessionKey;

// True for the MAC algorithms this worker can compute (Java's JCE names:
// HmacSHA1, HmacSHA224, HmacSHA256, HmacSHA384, HmacSHA512).
bool is_supported_mac_algorithm(std::string_view algorithm);

// A fresh random key for `algorithm` (inter.worker.key.generation.algorithm).
// Without an explicit size (inter.worker.key.size unset) the key is as long as
// the JVM's KeyGenerator makes it: the digest's output size, 32 bytes for
// HmacSHA256. Throws std::invalid_argument for an unsupported algorithm or a
// size that is not a positive number of bits divisible by 8.
SessionKey generate_session_key(std::string_view algorithm, std::optional<int> size_bits,
                                std::int64_t now_ms);

// The X-Connect-Authorization value for `body`. Throws std::invalid_argument
// for an unsupported algorithm.
std::string sign_request(const SessionKey& key, std::string_view body,
                         std::string_view signature_algorithm);

// Why an internal request is refused: the HTTP status and the message Java
// answers with.
struct SignatureRejection {
    int http_status;
    std::string message;
};

// Checks the two headers (nullopt when absent) against `body`. `key` is null
// while this worker has not read a session key yet. `verification_algorithms`
// is inter.worker.verification.algorithms. Returns nullopt when the request
// may proceed.
std::optional<SignatureRejection> verify_internal_request(
    const std::optional<std::string>& signature_header,
    const std::optional<std::string>& algorithm_header, std::string_view body,
    const SessionKey* key, const std::vector<std::string>& verification_algorithms);

}  // namespace kc::host::cluster
