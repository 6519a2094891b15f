#include "host/kafka/registry/schema_references.hpp"

#include <rapidjson/document.h>

#include <set>

#include "host/core/bounded_json.hpp"

namespace kc::host::kafka::registry {

namespace {

void resolve(const SchemaStore& store, const std::string& references, int depth,
             std::set<std::pair<std::string, int32_t>>& seen, ResolvedReferences& out) {
    if (references.empty() || !out.error.empty()) return;
    if (depth > kMaxImportDepth) {
        out.error = "references nested more than " + std::to_string(kMaxImportDepth) + " deep";
        return;
    }
    rapidjson::Document d;
    if (parse_bounded_json(d, references) || !d.IsArray()) {
        out.error = "references must be an array";
        return;
    }
    for (const auto& r : d.GetArray()) {
        if (!r.IsObject() || !r.HasMember("name") || !r["name"].IsString() ||
            !r.HasMember("subject") || !r["subject"].IsString() || !r.HasMember("version") ||
            !r["version"].IsInt()) {
            out.error = "each reference needs a name, a subject and a version";
            return;
        }
        const std::string subject = r["subject"].GetString();
        const int32_t version = r["version"].GetInt();
        if (!seen.emplace(subject, version).second) continue;
        bool known = false;
        auto v = version > 0 ? store.version(subject, version, known) : std::nullopt;
        if (!v) {
            out.error = "reference " + std::string(r["name"].GetString()) + " names version " +
                        std::to_string(version) + " of subject '" + subject +
                        "', which does not exist";
            return;
        }
        out.files.emplace(r["name"].GetString(), v->schema.schema);
        resolve(store, v->schema.references, depth + 1, seen, out);
    }
}

}  // namespace

ResolvedReferences resolve_references(const SchemaStore& store, const std::string& references) {
    ResolvedReferences out;
    std::set<std::pair<std::string, int32_t>> seen;
    resolve(store, references, 0, seen, out);
    return out;
}

}  // namespace kc::host::kafka::registry
