// A Confluent Schema Registry REST client over libcurl: register, lookup,
// latest version and schema by id, with the answers cached so that a schema
// costs one registry call per converter, and none per record.
//
// HTTPS URLs use the trust store, client certificate and hostname check of
// RegistryTlsConfig. Failures say what the registry answered: an HTTP error becomes a
// kc::DataException (4xx: the schema or subject is wrong) or a
// kc::RetriableException (5xx), carrying the registry's error_code and
// message; a registry that cannot be reached at any of its URLs, after
// max.retries attempts, is a kc::RetriableException naming the URLs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "registry_tls.hpp"

#include "schema_references.hpp"

namespace kc_schema_registry {

struct RegistryClientConfig {
    std::vector<std::string> urls;  // schema.registry.url (failover in order)
    std::string user_info;          // "user:password" for basic auth, empty for none
    long connect_timeout_ms = 60000;
    long read_timeout_ms = 60000;
    int max_retries = 3;
    long retry_wait_ms = 1000;
    RegistryTlsConfig tls;  // for https:// URLs
};

struct RegisteredSchema {
    int32_t id = 0;
    int32_t version = 0;
    std::string schema;
    std::string schema_type;  // "AVRO" when the registry omits it
    std::vector<SchemaReference> references;
    std::string guid;  // the registry's GUID of the schema ("" when it gave none)
};

class RegistryClient {
  public:
    explicit RegistryClient(RegistryClientConfig config);
    ~RegistryClient();
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    // POST /subjects/{subject}/versions: the id of the schema under the subject.
    int32_t register_schema(const std::string& subject, const std::string& schema,
                            const std::string& schema_type = "AVRO",
                            const std::vector<SchemaReference>& references = {}) {
        return registered(subject, schema, schema_type, references).id;
    }
    // The same call: the id and, from a registry that assigns them, the GUID.
    const RegisteredSchema& registered(const std::string& subject, const std::string& schema,
                                       const std::string& schema_type = "AVRO",
                                       const std::vector<SchemaReference>& references = {});
    // POST /subjects/{subject}: the id and version of an already registered schema.
    const RegisteredSchema& lookup(const std::string& subject, const std::string& schema,
                                   const std::string& schema_type = "AVRO",
                                   const std::vector<SchemaReference>& references = {});
    // GET /subjects/{subject}/versions/latest (not cached: "latest" moves).
    RegisteredSchema latest(const std::string& subject);
    // GET /schemas/ids/{id}.
    const RegisteredSchema& by_id(int32_t id);
    // GET /schemas/guids/{guid} (magic byte 1 and header ids name schemas so).
    const RegisteredSchema& by_guid(const std::string& guid);
    // GET /subjects/{subject}/versions/{version} (a version never changes: cached).
    const RegisteredSchema& version(const std::string& subject, int32_t version);

    // HTTP requests made so far (benchmarks and tests check the caching).
    uint64_t calls() const noexcept { return calls_; }

  private:
    struct Response {
        long status = 0;
        std::string body;
    };
    Response request(const std::string& method, const std::string& path, const std::string& body);
    std::string schema_body(const std::string& schema, const std::string& schema_type,
                            const std::vector<SchemaReference>& references) const;

    RegistryClientConfig config_;
    void* curl_ = nullptr;  // one easy handle, reused: keeps the connection alive
    // curl's detail of the last failure (which certificate check, and why);
    // curl may write it until the handle is cleaned up (CURL_ERROR_SIZE).
    char curl_error_[256] = "";
    // (subject, schema) -> registered
    std::map<std::pair<std::string, std::string>, RegisteredSchema> registered_;
    std::map<int32_t, RegisteredSchema> by_id_;
    std::map<std::string, RegisteredSchema> by_guid_;
    std::map<std::pair<std::string, std::string>, RegisteredSchema> looked_up_;
    std::map<std::pair<std::string, int32_t>, RegisteredSchema> versions_;
    uint64_t calls_ = 0;
};

// Percent-encodes a path segment (subjects may hold any character).
std::string url_encode_segment(const std::string& s);

}  // namespace kc_schema_registry
