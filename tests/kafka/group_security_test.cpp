// Security of the group client's connections: reading the worker's security
// settings, the SCRAM arithmetic (RFC 7677's test vector), SASL PLAIN and
// SCRAM-SHA-256 against a scripted broker, and TLS with a certificate made
// here.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>
#include <kc/values.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "host/kafka/protocol/broker_connection.hpp"
#include "host/kafka/protocol/group_codecs.hpp"
#include "host/kafka/protocol/jaas_config.hpp"
#include "host/kafka/protocol/scram_client.hpp"
#include "host/kafka/protocol/wire.hpp"
#include "tests/kafka/group_scripted_broker.hpp"

using namespace kc::host::kafka::protocol;
using namespace kc::test;
using namespace std::chrono_literals;
using kc::host::config::ConfigMap;

namespace {

Deadline in(std::chrono::milliseconds ms) {
    return Clock::now() + ms;
}

const std::string kHeartbeat = encode_heartbeat_request({"g", 1, "m", std::nullopt}, 1);

std::string heartbeat_ok() {
    WireWriter out;
    out.int32(0);
    out.int16(0);
    return out.take();
}

std::string handshake_body(std::int16_t error, std::vector<std::string> mechanisms) {
    WireWriter out;
    out.int16(error);
    out.array_length(static_cast<std::int32_t>(mechanisms.size()));
    for (const auto& m : mechanisms)
        out.string(m);
    return out.take();
}

std::string authenticate_body(std::int16_t error, std::optional<std::string> message,
                              const std::string& bytes, std::int16_t version) {
    WireWriter out;
    out.int16(error);
    out.nullable_string(message);
    out.bytes(bytes);
    if (version >= 1) out.int64(0);
    return out.take();
}

std::string token_of(const ScriptedRequest& r) {
    WireReader in(r.body);
    return in.bytes("auth_bytes");
}

std::string b64(std::string_view s) {
    std::string out;
    kc::values::append_base64(out, s);
    return out;
}

std::string hmac256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

// The broker's half of SCRAM-SHA-256 for one user, enough to check the
// client's proof and sign the exchange.
struct ScramServer {
    std::string password;
    std::string salt = "0123456789abcdef";
    std::string client_first_bare, server_first;
    bool proof_ok = false;

    std::string salted() const {
        std::string out(32, '\0');
        PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), 4096, EVP_sha256(), 32,
                          reinterpret_cast<unsigned char*>(out.data()));
        return out;
    }
    std::string first(const std::string& client_first) {
        client_first_bare = client_first.substr(3);
        const std::string nonce = client_first_bare.substr(client_first_bare.find(",r=") + 3);
        server_first = "r=" + nonce + "SERVER,s=" + b64(salt) + ",i=4096";
        return server_first;
    }
    std::string final(const std::string& client_final, bool sign_wrongly = false) {
        const auto p = client_final.find(",p=");
        const std::string auth =
            client_first_bare + "," + server_first + "," + client_final.substr(0, p);
        const std::string client_key = hmac256(salted(), "Client Key");
        unsigned char stored[32];
        EVP_Digest(client_key.data(), client_key.size(), stored, nullptr, EVP_sha256(), nullptr);
        const std::string signature =
            hmac256(std::string(reinterpret_cast<char*>(stored), 32), auth);
        std::string proof(32, '\0');
        const std::string sent = client_final.substr(p + 3);
        REQUIRE(kc::values::base64_decode(sent, proof.data()).value_or(0) >= 32);
        std::string expected_proof = client_key;
        for (int i = 0; i < 32; ++i)
            expected_proof[i] = static_cast<char>(expected_proof[i] ^ signature[i]);
        proof_ok = proof.substr(0, 32) == expected_proof;
        const std::string server_key = hmac256(salted(), sign_wrongly ? "Wrong Key" : "Server Key");
        return "v=" + b64(hmac256(server_key, auth));
    }
};

