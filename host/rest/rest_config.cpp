#include "host/rest/rest_config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "kc/java_text.hpp"

namespace kc::host::rest {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::optional<std::string> get(const WorkerProps& props, const std::string& key) {
    auto it = props.find(key);
    if (it == props.end()) return std::nullopt;
    return it->second;
}

// Java resolves listener TLS settings from "listeners.https.<key>" first, then "<key>".
std::optional<std::string> get_ssl(const WorkerProps& props, const std::string& key,
                                   std::string* used_key = nullptr) {
    for (const std::string& k : {"listeners.https." + key, key}) {
        if (auto v = get(props, k); v && !trim(*v).empty()) {
            if (used_key) *used_key = k;
            return std::string(trim(*v));
        }
    }
    return std::nullopt;
}

std::string read_file(const std::string& key, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument(key + ": cannot read file '" + path + "'");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool looks_like_pem(const std::string& text) {
    return text.find("-----BEGIN ") != std::string::npos;
}

unsigned short parse_port(const std::string& key, const std::string& text) {
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw std::invalid_argument(key + ": invalid port '" + text + "'");
    int port = std::stoi(text);
    if (port > 65535) throw std::invalid_argument(key + ": port out of range '" + text + "'");
    return static_cast<unsigned short>(port);
}

ListenerSpec parse_listener(const std::string& key, const std::string& entry) {
    auto sep = entry.find("://");
    if (sep == std::string::npos)
        throw std::invalid_argument(key + ": listener '" + entry +
                                    "' must look like http://host:port or https://host:port");
    ListenerSpec spec;
    spec.scheme = lower(entry.substr(0, sep));
    if (spec.scheme != "http" && spec.scheme != "https")
        throw std::invalid_argument(key + ": listener '" + entry + "' has unsupported protocol '" +
                                    spec.scheme + "' (use http or https)");
    std::string rest = entry.substr(sep + 3);
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    std::string port_text;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            throw std::invalid_argument(key + ": listener '" + entry + "' has a malformed address");
        spec.host = rest.substr(1, close - 1);
        port_text = rest.substr(close + 2);
    } else {
        auto colon = rest.rfind(':');
        if (colon == std::string::npos)
            throw std::invalid_argument(key + ": listener '" + entry + "' has no port");
        spec.host = rest.substr(0, colon);
        port_text = rest.substr(colon + 1);
    }
    spec.port = parse_port(key, port_text);
    return spec;
}

TlsSettings parse_tls(const WorkerProps& props) {
    TlsSettings tls;
    std::string used;
    auto keystore_type = get_ssl(props, "ssl.keystore.type");
    auto keystore_location = get_ssl(props, "ssl.keystore.location", &used);
    auto inline_key = get_ssl(props, "ssl.keystore.key");
    auto inline_chain = get_ssl(props, "ssl.keystore.certificate.chain");
    auto cert_location = get_ssl(props, "ssl.certificate.location");
    auto key_location = get_ssl(props, "ssl.key.location");

    if (keystore_type && lower(*keystore_type) != "pem")
        throw std::invalid_argument(
            "ssl.keystore.type=" + *keystore_type +
            " is not supported: this worker reads PEM only. Convert the keystore (e.g. `openssl "
            "pkcs12 -in ks.p12 -nodes`, or keytool -importkeystore to PKCS12 first for JKS) and "
            "set "
            "listeners.https.ssl.keystore.type=PEM");
    if (keystore_location) {
        std::string text = read_file(used, *keystore_location);
        if (!looks_like_pem(text))
            throw std::invalid_argument(
                used + " '" + *keystore_location +
                "' is not a PEM file (JKS/PKCS12 keystores are not supported; convert it to PEM "
                "holding the private key and certificate chain and set ssl.keystore.type=PEM)");
        tls.certificate_chain_pem = text;
        tls.private_key_pem = text;
    } else if (inline_key || inline_chain) {
        if (!inline_key || !inline_chain)
            throw std::invalid_argument(
                "ssl.keystore.key and ssl.keystore.certificate.chain must be set together");
        tls.private_key_pem = *inline_key;
        tls.certificate_chain_pem = *inline_chain;
    } else if (cert_location || key_location) {
        if (!cert_location || !key_location)
            throw std::invalid_argument(
                "ssl.certificate.location and ssl.key.location must be set together");
        tls.certificate_chain_pem = read_file("ssl.certificate.location", *cert_location);
        tls.private_key_pem = read_file("ssl.key.location", *key_location);
    } else {
        throw std::invalid_argument(
            "an https listener needs a certificate: set listeners.https.ssl.keystore.location "
            "(PEM, ssl.keystore.type=PEM) or listeners.https.ssl.certificate.location and "
            "listeners.https.ssl.key.location");
    }
    tls.key_password = get_ssl(props, "ssl.key.password").value_or("");

    tls.client_auth = lower(get_ssl(props, "ssl.client.auth").value_or("none"));
    if (tls.client_auth != "none" && tls.client_auth != "requested" &&
        tls.client_auth != "required")
        throw std::invalid_argument("ssl.client.auth must be none, requested or required, not '" +
                                    tls.client_auth + "'");
    if (auto type = get_ssl(props, "ssl.truststore.type"); type && lower(*type) != "pem")
        throw std::invalid_argument("ssl.truststore.type=" + *type +
                                    " is not supported: this worker reads PEM only");
    if (auto loc = get_ssl(props, "ssl.truststore.location", &used))
        tls.truststore_pem = read_file(used, *loc);
    else if (auto certs = get_ssl(props, "ssl.truststore.certificates"))
        tls.truststore_pem = *certs;
    if (tls.client_auth != "none" && tls.truststore_pem.empty())
        throw std::invalid_argument("ssl.client.auth=" + tls.client_auth +
                                    " needs ssl.truststore.location (PEM)");
    return tls;
}

}  // namespace

