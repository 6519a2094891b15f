// The registry client over HTTPS (schema.registry.ssl.*), against the embedded
// registry served with TLS by the REST server's stack. The certificates are
// made by the openssl command line for each run: a CA the client trusts, a
// second CA it does not, server certificates for 127.0.0.1 and for another
// name, and a client certificate for mutual TLS in PEM and PKCS12 stores.
#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <fstream>
#include <iterator>
#include <kc/error.hpp>
#include <memory>
#include <string>

#include "host/rest/registry/embedded_schema_registry.hpp"
#include "registry_client.hpp"
#include "serde_config.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace {

using kc::host::rest::TlsSettings;
using kc::host::rest::registry::EmbeddedSchemaRegistry;
using kc_schema_registry::RegistryClient;

constexpr const char* kSchema =
    R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"}]})";

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Key material made once for the whole program (EC keys: fast to generate).
struct Pki {
    kc::test::TempDir dir{"kc-registry-tls"};

    Pki() {
        dir.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        dir.write("other.ext", "subjectAltName=DNS:registry.invalid\n");
        dir.write("client.ext", "extendedKeyUsage=clientAuth\n");
        const std::string d = dir.path().string();
        const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        std::string script = "set -e; cd '" + d + "'\n";
        for (const char* ca : {"ca", "wrong-ca"})
            script += "openssl req -x509 " + key + " -keyout " + ca + ".key -out " + ca +
                      ".pem -days 2 -subj /CN=" + ca + "\n";
        for (const char* leaf : {"server", "other", "client"})
            script += "openssl req " + key + " -keyout " + leaf + ".key -out " + leaf +
                      ".csr -subj /CN=" + leaf + "\nopenssl x509 -req -in " + leaf +
                      ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile " + leaf +
                      ".ext -out " + leaf + ".pem\n";
        script +=
            "openssl pkcs12 -export -nokeys -in ca.pem -out trust.p12 -passout pass:trustpw\n"
            "openssl pkcs12 -export -inkey client.key -in client.pem -certfile ca.pem "
            "-out client.p12 -passout pass:storepw\n"
            "openssl pkey -in client.key -aes256 -passout pass:keypw -out client-enc.key\n"
            "cat client-enc.key client.pem > client-keystore.pem\n"
            "printf '\\376\\355\\376\\355\\000\\000\\000\\002' > trust.jks\n";
        dir.write("make.sh", script);
        const auto r = kc::test::run_command("sh '" + d + "/make.sh' 2>&1");
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    }
    std::string path(const char* name) const { return (dir / name).string(); }
    std::string text(const char* name) const { return read_text(dir / name); }

    TlsSettings server(const char* name, const char* client_auth = "none") const {
        TlsSettings s;
        s.certificate_chain_pem = text((std::string(name) + ".pem").c_str());
        s.private_key_pem = text((std::string(name) + ".key").c_str());
        s.client_auth = client_auth;
        s.truststore_pem = text("ca.pem");
        return s;
    }
};

const Pki& pki() {
    static Pki p;
    return p;
}

// A client configured as a converter is: the keys parsed by the converters' ConfigDef.
std::unique_ptr<RegistryClient> client(const std::string& url, kc::ConfigMap props) {
    kc::ConfigDef def;
    kc_schema_registry::define_serde_keys(def);
    props["schema.registry.url"] = url;
    props["max.retries"] = "0";
    kc::Config config(def, props);
    return std::make_unique<RegistryClient>(
        kc_schema_registry::parse_serde_config(config).registry);
}