// A broker that wants SASL: ApiVersions, SaslHandshake (enabling
// `mechanisms`), SaslAuthenticate through `authenticate`, then heartbeats.
ScriptedHandler sasl_broker(std::vector<std::string> mechanisms,
                            std::function<ScriptedReply(const ScriptedRequest&)> authenticate) {
    return [=](const ScriptedRequest& r) {
        switch (r.api_key) {
            case 18:
                return ScriptedReply::respond(api_versions_body());
            case 17: {
                WireReader in(r.body);
                const std::string wanted = in.string("mechanism");
                const bool enabled =
                    std::find(mechanisms.begin(), mechanisms.end(), wanted) != mechanisms.end();
                return ScriptedReply::respond(handshake_body(enabled ? 0 : 33, mechanisms));
            }
            case 36:
                return authenticate(r);
            case 12:
                return ScriptedReply::respond(heartbeat_ok());
            default:
                return ScriptedReply::close();
        }
    };
}

BrokerConnection sasl_connection(const ScriptedBroker& broker, SaslMechanism mechanism,
                                 const std::string& password) {
    ConnectionOptions options;
    options.security.protocol = SecurityProtocol::SaslPlaintext;
    options.security.mechanism = mechanism;
    options.security.username = "alice";
    options.security.password = password;
    return BrokerConnection({"127.0.0.1", broker.port()}, options);
}

// A self-signed certificate for `san` ("IP:127.0.0.1"), written as PEM.
struct TestCertificate {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    std::string path;

    explicit TestCertificate(const char* san) {
        key = EVP_EC_gen("P-256");
        cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("test broker"), -1, -1,
                                   0);
        X509_set_issuer_name(cert, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
        X509_sign(cert, key, EVP_sha256());
        path =
            (std::filesystem::temp_directory_path() / ("kc-group-ca-" + std::to_string(::getpid()) +
                                                       "-" + std::to_string(counter++) + ".pem"))
                .string();
        FILE* f = std::fopen(path.c_str(), "w");
        PEM_write_X509(f, cert);
        std::fclose(f);
    }
    ~TestCertificate() {
        std::filesystem::remove(path);
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    SSL_CTX* server_context() const {
        SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate(ctx, cert);
        SSL_CTX_use_PrivateKey(ctx, key);
        return ctx;
    }
    static inline int counter = 0;
};

ScriptedHandler plain_heartbeats() {
    return [](const ScriptedRequest& r) {
        if (r.api_key == 18) return ScriptedReply::respond(api_versions_body());
        return ScriptedReply::respond(heartbeat_ok());
    };
}

}  // namespace

TEST_CASE("security settings: Java's keys, librdkafka's where Java has none, refusals named") {
    CHECK(parse_security_config({}).protocol == SecurityProtocol::Plaintext);

    const auto scram =
        parse_security_config({{"security.protocol", "sasl_ssl"},
                               {"sasl.mechanism", "SCRAM-SHA-512"},
                               {"sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                                "username=\"alice\" password=\"p\\\"w;d\";"},
                               {"ssl.truststore.type", "PEM"},
                               {"ssl.truststore.location", "/etc/ca.pem"},
                               {"ssl.endpoint.identification.algorithm", ""}});
    CHECK(scram.protocol == SecurityProtocol::SaslSsl);
    CHECK(scram.mechanism == SaslMechanism::ScramSha512);
    CHECK(scram.username == "alice");
    CHECK(scram.password == "p\"w;d");
    CHECK(scram.tls.ca_file == "/etc/ca.pem");
    CHECK_FALSE(scram.tls.verify_hostname);

    const auto plain = parse_security_config({{"security.protocol", "SASL_PLAINTEXT"},
                                              {"sasl.mechanism", "PLAIN"},
                                              {"sasl.username", "bob"},
                                              {"sasl.password", "secret"}});
    CHECK(plain.username == "bob");
    CHECK(plain.password == "secret");

    CHECK_THROWS_WITH_AS(parse_security_config({{"security.protocol", "SASL_PLAINTEXT"},
                                                {"sasl.username", "u"},
                                                {"sasl.password", "p"}}),
                         doctest::Contains("sasl.mechanism GSSAPI is not supported"),
                         SecurityError);
    CHECK_THROWS_WITH_AS(parse_security_config({{"security.protocol", "SASL_SSL"},
                                                {"sasl.mechanism", "OAUTHBEARER"}}),
                         doctest::Contains("OAUTHBEARER"), SecurityError);
    CHECK_THROWS_WITH_AS(
        parse_security_config({{"security.protocol", "SASL_PLAINTEXT"},
                               {"sasl.mechanism", "PLAIN"},
                               {"sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule "
                                "required username=\"a\" password=\"b\";"}}),
        doctest::Contains("needs org.apache.kafka.common.security.plain.PlainLoginModule"),
        SecurityError);
    CHECK_THROWS_WITH_AS(parse_security_config({{"security.protocol", "SASL_PLAINTEXT"},
                                                {"sasl.mechanism", "PLAIN"}}),
                         doctest::Contains("needs credentials"), SecurityError);
    CHECK_THROWS_WITH_AS(parse_security_config(
                             {{"security.protocol", "SSL"}, {"ssl.truststore.location", "/x.jks"}}),
                         doctest::Contains("ssl.truststore.type JKS"), SecurityError);
    CHECK_THROWS_WITH_AS(parse_security_config({{"security.protocol", "TLS"}}),
                         doctest::Contains("security.protocol: unknown value 'TLS'"),
                         SecurityError);
}

