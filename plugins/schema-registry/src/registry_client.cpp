#include "registry_client.hpp"

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <kc/error.hpp>
#include <mutex>
#include <thread>

namespace kc_schema_registry {

namespace {

constexpr const char* kContentType = "Content-Type: application/vnd.schemaregistry.v1+json";
constexpr const char* kAccept =
    "Accept: application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
    "application/json";

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

std::string joined(const std::vector<std::string>& urls) {
    std::string s;
    for (const auto& u : urls)
        s += (s.empty() ? "" : ", ") + u;
    return s;
}

rapidjson::Document parse_body(const std::string& body, const std::string& what) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (d.HasParseError() || !d.IsObject())
        throw kc::DataException(
            "Schema registry answered " + what +
            " with something that is not a JSON object: " + body.substr(0, 200));
    return d;
}

// The "guid" newer registries put in their answers; "" when absent.
std::string guid_of(const rapidjson::Document& d) {
    return d.HasMember("guid") && d["guid"].IsString() ? d["guid"].GetString() : "";
}

long curl_min_version(TlsVersion v) {
    switch (v) {
        case TlsVersion::Tls10:
            return CURL_SSLVERSION_TLSv1_0;
        case TlsVersion::Tls11:
            return CURL_SSLVERSION_TLSv1_1;
        case TlsVersion::Tls12:
            return CURL_SSLVERSION_TLSv1_2;
        case TlsVersion::Tls13:
            return CURL_SSLVERSION_TLSv1_3;
    }
    return CURL_SSLVERSION_TLSv1_2;
}

long curl_max_version(TlsVersion v) {
    switch (v) {
        case TlsVersion::Tls10:
            return CURL_SSLVERSION_MAX_TLSv1_0;
        case TlsVersion::Tls11:
            return CURL_SSLVERSION_MAX_TLSv1_1;
        case TlsVersion::Tls12:
            return CURL_SSLVERSION_MAX_TLSv1_2;
        case TlsVersion::Tls13:
            return CURL_SSLVERSION_MAX_TLSv1_3;
    }
    return CURL_SSLVERSION_MAX_DEFAULT;
}

// HTTPS settings; curl ignores them for http:// URLs. Set after every reset.
void apply_tls(CURL* curl, const RegistryTlsConfig& tls) {
    auto blob = [](const std::string& pem) {
        return curl_blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
    };
    curl_easy_setopt(curl, CURLOPT_SSLVERSION,
                     curl_min_version(tls.min_version) | curl_max_version(tls.max_version));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    if (!tls.cipher_list.empty())
        curl_easy_setopt(curl, CURLOPT_SSL_CIPHER_LIST, tls.cipher_list.c_str());
    if (!tls.tls13_ciphers.empty())
        curl_easy_setopt(curl, CURLOPT_TLS13_CIPHERS, tls.tls13_ciphers.c_str());
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.verify_hostname ? 2L : 0L);
    if (!tls.truststore_pem.empty()) {
        // The trust store replaces the system's CAs, as a Java trust store does.
        curl_blob ca = blob(tls.truststore_pem);
        curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &ca);
        curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
    }
    if (!tls.certificate_pem.empty()) {
        curl_blob cert = blob(tls.certificate_pem);
        curl_blob key = blob(tls.private_key_pem);
        curl_easy_setopt(curl, CURLOPT_SSLCERT_BLOB, &cert);
        curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(curl, CURLOPT_SSLKEY_BLOB, &key);
        curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
    }
}

}  // namespace

std::string url_encode_segment(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

RegistryClient::RegistryClient(RegistryClientConfig config) : config_(std::move(config)) {
    static_assert(sizeof(curl_error_) >= CURL_ERROR_SIZE);
    static std::once_flag global;
    std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (config_.urls.empty())
        throw kc::ConfigException("schema.registry.url: at least one registry URL is needed");
    for (auto& u : config_.urls)
        while (!u.empty() && u.back() == '/')
            u.pop_back();
    curl_ = curl_easy_init();
    if (!curl_) throw kc::ConnectException("libcurl could not create a handle");
}

RegistryClient::~RegistryClient() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
}