std::vector<ListenerSpec> parse_listener_list(const std::string& key, const std::string& value) {
    std::vector<ListenerSpec> out;
    std::stringstream in(value);
    std::string item;
    while (std::getline(in, item, ',')) {
        item = std::string(trim(item));
        if (!item.empty()) out.push_back(parse_listener(key, item));
    }
    return out;
}

RestServerConfig parse_rest_config(const WorkerProps& props) {
    RestServerConfig cfg;
    cfg.listeners =
        parse_listener_list("listeners", get(props, "listeners").value_or("http://:8083"));
    if (cfg.listeners.empty())
        throw std::invalid_argument("listeners: at least one listener is required");
    if (auto admin = get(props, "admin.listeners")) {
        // Set (even empty): the main listeners stop serving /admin, as in Java.
        cfg.admin_on_main = false;
        for (auto& spec : parse_listener_list("admin.listeners", *admin)) {
            spec.admin_only = true;
            cfg.listeners.push_back(spec);
        }
    }
    bool any_https = std::any_of(cfg.listeners.begin(), cfg.listeners.end(),
                                 [](const ListenerSpec& l) { return l.scheme == "https"; });
    if (any_https) cfg.tls = parse_tls(props);

    if (auto v = get(props, "rest.request.max.bytes")) {
        try {
            long long n = std::stoll(*v);
            if (n <= 0) throw std::out_of_range("");
            cfg.max_body_bytes = static_cast<std::size_t>(n);
        } catch (const std::exception&) {
            throw std::invalid_argument("rest.request.max.bytes must be a positive integer, not '" +
                                        *v + "'");
        }
    }
    if (auto v = get(props, "rest.server.threads")) {
        try {
            cfg.threads = std::stoi(*v);
        } catch (const std::exception&) {
            cfg.threads = 0;
        }
        if (cfg.threads < 1 || cfg.threads > 64)
            throw std::invalid_argument("rest.server.threads must be between 1 and 64, not '" + *v +
                                        "'");
    }
    cfg.advertised_host = trim(get(props, "rest.advertised.host.name").value_or(""));
    if (auto v = get(props, "rest.advertised.port"); v && !trim(*v).empty())
        cfg.advertised_port = parse_port("rest.advertised.port", std::string(trim(*v)));
    cfg.advertised_listener =
        lower(std::string(trim(get(props, "rest.advertised.listener").value_or(""))));
    return cfg;
}

}  // namespace kc::host::rest
