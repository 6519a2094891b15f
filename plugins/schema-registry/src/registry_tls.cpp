#include "registry_tls.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <kc/error.hpp>
#include <memory>
#include <optional>
#include <vector>

namespace kc_schema_registry {

namespace {

constexpr const char* kPrefix = "schema.registry.ssl.";

std::string key(const char* suffix) {
    return std::string(kPrefix) + suffix;
}

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct Pkcs12Free {
    void operator()(PKCS12* p) const { PKCS12_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// What OpenSSL queued about the last failure, and an empty queue for the next call.
std::string openssl_errors() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += (out.empty() ? "" : "; ") + std::string(buf);
    }
    return out.empty() ? "no detail from OpenSSL" : out;
}

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
    throw kc::ConfigException(what + ": " + why);
}

std::optional<std::string> optional_string(const kc::Config& c, const std::string& name) {
    if (c.isNull(name)) return std::nullopt;
    return c.getString(name);
}

std::optional<std::string> optional_password(const kc::Config& c, const std::string& name) {
    if (c.isNull(name)) return std::nullopt;
    return c.getPassword(name).value();
}

std::string read_store(const std::string& what, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) refuse(what, "cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

enum class StoreFormat { Pem, Pkcs12, Jks };

// JKS and JCEKS start with a magic number; PEM is text; PKCS12 is DER (checked when parsed).
StoreFormat sniff(const std::string& bytes) {
    auto starts = [&](std::string_view magic) { return bytes.starts_with(magic); };
    if (starts("\xFE\xED\xFE\xED") || starts("\xCE\xCE\xCE\xCE")) return StoreFormat::Jks;
    if (bytes.find("-----BEGIN ") != std::string::npos) return StoreFormat::Pem;
    return StoreFormat::Pkcs12;
}

// The format a store is read in: the declared type, with Java's leniency that a JKS
// type also opens a PKCS12 file; unset, the file's content decides.
StoreFormat store_format(const std::string& type_key, const std::optional<std::string>& type,
                         const std::string& location_key, const std::string& path,
                         const std::string& bytes) {
    const StoreFormat found = sniff(bytes);
    const std::string declared = type ? upper(*type) : "";
    if (!declared.empty() && declared != "JKS" && declared != "PKCS12" && declared != "PEM")
        refuse(type_key, "'" + *type + "' is not supported: use PKCS12 or PEM");
    if (found == StoreFormat::Jks)
        refuse(location_key,
               path +
                   " is a JKS keystore, which this worker cannot read. Convert it to PKCS12 "
                   "(keytool -importkeystore -srckeystore " +
                   path + " -destkeystore " + path + ".p12 -deststoretype PKCS12) and set " +
                   type_key + "=PKCS12, or export its certificates as PEM and set " + type_key +
                   "=PEM");
    if (declared == "PEM" && found != StoreFormat::Pem)
        refuse(location_key, path + " is not PEM text, but " + type_key + "=PEM");
    if ((declared == "PKCS12" || declared == "JKS") && found == StoreFormat::Pem)
        refuse(location_key, path + " is PEM text: set " + type_key + "=PEM");
    return found;
}

BioPtr memory_bio(const std::string& bytes) {
    return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::string pem_of(const std::vector<X509Ptr>& certs) {
    BioPtr out(BIO_new(BIO_s_mem()));
    for (const auto& c : certs)
        PEM_write_bio_X509(out.get(), c.get());
    char* data = nullptr;
    const long n = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<size_t>(n));
}

std::string pem_of(EVP_PKEY* key) {
    BioPtr out(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long n = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<size_t>(n));
}

std::vector<X509Ptr> pem_certificates(const std::string& what, const std::string& text) {
    ERR_clear_error();
    BioPtr in = memory_bio(text);
    std::vector<X509Ptr> certs;
    while (X509* c = PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr))
        certs.emplace_back(c);
    ERR_clear_error();  // the end of the text reads as "no start line"
    if (certs.empty()) refuse(what, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    return certs;
}

PkeyPtr pem_private_key(const std::string& what, const std::string& text,
                        const std::optional<std::string>& password) {
    ERR_clear_error();
    BioPtr in = memory_bio(text);
    std::string pass = password.value_or("");
    PkeyPtr k(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, pass.data()));
    if (!k)
        refuse(what, "cannot read its PEM private key (is " + key("key.password") +
                         " right?): " + openssl_errors());
    return k;
}

struct Pkcs12Contents {
    PkeyPtr key;
    std::vector<X509Ptr> certificates;  // the key's certificate first, then the others
};

Pkcs12Contents parse_pkcs12(const std::string& what, const std::string& bytes,
                            const std::optional<std::string>& password) {
    ERR_clear_error();
    BioPtr in = memory_bio(bytes);
    std::unique_ptr<PKCS12, Pkcs12Free> p12(d2i_PKCS12_bio(in.get(), nullptr));
    if (!p12) refuse(what, "not a PKCS12 keystore: " + openssl_errors());
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* others = nullptr;
    if (!PKCS12_parse(p12.get(), password ? password->c_str() : nullptr, &key, &cert, &others))
        refuse(what,
               "cannot open the PKCS12 keystore (is its password right? a store encrypted with "
               "legacy RC2/3DES ciphers must be re-exported with AES): " +
                   openssl_errors());
    Pkcs12Contents out;
    out.key.reset(key);
    if (cert) out.certificates.emplace_back(cert);
    while (others && sk_X509_num(others) > 0)
        out.certificates.emplace_back(sk_X509_shift(others));
    sk_X509_free(others);
    return out;
}

// A PKCS12 keystore whose private key has a password of its own
// (ssl.key.password, as a Java keystore allows): PKCS12_parse takes one
// password for all, so the store is opened with the store password and the
// key's bag decrypted with the key password.
Pkcs12Contents parse_pkcs12_key_password(const std::string& what, const std::string& bytes,
                                         const std::optional<std::string>& store_password,
                                         const std::string& key_password) {
    ERR_clear_error();
    BioPtr in = memory_bio(bytes);
    std::unique_ptr<PKCS12, Pkcs12Free> p12(d2i_PKCS12_bio(in.get(), nullptr));
    if (!p12) refuse(what, "not a PKCS12 keystore: " + openssl_errors());
    const char* store_pw = store_password ? store_password->c_str() : nullptr;
    if (PKCS12_mac_present(p12.get()) && !PKCS12_verify_mac(p12.get(), store_pw, -1))
        refuse(what, "cannot open the PKCS12 keystore: is " + key("keystore.password") +
                         " right? " + openssl_errors());
    STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12.get());
    if (!safes) refuse(what, "cannot read the PKCS12 keystore: " + openssl_errors());
    Pkcs12Contents out;
    std::vector<X509Ptr> certificates;
    std::string problem;
    for (int i = 0; i < sk_PKCS7_num(safes) && problem.empty(); ++i) {
        PKCS7* safe = sk_PKCS7_value(safes, i);
        const int nid = OBJ_obj2nid(safe->type);
        STACK_OF(PKCS12_SAFEBAG)* bags = nid == NID_pkcs7_data ? PKCS12_unpack_p7data(safe)
                                         : nid == NID_pkcs7_encrypted
                                             ? PKCS12_unpack_p7encdata(safe, store_pw, -1)
                                             : nullptr;
        if (!bags) {
            problem = "cannot open a part of the keystore with " + key("keystore.password") + ": " +
                      openssl_errors();
            break;
        }
        for (int b = 0; b < sk_PKCS12_SAFEBAG_num(bags); ++b) {
            const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, b);
            const int type = PKCS12_SAFEBAG_get_nid(bag);
            if (type == NID_pkcs8ShroudedKeyBag && !out.key) {
                PKCS8_PRIV_KEY_INFO* p8 = PKCS12_decrypt_skey(bag, key_password.c_str(), -1);
                if (!p8) {
                    problem = "cannot decrypt the private key: is " + key("key.password") +
                              " right? " + openssl_errors();
                    break;
                }
                out.key.reset(EVP_PKCS82PKEY(p8));
                PKCS8_PRIV_KEY_INFO_free(p8);
            } else if (type == NID_certBag &&
                       PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
                if (X509* cert = PKCS12_SAFEBAG_get1_cert(bag)) certificates.emplace_back(cert);
            }
        }
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
    sk_PKCS7_pop_free(safes, PKCS7_free);
    if (!problem.empty()) refuse(what, problem);
    // The key's own certificate first, then the rest of the chain.
    for (auto& cert : certificates)
        if (out.key && X509_check_private_key(cert.get(), out.key.get()) == 1)
            out.certificates.push_back(std::move(cert));
    ERR_clear_error();
    for (auto& cert : certificates)
        if (cert) out.certificates.push_back(std::move(cert));
    return out;
}