RegistryClient::Response RegistryClient::request(const std::string& method, const std::string& path,
                                                 const std::string& body) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_slist* headers = curl_slist_append(nullptr, kAccept);
    headers = curl_slist_append(headers, kContentType);
    std::string last_error;
    long wait = config_.retry_wait_ms;
    for (int attempt = 0; attempt <= config_.max_retries; ++attempt) {
        for (const std::string& base : config_.urls) {
            Response r;
            const std::string url = base + path;
            curl_easy_reset(curl);
            curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
            if (method == "POST" || method == "PUT") {
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
            }
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
            curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
            curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                             config_.connect_timeout_ms + config_.read_timeout_ms);
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            apply_tls(curl, config_.tls);
            curl_error_[0] = '\0';
            curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error_);
            if (!config_.user_info.empty()) {
                curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
                curl_easy_setopt(curl, CURLOPT_USERPWD, config_.user_info.c_str());
            }
            ++calls_;
            const CURLcode rc = curl_easy_perform(curl);
            if (rc == CURLE_OK) {
                curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
                if (r.status < 500) {
                    curl_slist_free_all(headers);
                    return r;
                }
                last_error = url + " answered HTTP " + std::to_string(r.status) + ": " +
                             r.body.substr(0, 200);
            } else {
                // The error buffer has the detail (which certificate check failed, and why).
                last_error = url + ": " + curl_easy_strerror(rc) +
                             (curl_error_[0] ? std::string(" (") + curl_error_ + ")" : "");
            }
        }
        if (attempt < config_.max_retries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(wait));
            wait = std::min(wait * 2, 20000L);
        }
    }
    curl_slist_free_all(headers);
    throw kc::RetriableException("Schema registry unavailable at " + joined(config_.urls) +
                                 " after " + std::to_string(config_.max_retries + 1) +
                                 " attempt(s); last error: " + last_error);
}

std::string RegistryClient::schema_body(const std::string& schema, const std::string& schema_type,
                                        const std::vector<SchemaReference>& references) const {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("schema");
    w.String(schema.c_str(), static_cast<rapidjson::SizeType>(schema.size()));
    if (schema_type != "AVRO") {
        w.Key("schemaType");
        w.String(schema_type.c_str());
    }
    write_references(w, references);
    w.EndObject();
    return buf.GetString();
}

namespace {
// The registry's {"error_code","message"} as an exception saying what it answered.
[[noreturn]] void fail(const std::string& what, long status, const std::string& body) {
    std::string detail = body.substr(0, 300);
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (!d.HasParseError() && d.IsObject() && d.HasMember("message") && d["message"].IsString())
        detail = std::string(d["message"].GetString()) +
                 (d.HasMember("error_code") && d["error_code"].IsInt()
                      ? "; error code: " + std::to_string(d["error_code"].GetInt())
                      : "");
    throw kc::DataException(what + " failed: the schema registry answered HTTP " +
                            std::to_string(status) + ": " + detail);
}

// The schema a register or lookup answer names: its id (required), version
// and GUID, with what was sent.
RegisteredSchema answered_schema(const std::string& what, long status, const std::string& body,
                                 const std::string& schema, const std::string& schema_type,
                                 const std::vector<SchemaReference>& references) {
    if (status != 200) fail(what, status, body);
    rapidjson::Document d = parse_body(body, what);
    if (!d.HasMember("id") || !d["id"].IsInt()) fail(what, status, body);
    return {d["id"].GetInt(),
            d.HasMember("version") && d["version"].IsInt() ? d["version"].GetInt() : 0,
            schema,
            schema_type,
            references,
            guid_of(d)};
}
}  // namespace

const RegisteredSchema& RegistryClient::registered(const std::string& subject,
                                                   const std::string& schema,
                                                   const std::string& schema_type,
                                                   const std::vector<SchemaReference>& references) {
    auto key = std::make_pair(subject, schema);
    if (auto it = registered_.find(key); it != registered_.end()) return it->second;
    const std::string what = "Registering a schema under subject '" + subject + "'";
    Response r =
        request("POST", "/subjects/" + url_encode_segment(subject) + "/versions?normalize=false",
                schema_body(schema, schema_type, references));
    RegisteredSchema s = answered_schema(what, r.status, r.body, schema, schema_type, references);
    by_id_.emplace(s.id, s);
    return registered_.emplace(std::move(key), std::move(s)).first->second;
}

