#include "host/kafka/registry/compatibility.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

#include "host/core/bounded_json.hpp"
#include "host/kafka/registry/avro_compatibility.hpp"
#include "host/kafka/registry/json_schema_compatibility.hpp"
#include "host/kafka/registry/protobuf_compatibility.hpp"
#include "host/kafka/registry/protobuf_descriptor.hpp"
#include "host/kafka/registry/schema_references.hpp"

namespace kc::host::kafka::registry {

namespace {

std::vector<std::string> read_problems(const StoredSchema& reader, const StoredSchema& writer,
                                       const SchemaStore* store) {
    const std::string& type = reader.schema_type;
    if (type == "AVRO") return avro_read_problems(reader.schema, writer.schema);
    if (type == "JSON") return json_schema_read_problems(reader.schema, writer.schema);
    if (!store) return protobuf_read_problems(reader.schema, writer.schema);
    return protobuf_read_problems(reader.schema, writer.schema,
                                  resolve_references(*store, reader.references).files,
                                  resolve_references(*store, writer.references).files);
}

}  // namespace

bool valid_compatibility_level(const std::string& level) {
    for (const char* l : {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
                          "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"})
        if (level == l) return true;
    return false;
}

std::vector<std::string> compatibility_problems(const std::string& level,
                                                const StoredSchema& candidate,
                                                const std::vector<SubjectVersion>& previous,
                                                const SchemaStore* store) {
    std::vector<std::string> out;
    if (level == "NONE" || previous.empty()) return out;
    const bool transitive = level.ends_with("_TRANSITIVE");
    const bool backward = level.starts_with("BACKWARD") || level.starts_with("FULL");
    const bool forward = level.starts_with("FORWARD") || level.starts_with("FULL");
    const size_t first = transitive ? 0 : previous.size() - 1;
    for (size_t i = first; i < previous.size(); ++i) {
        const StoredSchema& old = previous[i].schema;
        const std::string against = "version " + std::to_string(previous[i].version) + ": ";
        if (old.schema_type != candidate.schema_type) {
            out.push_back(against + "TYPE_MISMATCH: a " + candidate.schema_type +
                          " schema cannot follow a " + old.schema_type + " schema");
            continue;
        }
        try {
            if (backward)
                for (const auto& p : read_problems(candidate, old, store))
                    out.push_back(against + "the new schema cannot read its data: " + p);
            if (forward)
                for (const auto& p : read_problems(old, candidate, store))
                    out.push_back(against + "it cannot read the new schema's data: " + p);
        } catch (const std::invalid_argument& e) {
            out.push_back(against + "unreadable schema: " + e.what());
        }
    }
    return out;
}

std::optional<std::string> schema_syntax_error(const std::string& schema_type,
                                               const std::string& schema) {
    if (schema_type == "PROTOBUF") {
        try {
            parse_proto_text(schema);
        } catch (const std::invalid_argument& e) {
            return std::string("not a valid Protobuf schema: ") + e.what();
        }
        return std::nullopt;
    }
    rapidjson::Document d;
    if (auto problem = parse_bounded_json(d, schema)) return problem;
    if (schema_type != "AVRO") return std::nullopt;
    try {
        avro_read_problems(schema, schema);  // parses it
    } catch (const std::invalid_argument& e) {
        return std::string("not a valid Avro schema: ") + e.what();
    }
    return std::nullopt;
}

}  // namespace kc::host::kafka::registry