std::string load_truststore(const kc::Config& c) {
    const std::string location_key = key("truststore.location");
    const std::string type_key = key("truststore.type");
    const auto location = optional_string(c, location_key);
    const auto inline_pem = optional_password(c, key("truststore.certificates"));
    if (location && !location->empty() && inline_pem)
        refuse(location_key, "set either it or " + key("truststore.certificates") + ", not both");
    if (inline_pem) return pem_of(pem_certificates(key("truststore.certificates"), *inline_pem));
    if (!location || location->empty()) return "";
    const std::string bytes = read_store(location_key, *location);
    const std::string what = location_key + " (" + *location + ")";
    if (store_format(type_key, optional_string(c, type_key), location_key, *location, bytes) ==
        StoreFormat::Pem)
        return pem_of(pem_certificates(what, bytes));
    Pkcs12Contents p12 =
        parse_pkcs12(what, bytes, optional_password(c, key("truststore.password")));
    if (p12.certificates.empty()) refuse(what, "the PKCS12 truststore holds no certificate");
    return pem_of(p12.certificates);
}

void load_keystore(const kc::Config& c, RegistryTlsConfig& tls) {
    const std::string location_key = key("keystore.location");
    const std::string type_key = key("keystore.type");
    const auto location = optional_string(c, location_key);
    const auto inline_key = optional_password(c, key("keystore.key"));
    const auto inline_chain = optional_password(c, key("keystore.certificate.chain"));
    const auto key_password = optional_password(c, key("key.password"));
    if (inline_key || inline_chain) {
        if (!inline_key || !inline_chain)
            refuse(key("keystore.key"),
                   "set it together with " + key("keystore.certificate.chain") + " (PEM text)");
        tls.certificate_pem =
            pem_of(pem_certificates(key("keystore.certificate.chain"), *inline_chain));
        tls.private_key_pem =
            pem_of(pem_private_key(key("keystore.key"), *inline_key, key_password).get());
        return;
    }
    if (!location || location->empty()) return;
    const std::string bytes = read_store(location_key, *location);
    const std::string what = location_key + " (" + *location + ")";
    if (store_format(type_key, optional_string(c, type_key), location_key, *location, bytes) ==
        StoreFormat::Pem) {
        // Kafka's PEM keystore: one file holding the private key and its certificate chain.
        tls.certificate_pem = pem_of(pem_certificates(what, bytes));
        tls.private_key_pem = pem_of(pem_private_key(what, bytes, key_password).get());
        return;
    }
    const auto store_password = optional_password(c, key("keystore.password"));
    Pkcs12Contents p12 = key_password && key_password != store_password
                             ? parse_pkcs12_key_password(what, bytes, store_password, *key_password)
                             : parse_pkcs12(what, bytes, store_password);
    if (!p12.key || p12.certificates.empty())
        refuse(what, "the PKCS12 keystore holds no private key with its certificate");
    tls.certificate_pem = pem_of(p12.certificates);
    tls.private_key_pem = pem_of(p12.key.get());
}

