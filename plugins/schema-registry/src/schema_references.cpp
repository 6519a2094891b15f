#include "schema_references.hpp"

#include <kc/error.hpp>

#include "registry_client.hpp"

namespace kc_schema_registry {

namespace {

void resolve(RegistryClient& client, const std::vector<SchemaReference>& references,
             std::map<std::string, std::string>& out, int depth) {
    if (depth > kMaxImportDepth)
        throw kc::DataException("Schema references nested more than " +
                                std::to_string(kMaxImportDepth) + " deep (a cycle?)");
    for (const SchemaReference& r : references) {
        if (out.count(r.name)) continue;
        const RegisteredSchema& s = client.version(r.subject, r.version);
        out.emplace(r.name, s.schema);
        resolve(client, s.references, out, depth + 1);
    }
}

}  // namespace

std::vector<SchemaReference> parse_references(const rapidjson::Value& answer) {
    std::vector<SchemaReference> out;
    if (!answer.IsObject() || !answer.HasMember("references") || !answer["references"].IsArray())
        return out;
    for (const auto& r : answer["references"].GetArray()) {
        if (!r.IsObject() || !r.HasMember("name") || !r["name"].IsString() ||
            !r.HasMember("subject") || !r["subject"].IsString() || !r.HasMember("version") ||
            !r["version"].IsInt())
            throw kc::DataException(
                "Schema registry answered a reference without a name, subject and version");
        out.push_back({r["name"].GetString(), r["subject"].GetString(), r["version"].GetInt()});
    }
    return out;
}

void write_references(rapidjson::Writer<rapidjson::StringBuffer>& w,
                      const std::vector<SchemaReference>& references) {
    if (references.empty()) return;
    w.Key("references");
    w.StartArray();
    for (const SchemaReference& r : references) {
        w.StartObject();
        w.Key("name");
        w.String(r.name.c_str(), static_cast<rapidjson::SizeType>(r.name.size()));
        w.Key("subject");
        w.String(r.subject.c_str(), static_cast<rapidjson::SizeType>(r.subject.size()));
        w.Key("version");
        w.Int(r.version);
        w.EndObject();
    }
    w.EndArray();
}

std::map<std::string, std::string> resolve_references(
    RegistryClient& client, const std::vector<SchemaReference>& references) {
    std::map<std::string, std::string> out;
    resolve(client, references, out, 0);
    return out;
}

}  // namespace kc_schema_registry
