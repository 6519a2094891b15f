#include "host/cluster/internal_request_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <kc/values.hpp>

#include <stdexcept>

namespace kc::host::cluster {
namespace {

const EVP_MD* digest_for(std::string_view algorithm) {
    if (algorithm == "HmacSHA256") return EVP_sha256();
    if (algorithm == "HmacSHA512") return EVP_sha512();
    if (algorithm == "HmacSHA384") return EVP_sha384();
    if (algorithm == "HmacSHA224") return EVP_sha224();
    if (algorithm == "HmacSHA1") return EVP_sha1();
    return nullptr;
}

const EVP_MD* require_digest(std::string_view algorithm) {
    const EVP_MD* md = digest_for(algorithm);
    // Java's NoSuchAlgorithmException text, which it passes on as the 400's message.
    if (!md) throw std::invalid_argument("Algorithm " + std::string(algorithm) + " not available");
    return md;
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view body) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it.
    static const unsigned char empty = 0;
    const auto* k = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    const auto* d = body.empty() ? &empty : reinterpret_cast<const unsigned char*>(body.data());
    if (!HMAC(md, k, static_cast<int>(key.size()), d, body.size(), out, &len))
        throw std::runtime_error("HMAC computation failed");
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::optional<std::string> decode_base64(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    auto n = kc::values::base64_decode(text, out.data());
    if (!n) return std::nullopt;
    out.resize(*n);
    return out;
}

std::string list_text(const std::vector<std::string>& items) {
    // java.util.List.toString().
    std::string s = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) s += ", ";
        s += items[i];
    }
    return s + "]";
}

}  // namespace

bool is_supported_mac_algorithm(std::string_view algorithm) {
    return digest_for(algorithm) != nullptr;
}

SessionKey generate_session_key(std::string_view algorithm, std::optional<int> size_bits,
                                std::int64_t now_ms) {
    const EVP_MD* md = require_digest(algorithm);
    int bytes = EVP_MD_get_size(md);
    if (size_bits) {
        if (*size_bits <= 0 || *size_bits % 8 != 0)
            throw std::invalid_argument("Invalid key size " + std::to_string(*size_bits) +
                                        ": must be a positive multiple of 8 bits");
        bytes = *size_bits / 8;
    }
    SessionKey key{std::string(static_cast<std::size_t>(bytes), '\0'), std::string(algorithm),
                   now_ms};
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.key.data()), bytes) != 1)
        throw std::runtime_error("could not draw random bytes for the session key");
    return key;
}

std::string sign_request(const SessionKey& key, std::string_view body,
                         std::string_view signature_algorithm) {
    std::string out;
    kc::values::append_base64(out, hmac(require_digest(signature_algorithm), key.key, body));
    return out;
}

std::optional<SignatureRejection> verify_internal_request(
    const std::optional<std::string>& signature_header,
    const std::optional<std::string>& algorithm_header, std::string_view body,
    const SessionKey* key, const std::vector<std::string>& verification_algorithms) {
    if (!signature_header || !algorithm_header)
        return SignatureRejection{400, "Internal request missing required signature"};
    const EVP_MD* md = digest_for(*algorithm_header);
    if (!md) return SignatureRejection{400, "Algorithm " + *algorithm_header + " not available"};
    const std::optional<std::string> signature = decode_base64(*signature_header);
    if (!signature)
        return SignatureRejection{400, "Internal request signature is not valid Base64"};
    bool allowed = false;
    for (const std::string& a : verification_algorithms)
        allowed = allowed || a == *algorithm_header;
    if (!allowed)
        return SignatureRejection{
            400, "This worker does not support the '" + *algorithm_header +
                     "' key signing algorithm used by other workers. This worker is currently "
                     "configured to use: " +
                     list_text(verification_algorithms) +
                     ". Check that all workers' configuration files permit the same set of "
                     "signature algorithms, and correct any misconfigured worker and restart it."};
    if (!key)
        return SignatureRejection{503,
                                  "This worker is still starting up and has not been able to read "
                                  "a session key from the config topic yet"};
    const std::string expected = hmac(md, key->key, body);
    // Constant-time compare, so the time to refuse says nothing about the MAC.
    if (expected.size() != signature->size() ||
        CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0)
        return SignatureRejection{403, "Internal request contained invalid signature."};
    return std::nullopt;
}

}  // namespace kc::host::cluster
