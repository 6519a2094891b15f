// Schema references (Confluent's "references" array): a schema that imports
// others (a .proto `import`, a JSON Schema `$ref`) names each one as
// {name, subject, version}, the import name and where the imported schema is
// registered. Reading, the imported texts are fetched from the registry;
// writing, they are registered first, each under the subject
// DefaultReferenceSubjectNameStrategy gives it: its import name.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kc_schema_registry {

// Deeper import chains than any real schema: where resolving stops (a cycle).
inline constexpr int kMaxImportDepth = 32;

struct SchemaReference {
    std::string name;     // as the schema imports it ("other.proto")
    std::string subject;  // where it is registered
    int32_t version = 0;

    bool operator==(const SchemaReference&) const = default;
};

// The "references" member of a registry answer; empty when it has none.
// Throws kc::DataException when an entry lacks its name, subject or version.
std::vector<SchemaReference> parse_references(const rapidjson::Value& answer);

// Writes "references": [...] into an open JSON object (nothing when empty).
void write_references(rapidjson::Writer<rapidjson::StringBuffer>& w,
                      const std::vector<SchemaReference>& references);

class RegistryClient;

// The texts of every schema `references` import, directly or through other
// references, by import name (AbstractSchemaProvider.resolveReferences);
// one registry call per referenced version, cached by the client.
std::map<std::string, std::string> resolve_references(
    RegistryClient& client, const std::vector<SchemaReference>& references);

}  // namespace kc_schema_registry