TlsVersion tls_version(const std::string& key_name, const std::string& name) {
    if (name == "TLSv1") return TlsVersion::Tls10;
    if (name == "TLSv1.1") return TlsVersion::Tls11;
    if (name == "TLSv1.2") return TlsVersion::Tls12;
    if (name == "TLSv1.3") return TlsVersion::Tls13;
    refuse(key_name, "'" + name + "' is not a TLS version: use TLSv1.2 or TLSv1.3");
}

// The versions offered: from the lowest enabled to the highest, which
// ssl.protocol caps as the Java SSLContext of that protocol does ("TLS": no cap).
void parse_versions(const kc::Config& c, RegistryTlsConfig& tls) {
    const std::vector<std::string>& enabled = c.getList(key("enabled.protocols"));
    if (enabled.empty()) refuse(key("enabled.protocols"), "names no TLS version");
    tls.min_version = tls.max_version = tls_version(key("enabled.protocols"), enabled.front());
    for (const std::string& name : enabled) {
        const TlsVersion v = tls_version(key("enabled.protocols"), name);
        tls.min_version = std::min(tls.min_version, v);
        tls.max_version = std::max(tls.max_version, v);
    }
    const std::string& protocol = c.getString(key("protocol"));
    if (protocol == "TLS") return;
    const TlsVersion cap = tls_version(key("protocol"), protocol);
    if (cap < tls.min_version)
        refuse(key("protocol"),
               protocol + " is below every version of " + key("enabled.protocols"));
    tls.max_version = std::min(tls.max_version, cap);
}