// Registers and reads back one schema; the error message when that fails.
std::string round_trip(const std::string& url, const kc::ConfigMap& props) {
    try {
        auto c = client(url, props);
        const int32_t id = c->register_schema("tls-value", kSchema);
        auto fresh = client(url, props);
        CHECK(fresh->by_id(id).schema == kSchema);
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

std::string config_error(const kc::ConfigMap& props) {
    try {
        client("https://127.0.0.1:1", props);
    } catch (const kc::ConfigException& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("https registry: trust stores in PEM, PKCS12 and inline PEM") {
    const TlsSettings tls = pki().server("server");
    EmbeddedSchemaRegistry registry(0, &tls);
    REQUIRE(registry.url().starts_with("https://127.0.0.1:"));

    CHECK(round_trip(registry.url(),
                     {{"schema.registry.ssl.truststore.location", pki().path("ca.pem")},
                      {"schema.registry.ssl.truststore.type", "PEM"}}) == "");
    CHECK(round_trip(registry.url(),
                     {{"schema.registry.ssl.truststore.location", pki().path("trust.p12")},
                      {"schema.registry.ssl.truststore.type", "PKCS12"},
                      {"schema.registry.ssl.truststore.password", "trustpw"}}) == "");
    // Java's default type (JKS) also opens a PKCS12 file.
    CHECK(round_trip(registry.url(),
                     {{"schema.registry.ssl.truststore.location", pki().path("trust.p12")},
                      {"schema.registry.ssl.truststore.type", "JKS"},
                      {"schema.registry.ssl.truststore.password", "trustpw"}}) == "");
    CHECK(round_trip(registry.url(), {{"schema.registry.ssl.truststore.certificates",
                                       pki().text("ca.pem")}}) == "");
}

TEST_CASE("https registry: a certificate from an untrusted CA fails, naming the URL") {
    const TlsSettings tls = pki().server("server");
    EmbeddedSchemaRegistry registry(0, &tls);
    const std::string error = round_trip(
        registry.url(), {{"schema.registry.ssl.truststore.location", pki().path("wrong-ca.pem")}});
    INFO(error);
    CHECK(error.find(registry.url()) != std::string::npos);
    CHECK(error.find("SSL certificate problem") != std::string::npos);
}

TEST_CASE("https registry: the hostname is checked unless the algorithm is empty") {
    const TlsSettings tls = pki().server("other");  // names registry.invalid, not 127.0.0.1
    EmbeddedSchemaRegistry registry(0, &tls);
    const kc::ConfigMap trust{{"schema.registry.ssl.truststore.location", pki().path("ca.pem")}};
    const std::string error = round_trip(registry.url(), trust);
    INFO(error);
    CHECK(error.find(registry.url()) != std::string::npos);
    CHECK(error.find("127.0.0.1") != std::string::npos);
    CHECK(error.find("subject name") != std::string::npos);

    kc::ConfigMap https = trust;
    https["schema.registry.ssl.endpoint.identification.algorithm"] = "HTTPS";
    CHECK(round_trip(registry.url(), https) != "");
    kc::ConfigMap unchecked = trust;
    unchecked["schema.registry.ssl.endpoint.identification.algorithm"] = "";
    CHECK(round_trip(registry.url(), unchecked) == "");
}

TEST_CASE("https registry: mutual TLS works only with a client certificate") {
    const TlsSettings tls = pki().server("server", "required");
    EmbeddedSchemaRegistry registry(0, &tls);
    const kc::ConfigMap trust{{"schema.registry.ssl.truststore.location", pki().path("ca.pem")}};
    const std::string error = round_trip(registry.url(), trust);
    INFO(error);
    CHECK(error.find(registry.url()) != std::string::npos);

    kc::ConfigMap p12 = trust;
    p12["schema.registry.ssl.keystore.location"] = pki().path("client.p12");
    p12["schema.registry.ssl.keystore.type"] = "PKCS12";
    p12["schema.registry.ssl.keystore.password"] = "storepw";
    CHECK(round_trip(registry.url(), p12) == "");

    kc::ConfigMap pem = trust;
    pem["schema.registry.ssl.keystore.location"] = pki().path("client-keystore.pem");
    pem["schema.registry.ssl.keystore.type"] = "PEM";
    pem["schema.registry.ssl.key.password"] = "keypw";
    CHECK(round_trip(registry.url(), pem) == "");

    kc::ConfigMap inline_pem = trust;
    inline_pem["schema.registry.ssl.keystore.key"] = pki().text("client.key");
    inline_pem["schema.registry.ssl.keystore.certificate.chain"] = pki().text("client.pem");
    CHECK(round_trip(registry.url(), inline_pem) == "");
}

TEST_CASE("https registry: ssl.enabled.protocols and ssl.protocol choose the TLS versions") {
    const TlsSettings tls = pki().server("server");  // the REST stack: TLS 1.2 and 1.3
    EmbeddedSchemaRegistry registry(0, &tls);
    const kc::ConfigMap trust{{"schema.registry.ssl.truststore.location", pki().path("ca.pem")}};
    kc::ConfigMap only12 = trust;
    only12["schema.registry.ssl.enabled.protocols"] = "TLSv1.2";
    CHECK(round_trip(registry.url(), only12) == "");
    kc::ConfigMap capped = trust;
    capped["schema.registry.ssl.protocol"] = "TLSv1.2";
    CHECK(round_trip(registry.url(), capped) == "");
    kc::ConfigMap old = trust;
    old["schema.registry.ssl.enabled.protocols"] = "TLSv1.1";
    const std::string error = round_trip(registry.url(), old);
    INFO(error);
    CHECK(error.find(registry.url()) != std::string::npos);

    CHECK(config_error({{"schema.registry.ssl.enabled.protocols", "SSLv3"}})
              .find("not a TLS version") != std::string::npos);
    CHECK(config_error({{"schema.registry.ssl.enabled.protocols", "TLSv1.3"},
                        {"schema.registry.ssl.protocol", "TLSv1.2"}})
              .find("below every version") != std::string::npos);
}

TEST_CASE("schema.registry.ssl.*: unusable stores are refused when configured, naming the key") {
    const std::string jks =
        config_error({{"schema.registry.ssl.truststore.location", pki().path("trust.jks")}});
    CHECK(jks.find("schema.registry.ssl.truststore.location") != std::string::npos);
    CHECK(jks.find("JKS") != std::string::npos);
    CHECK(jks.find("keytool -importkeystore") != std::string::npos);

    const std::string password =
        config_error({{"schema.registry.ssl.keystore.location", pki().path("client.p12")},
                      {"schema.registry.ssl.keystore.password", "wrong"}});
    CHECK(password.find("schema.registry.ssl.keystore.location") != std::string::npos);
    CHECK(password.find("password") != std::string::npos);

    const std::string key_password =
        config_error({{"schema.registry.ssl.keystore.location", pki().path("client-keystore.pem")},
                      {"schema.registry.ssl.key.password", "wrong"}});
    CHECK(key_password.find("schema.registry.ssl.key.password") != std::string::npos);

    CHECK(config_error({{"schema.registry.ssl.truststore.location", pki().path("ca.pem")},
                        {"schema.registry.ssl.truststore.type", "PKCS12"}})
              .find("PEM text") != std::string::npos);
    CHECK(config_error({{"schema.registry.ssl.truststore.location", pki().path("missing.pem")}})
              .find("cannot read") != std::string::npos);
    CHECK(config_error({{"schema.registry.ssl.endpoint.identification.algorithm", "ldaps"}})
              .find("not supported") != std::string::npos);
}

TEST_CASE("schema.registry.ssl.*: passwords and inline keys are PASSWORD keys (never printed)") {
    kc::ConfigDef def;
    kc_schema_registry::define_serde_keys(def);
    for (const char* k : {"truststore.password", "truststore.certificates", "keystore.password",
                          "keystore.key", "keystore.certificate.chain", "key.password"}) {
        const auto* key = def.find(std::string("schema.registry.ssl.") + k);
        REQUIRE_MESSAGE(key != nullptr, k);
        CHECK(key->type == kc::ConfigType::Password);
    }
}

TEST_CASE("https registry: ssl.cipher.suites in Java's names, OpenSSL's where they differ") {
    const TlsSettings tls = pki().server("server");  // an EC key: ECDSA suites only
    EmbeddedSchemaRegistry registry(0, &tls);
    const std::string trust = pki().path("ca.pem");
    auto with = [&](const char* suites) {
        return round_trip(registry.url(), {{"schema.registry.ssl.truststore.location", trust},
                                           {"schema.registry.ssl.cipher.suites", suites}});
    };
    // TLS 1.2 suites by their IANA names (OpenSSL's ECDHE-ECDSA-AES128-GCM-SHA256).
    CHECK(with("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") == "");
    CHECK(with("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384") ==
          "");
    // Only suites the server's key cannot use: the handshake fails, so the
    // list reached OpenSSL (and ruled TLS 1.3 out, having none of its suites).
    const std::string refused = with("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    INFO(refused);
    CHECK(refused.find(registry.url()) != std::string::npos);
    // TLS 1.3 suites have one name in both.
    CHECK(with("TLS_AES_256_GCM_SHA384") == "");
    CHECK(config_error({{"schema.registry.ssl.cipher.suites", "TLS_NO_SUCH_SUITE"}})
              .find("schema.registry.ssl.cipher.suites: 'TLS_NO_SUCH_SUITE'") != std::string::npos);
    CHECK(config_error({{"schema.registry.ssl.cipher.suites", "TLS_AES_128_GCM_SHA256"},
                        {"schema.registry.ssl.enabled.protocols", "TLSv1.2"}})
              .find("names no suite") != std::string::npos);
}

// A PKCS12 keystore whose key has a password of its own (as Java's keystores
// allow; the openssl command line cannot make one): the key bag encrypted with
// `key_pw`, the store's MAC with `store_pw`.
void write_split_password_pkcs12(const std::string& key_pem, const std::string& cert_pem,
                                 const std::string& out, const char* store_pw, const char* key_pw) {
    BIO* kb = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    BIO* cb = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
    X509* cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
    REQUIRE(pkey);
    REQUIRE(cert);
    STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
    REQUIRE(PKCS12_add_cert(&bags, cert));
    REQUIRE(PKCS12_add_key(&bags, pkey, 0, PKCS12_DEFAULT_ITER, NID_aes_256_cbc, key_pw));
    STACK_OF(PKCS7)* safes = nullptr;
    REQUIRE(PKCS12_add_safe(&safes, bags, -1, PKCS12_DEFAULT_ITER, store_pw));
    PKCS12* p12 = PKCS12_add_safes(safes, 0);
    REQUIRE(p12);
    REQUIRE(PKCS12_set_mac(p12, store_pw, -1, nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256()));
    BIO* ob = BIO_new_file(out.c_str(), "wb");
    REQUIRE(i2d_PKCS12_bio(ob, p12));
    BIO_free(ob);
    PKCS12_free(p12);
    sk_PKCS7_pop_free(safes, PKCS7_free);
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    X509_free(cert);
    EVP_PKEY_free(pkey);
    BIO_free(cb);
    BIO_free(kb);
}

TEST_CASE("https registry: a PKCS12 keystore whose key password is not the store password") {
    const TlsSettings tls = pki().server("server", "required");
    EmbeddedSchemaRegistry registry(0, &tls);
    const std::string store = (pki().dir / "split.p12").string();
    write_split_password_pkcs12(pki().text("client.key"), pki().text("client.pem"), store,
                                "storepw", "keypw");
    kc::ConfigMap p12{{"schema.registry.ssl.truststore.location", pki().path("ca.pem")},
                      {"schema.registry.ssl.keystore.location", store},
                      {"schema.registry.ssl.keystore.type", "PKCS12"},
                      {"schema.registry.ssl.keystore.password", "storepw"},
                      {"schema.registry.ssl.key.password", "keypw"}};
    CHECK(round_trip(registry.url(), p12) == "");

    p12["schema.registry.ssl.key.password"] = "wrong";
    CHECK(config_error(p12).find("is schema.registry.ssl.key.password right?") !=
          std::string::npos);
    p12["schema.registry.ssl.keystore.password"] = "wrong";
    p12["schema.registry.ssl.key.password"] = "keypw";
    CHECK(config_error(p12).find("is schema.registry.ssl.keystore.password right?") !=
          std::string::npos);
}
