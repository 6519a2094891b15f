#include "host/kafka/protocol/scram_client.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <kc/values.hpp>

#include <charconv>
#include <map>

namespace kc::host::kafka::protocol {
namespace {

constexpr int kMinIterations = 4096;

const EVP_MD* digest(SaslMechanism mechanism) {
    return mechanism == SaslMechanism::ScramSha512 ? EVP_sha512() : EVP_sha256();
}

std::string hmac(SaslMechanism mechanism, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(digest(mechanism), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
             &len) == nullptr)
        throw SecurityError("SCRAM: HMAC failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string hash(SaslMechanism mechanism, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out, &len, digest(mechanism), nullptr) != 1)
        throw SecurityError("SCRAM: digest failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string base64(std::string_view bytes) {
    std::string out;
    values::append_base64(out, bytes);
    return out;
}

std::string unbase64(std::string_view text, const char* what) {
    std::string out(text.size() / 4 * 3, '\0');
    const auto n = values::base64_decode(text, out.data());
    if (!n) throw SecurityError(std::string("SCRAM: ") + what + " is not valid base64");
    out.resize(*n);
    return out;
}

// RFC 5802 saslname: ',' and '=' escaped.
std::string saslname(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '=')
            out += "=3D";
        else if (c == ',')
            out += "=2C";
        else
            out.push_back(c);
    }
    return out;
}

// "a=1,b=2" into {a:1, b:2}; the values may contain '='.
std::map<char, std::string> attributes(std::string_view message, const char* which) {
    std::map<char, std::string> out;
    while (!message.empty()) {
        const auto comma = message.find(',');
        const std::string_view item = message.substr(0, comma);
        if (item.size() < 2 || item[1] != '=')
            throw SecurityError(std::string("SCRAM: malformed ") + which + " message");
        out[item[0]] = std::string(item.substr(2));
        if (comma == std::string_view::npos) break;
        message.remove_prefix(comma + 1);
    }
    return out;
}

}  // namespace

ScramClient::ScramClient(SaslMechanism mechanism, std::string username, std::string password,
                         std::string nonce)
    : mechanism_(mechanism),
      username_(std::move(username)),
      password_(std::move(password)),
      nonce_(std::move(nonce)) {
    if (nonce_.empty()) {
        unsigned char random[24];
        if (RAND_bytes(random, sizeof random) != 1) throw SecurityError("SCRAM: no random nonce");
        nonce_ = base64(std::string_view(reinterpret_cast<char*>(random), sizeof random));
    }
}

std::string ScramClient::client_first() const {
    return "n,,n=" + saslname(username_) + ",r=" + nonce_;
}

std::string ScramClient::client_final(std::string_view server_first) {
    auto attrs = attributes(server_first, "server-first");
    if (attrs.count('e')) throw SecurityError("SCRAM: the broker refused: " + attrs['e']);
    const std::string& server_nonce = attrs['r'];
    if (server_nonce.size() <= nonce_.size() || server_nonce.compare(0, nonce_.size(), nonce_) != 0)
        throw SecurityError("SCRAM: the broker's nonce does not extend this client's");
    const std::string salt = unbase64(attrs['s'], "the salt");
    int iterations = 0;
    const std::string& i = attrs['i'];
    const auto [end, ec] = std::from_chars(i.data(), i.data() + i.size(), iterations);
    if (ec != std::errc() || end != i.data() + i.size())
        throw SecurityError("SCRAM: bad iteration count '" + i + "'");
    if (iterations < kMinIterations)
        throw SecurityError("SCRAM: the broker asks for " + i + " iterations, fewer than " +
                            std::to_string(kMinIterations));

    salted_password_.assign(static_cast<std::size_t>(EVP_MD_get_size(digest(mechanism_))), '\0');
    if (PKCS5_PBKDF2_HMAC(password_.data(), static_cast<int>(password_.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, digest(mechanism_),
                          static_cast<int>(salted_password_.size()),
                          reinterpret_cast<unsigned char*>(salted_password_.data())) != 1)
        throw SecurityError("SCRAM: PBKDF2 failed");
    const std::string without_proof = "c=biws,r=" + server_nonce;
    auth_message_ =
        client_first().substr(3) + "," + std::string(server_first) + "," + without_proof;
    const std::string client_key = hmac(mechanism_, salted_password_, "Client Key");
    const std::string signature = hmac(mechanism_, hash(mechanism_, client_key), auth_message_);
    std::string proof = client_key;
    for (std::size_t k = 0; k < proof.size(); ++k)
        proof[k] = static_cast<char>(proof[k] ^ signature[k]);
    return without_proof + ",p=" + base64(proof);
}

void ScramClient::verify_server_final(std::string_view server_final) const {
    auto attrs = attributes(server_final, "server-final");
    if (attrs.count('e')) throw SecurityError("SCRAM: the broker refused: " + attrs['e']);
    const std::string server_key = hmac(mechanism_, salted_password_, "Server Key");
    const std::string expected = hmac(mechanism_, server_key, auth_message_);
    const std::string got = unbase64(attrs['v'], "the server signature");
    if (got.size() != expected.size() ||
        CRYPTO_memcmp(got.data(), expected.data(), got.size()) != 0)
        throw SecurityError(
            "SCRAM: the broker's signature does not verify (not the broker "
            "holding these credentials)");
}

}  // namespace kc::host::kafka::protocol