TEST_CASE("sasl.jaas.config: options quoted or bare; malformed entries named by position") {
    const JaasEntry e =
        parse_jaas_config("  org.example.Module optional a=1 b = \"two words\"  c=\"x\\\\y\" ;  ");
    CHECK(e.login_module == "org.example.Module");
    CHECK(e.control_flag == "optional");
    CHECK(e.options.at("a") == "1");
    CHECK(e.options.at("b") == "two words");
    CHECK(e.options.at("c") == "x\\y");
    CHECK_THROWS_WITH_AS(parse_jaas_config("M required a=\"open;"),
                         doctest::Contains("unterminated quoted value of a"), SecurityError);
    CHECK_THROWS_WITH_AS(parse_jaas_config("M required a=1"), doctest::Contains("missing ';'"),
                         SecurityError);
    CHECK_THROWS_WITH_AS(parse_jaas_config("M always;"),
                         doctest::Contains("unknown control flag 'always'"), SecurityError);
    CHECK_THROWS_WITH_AS(parse_jaas_config(""), doctest::Contains("login module"), SecurityError);
    CHECK_THROWS_WITH_AS(parse_jaas_config("M required a 1;"),
                         doctest::Contains("expected '=' after option a at character 14"),
                         SecurityError);
}

TEST_CASE("SCRAM-SHA-256: RFC 7677's example exchange") {
    ScramClient client(SaslMechanism::ScramSha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    CHECK(client.client_first() == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    CHECK(client.client_final("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                              "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") ==
          "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
          "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    CHECK_NOTHROW(client.verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    CHECK_THROWS_WITH_AS(
        client.verify_server_final("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
        doctest::Contains("does not verify"), SecurityError);
    CHECK_THROWS_WITH_AS(client.verify_server_final("e=invalid-proof"),
                         doctest::Contains("invalid-proof"), SecurityError);

    ScramClient other(SaslMechanism::ScramSha256, "a=b,c", "p", "N");
    CHECK(other.client_first() == "n,,n=a=3Db=2Cc,r=N");
    CHECK_THROWS_WITH_AS(other.client_final("r=XN1,s=AAAA,i=4096"), doctest::Contains("nonce"),
                         SecurityError);
    CHECK_THROWS_WITH_AS(other.client_final("r=N1,s=AAAA,i=1000"),
                         doctest::Contains("1000 iterations"), SecurityError);
    CHECK_THROWS_WITH_AS(other.client_final("garbage"), doctest::Contains("malformed"),
                         SecurityError);
}

TEST_CASE("SASL PLAIN: handshake v1, one authenticate token, then requests flow") {
    std::string token;
    ScriptedBroker broker(sasl_broker({"PLAIN"}, [&](const ScriptedRequest& r) {
        token = token_of(r);
        const bool ok = token == std::string("\0alice\0s3cret", 13);
        return ScriptedReply::respond(authenticate_body(
            ok ? 0 : 58, ok ? std::nullopt : std::optional<std::string>("bad"), "", r.api_version));
    }));
    BrokerConnection good = sasl_connection(broker, SaslMechanism::Plain, "s3cret");
    CHECK_NOTHROW(good.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(2s)));
    const auto seen = broker.requests();
    REQUIRE(seen.size() == 4);
    CHECK(seen[1].api_key == 17);
    CHECK(seen[1].api_version == 1);
    CHECK(seen[2].api_key == 36);
    CHECK(seen[2].api_version == 1);

    BrokerConnection bad = sasl_connection(broker, SaslMechanism::Plain, "wrong");
    const std::string refusal =
        "PLAIN authentication to 127.0.0.1:" + std::to_string(broker.port()) +
        " failed: SASL_AUTHENTICATION_FAILED (58): bad";
    CHECK_THROWS_WITH_AS(bad.connect(in(2s)), doctest::Contains(refusal.c_str()), SecurityError);
    CHECK_FALSE(bad.connected());

    BrokerConnection scram = sasl_connection(broker, SaslMechanism::ScramSha512, "x");
    CHECK_THROWS_WITH_AS(scram.connect(in(2s)),
                         doctest::Contains("refused SASL mechanism SCRAM-SHA-512: "
                                           "UNSUPPORTED_SASL_MECHANISM (33) (it enables: PLAIN)"),
                         SecurityError);
}

TEST_CASE("SASL SCRAM-SHA-256: the broker checks the proof, the client checks the broker") {
    for (const bool honest_broker : {true, false}) {
        CAPTURE(honest_broker);
        ScramServer server;
        server.password = "pw";
        std::atomic<int> step{0};
        ScriptedBroker broker(
            sasl_broker({"PLAIN", "SCRAM-SHA-256"}, [&](const ScriptedRequest& r) {
                const std::string reply = step++ == 0 ? server.first(token_of(r))
                                                      : server.final(token_of(r), !honest_broker);
                return ScriptedReply::respond(
                    authenticate_body(0, std::nullopt, reply, r.api_version));
            }));
        BrokerConnection c = sasl_connection(broker, SaslMechanism::ScramSha256, "pw");
        if (honest_broker) {
            CHECK_NOTHROW(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(5s)));
        } else {
            CHECK_THROWS_WITH_AS(c.connect(in(5s)), doctest::Contains("does not verify"),
                                 SecurityError);
        }
        CHECK(server.proof_ok);
    }
}

TEST_CASE("TLS: the broker certificate is verified against the CA and the host name") {
    TestCertificate cert("IP:127.0.0.1");
    SSL_CTX* server_ctx = cert.server_context();
    {
        ScriptedBroker broker(plain_heartbeats(), server_ctx);
        const auto connect = [&](const std::string& host, TlsSettings tls) {
            ConnectionOptions options;
            options.security.protocol = SecurityProtocol::Ssl;
            options.security.tls = std::move(tls);
            BrokerConnection c({host, broker.port()}, options);
            return c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(5s));
        };
        TlsSettings trusted;
        trusted.ca_file = cert.path;
        CHECK(connect("127.0.0.1", trusted) == heartbeat_ok());

        // The system's trust store does not know this certificate.
        CHECK_THROWS_WITH_AS(connect("127.0.0.1", TlsSettings{}),
                             doctest::Contains("certificate verification failed"), SecurityError);
        // The certificate names 127.0.0.1, not localhost...
        CHECK_THROWS_WITH_AS(connect("localhost", trusted),
                             doctest::Contains("certificate verification failed"), SecurityError);
        // ...which is fine when endpoint identification is off.
        TlsSettings unchecked = trusted;
        unchecked.verify_hostname = false;
        CHECK(connect("localhost", unchecked) == heartbeat_ok());

        TlsSettings missing;
        missing.ca_file = "/nonexistent/ca.pem";
        CHECK_THROWS_WITH_AS(connect("127.0.0.1", missing),
                             doctest::Contains("cannot read CA certificates from /nonexistent"),
                             SecurityError);
    }
    SSL_CTX_free(server_ctx);
}

TEST_CASE("SASL_SSL: PLAIN inside TLS") {
    TestCertificate cert("IP:127.0.0.1");
    SSL_CTX* server_ctx = cert.server_context();
    {
        ScriptedBroker broker(sasl_broker({"PLAIN"},
                                          [](const ScriptedRequest& r) {
                                              return ScriptedReply::respond(authenticate_body(
                                                  0, std::nullopt, "", r.api_version));
                                          }),
                              server_ctx);
        ConnectionOptions options;
        options.security.protocol = SecurityProtocol::SaslSsl;
        options.security.username = "u";
        options.security.password = "p";
        options.security.tls.ca_file = cert.path;
        BrokerConnection c({"127.0.0.1", broker.port()}, options);
        CHECK(c.round_trip(ApiKey::Heartbeat, 1, kHeartbeat, in(5s)) == heartbeat_ok());
        CHECK(broker.requests_of(36).size() == 1);
    }
    SSL_CTX_free(server_ctx);
}