// ssl.cipher.suites: Java's (IANA) names; OpenSSL names most TLS 1.2 suites
// differently (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 is ECDHE-RSA-AES128-GCM-SHA256)
// and configures the TLS 1.3 ones apart. A list without a suite of one of the
// versions rules it out, as Java's enabled suites do.
void parse_cipher_suites(const kc::Config& c, RegistryTlsConfig& tls) {
    const std::vector<std::string>& suites = c.getList(key("cipher.suites"));
    if (suites.empty()) return;
    static constexpr const char* kTls13[] = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                             "TLS_CHACHA20_POLY1305_SHA256",
                                             "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"};
    for (const std::string& suite : suites) {
        if (std::find(std::begin(kTls13), std::end(kTls13), suite) != std::end(kTls13)) {
            tls.tls13_ciphers += (tls.tls13_ciphers.empty() ? "" : ":") + suite;
            continue;
        }
        const char* name = OPENSSL_cipher_name(suite.c_str());
        if (!name || std::string_view(name) == "(NONE)")
            refuse(key("cipher.suites"), "'" + suite +
                                             "' is not a cipher suite this client knows (use "
                                             "the IANA names Java uses, e.g. "
                                             "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
        tls.cipher_list += (tls.cipher_list.empty() ? "" : ":") + std::string(name);
    }
    if (tls.tls13_ciphers.empty()) tls.max_version = std::min(tls.max_version, TlsVersion::Tls12);
    if (tls.cipher_list.empty()) tls.min_version = std::max(tls.min_version, TlsVersion::Tls13);
    if (tls.min_version > tls.max_version)
        refuse(key("cipher.suites"), "names no suite of the TLS versions " +
                                         key("enabled.protocols") + " and " + key("protocol") +
                                         " allow");
}

}  // namespace

void define_registry_tls_keys(kc::ConfigDef& d) {
    using kc::ConfigType;
    using kc::Importance;
    d.define(key("truststore.type"), ConfigType::String, nullptr, Importance::Medium,
             "The file format of the trust store file: PKCS12 or PEM (JKS stores must be "
             "converted). Unset, the file's content decides.");
    d.define(key("truststore.location"), ConfigType::String, nullptr, Importance::High,
             "The location of the trust store file (the CAs the registry's certificate is "
             "checked against). Unset: the system's CA certificates.");
    d.define(key("truststore.password"), ConfigType::Password, nullptr, Importance::High,
             "The password for the trust store file.");
    d.define(key("truststore.certificates"), ConfigType::Password, nullptr, Importance::High,
             "Trusted certificates in the format specified by 'ssl.truststore.type' (PEM), "
             "given inline.");
    d.define(key("keystore.type"), ConfigType::String, nullptr, Importance::Medium,
             "The file format of the key store file: PKCS12 or PEM (JKS stores must be "
             "converted). Unset, the file's content decides.");
    d.define(key("keystore.location"), ConfigType::String, nullptr, Importance::High,
             "The location of the key store file, for mutual TLS with the registry.");
    d.define(key("keystore.password"), ConfigType::Password, nullptr, Importance::High,
             "The store password for the key store file.");
    d.define(key("keystore.key"), ConfigType::Password, nullptr, Importance::High,
             "Private key in PEM, given inline, with 'ssl.keystore.certificate.chain'.");
    d.define(key("keystore.certificate.chain"), ConfigType::Password, nullptr, Importance::High,
             "Certificate chain in PEM, given inline, with 'ssl.keystore.key'.");
    d.define(key("key.password"), ConfigType::Password, nullptr, Importance::High,
             "The password of the private key in the key store file (or 'ssl.keystore.key'); "
             "unset, a PKCS12 store's key opens with the store password.");
    d.define(key("protocol"), ConfigType::String, "TLSv1.3", Importance::Medium,
             "The highest TLS version to use (TLSv1.2 or TLSv1.3; TLS: no limit).");
    d.define(key("enabled.protocols"), ConfigType::List, "TLSv1.2,TLSv1.3", Importance::Medium,
             "The TLS versions that may be used with the registry.");
    d.define(key("cipher.suites"), ConfigType::List, "", Importance::Low,
             "The cipher suites that may be used with the registry, in Java's (IANA) names. "
             "Empty: OpenSSL's defaults.");
    d.define(key("endpoint.identification.algorithm"), ConfigType::String, "https", Importance::Low,
             "https: check that the registry's certificate names the host in its URL; empty "
             "(or none): do not.");
}

RegistryTlsConfig parse_registry_tls_config(const kc::Config& c) {
    RegistryTlsConfig tls;
    const std::string algorithm = c.getString(key("endpoint.identification.algorithm"));
    if (algorithm.empty() || algorithm == "none")
        tls.verify_hostname = false;
    else if (upper(algorithm) != "HTTPS")
        refuse(key("endpoint.identification.algorithm"),
               "'" + algorithm + "' is not supported: use https, or empty to skip the check");
    parse_versions(c, tls);
    parse_cipher_suites(c, tls);
    tls.truststore_pem = load_truststore(c);
    load_keystore(c, tls);
    return tls;
}

}  // namespace kc_schema_registry