const RegisteredSchema& RegistryClient::lookup(const std::string& subject,
                                               const std::string& schema,
                                               const std::string& schema_type,
                                               const std::vector<SchemaReference>& references) {
    auto key = std::make_pair(subject, schema);
    if (auto it = looked_up_.find(key); it != looked_up_.end()) return it->second;
    const std::string what = "Looking up a schema under subject '" + subject + "'";
    Response r = request(
        "POST", "/subjects/" + url_encode_segment(subject) + "?normalize=false&deleted=false",
        schema_body(schema, schema_type, references));
    return looked_up_
        .emplace(std::move(key),
                 answered_schema(what, r.status, r.body, schema, schema_type, references))
        .first->second;
}

RegisteredSchema RegistryClient::latest(const std::string& subject) {
    const std::string what = "Reading the latest schema of subject '" + subject + "'";
    Response r =
        request("GET", "/subjects/" + url_encode_segment(subject) + "/versions/latest", "");
    if (r.status != 200) fail(what, r.status, r.body);
    rapidjson::Document d = parse_body(r.body, what);
    if (!d.HasMember("id") || !d["id"].IsInt() || !d.HasMember("schema") || !d["schema"].IsString())
        fail(what, r.status, r.body);
    RegisteredSchema s{d["id"].GetInt(),
                       d.HasMember("version") && d["version"].IsInt() ? d["version"].GetInt() : 0,
                       d["schema"].GetString(),
                       d.HasMember("schemaType") && d["schemaType"].IsString()
                           ? d["schemaType"].GetString()
                           : "AVRO",
                       parse_references(d),
                       guid_of(d)};
    return s;
}

const RegisteredSchema& RegistryClient::by_id(int32_t id) {
    if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
    const std::string what = "Reading schema id " + std::to_string(id);
    Response r = request("GET", "/schemas/ids/" + std::to_string(id) + "?fetchMaxId=false", "");
    if (r.status != 200) fail(what, r.status, r.body);
    rapidjson::Document d = parse_body(r.body, what);
    if (!d.HasMember("schema") || !d["schema"].IsString()) fail(what, r.status, r.body);
    RegisteredSchema s{id,
                       0,
                       d["schema"].GetString(),
                       d.HasMember("schemaType") && d["schemaType"].IsString()
                           ? d["schemaType"].GetString()
                           : "AVRO",
                       parse_references(d),
                       guid_of(d)};
    return by_id_.emplace(id, std::move(s)).first->second;
}

const RegisteredSchema& RegistryClient::by_guid(const std::string& guid) {
    if (auto it = by_guid_.find(guid); it != by_guid_.end()) return it->second;
    const std::string what = "Reading schema GUID " + guid;
    Response r = request("GET", "/schemas/guids/" + url_encode_segment(guid), "");
    if (r.status != 200) fail(what, r.status, r.body);
    rapidjson::Document d = parse_body(r.body, what);
    if (!d.HasMember("schema") || !d["schema"].IsString()) fail(what, r.status, r.body);
    RegisteredSchema s{d.HasMember("id") && d["id"].IsInt() ? d["id"].GetInt() : 0,
                       0,
                       d["schema"].GetString(),
                       d.HasMember("schemaType") && d["schemaType"].IsString()
                           ? d["schemaType"].GetString()
                           : "AVRO",
                       parse_references(d),
                       guid};
    return by_guid_.emplace(guid, std::move(s)).first->second;
}

const RegisteredSchema& RegistryClient::version(const std::string& subject, int32_t version) {
    auto key = std::make_pair(subject, version);
    if (auto it = versions_.find(key); it != versions_.end()) return it->second;
    const std::string what =
        "Reading version " + std::to_string(version) + " of subject '" + subject + "'";
    Response r = request(
        "GET", "/subjects/" + url_encode_segment(subject) + "/versions/" + std::to_string(version),
        "");
    if (r.status != 200) fail(what, r.status, r.body);
    rapidjson::Document d = parse_body(r.body, what);
    if (!d.HasMember("id") || !d["id"].IsInt() || !d.HasMember("schema") || !d["schema"].IsString())
        fail(what, r.status, r.body);
    RegisteredSchema s{d["id"].GetInt(),
                       version,
                       d["schema"].GetString(),
                       d.HasMember("schemaType") && d["schemaType"].IsString()
                           ? d["schemaType"].GetString()
                           : "AVRO",
                       parse_references(d),
                       guid_of(d)};
    return versions_.emplace(std::move(key), std::move(s)).first->second;
}

}  // namespace kc_schema_registry
