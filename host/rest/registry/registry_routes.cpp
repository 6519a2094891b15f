// The registry REST API (Confluent's paths, bodies, error codes and content
// type) over a SchemaStore.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>

#include "host/core/bounded_json.hpp"
#include "host/kafka/registry/compatibility.hpp"
#include "host/kafka/registry/protobuf_descriptor.hpp"
#include "host/kafka/registry/schema_references.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

namespace kc::host::rest::registry {

using namespace kafka::registry;

namespace {

using rest::PathParams;
using rest::RestRequest;
using rest::RestResponse;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr const char* kContentType = "application/vnd.schemaregistry.v1+json";

// Confluent's error codes (io.confluent.kafka.schemaregistry.rest.exceptions.Errors).
constexpr int kSubjectNotFound = 40401;
constexpr int kVersionNotFound = 40402;
constexpr int kSchemaNotFound = 40403;
constexpr int kSubjectSoftDeleted = 40404;
constexpr int kSubjectNotSoftDeleted = 40405;
constexpr int kVersionSoftDeleted = 40406;
constexpr int kVersionNotSoftDeleted = 40407;
constexpr int kSubjectCompatibilityNotConfigured = 40408;
constexpr int kIncompatibleSchema = 409;
constexpr int kInvalidSchema = 42201;
constexpr int kInvalidVersion = 42202;
constexpr int kInvalidCompatibilityLevel = 42203;

RestResponse answer(int status, const std::string& body) {
    RestResponse r{status, body, {}};
    r.headers.emplace_back("Content-Type", kContentType);
    return r;
}

RestResponse error(int status, int code, const std::string& message) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key("error_code");
    w.Int(code);
    w.Key("message");
    w.String(message.c_str());
    w.EndObject();
    return answer(status, buf.GetString());
}

template <class Fill>
RestResponse object(Fill fill) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    fill(w);
    w.EndObject();
    return answer(200, buf.GetString());
}

// `deleted=true` also shows soft deleted subjects and versions.
bool with_deleted(const RestRequest& req) {
    return req.query_value("deleted") == "true";
}

// `format=serialized` asks for a Protobuf schema as a Base64 FileDescriptorProto.
bool wants_serialized(const RestRequest& req) {
    return req.query_value("format") == "serialized";
}

// With `serialized_from`, a Protobuf schema is written as its descriptor,
// linked against the schemas its references name in that store.
void write_schema_fields(JsonWriter& w, const StoredSchema& s,
                         const SchemaStore* serialized_from = nullptr) {
    if (s.schema_type != "AVRO") {
        w.Key("schemaType");
        w.String(s.schema_type.c_str());
    }
    if (!s.references.empty()) {
        w.Key("references");
        w.RawValue(s.references.c_str(), s.references.size(), rapidjson::kArrayType);
    }
    w.Key("schema");
    if (serialized_from && s.schema_type == "PROTOBUF") {
        const std::string b64 = proto_text_to_serialized(
            s.schema, resolve_references(*serialized_from, s.references).files);
        w.String(b64.c_str(), static_cast<rapidjson::SizeType>(b64.size()));
        return;
    }
    w.String(s.schema.c_str(), static_cast<rapidjson::SizeType>(s.schema.size()));
}

RestResponse subject_version(const SubjectVersion& v,
                             const SchemaStore* serialized_from = nullptr) {
    return object([&](JsonWriter& w) {
        w.Key("subject");
        w.String(v.subject.c_str());
        w.Key("version");
        w.Int(v.version);
        w.Key("id");
        w.Int(v.schema.id);
        w.Key("guid");
        w.String(v.schema.guid.c_str());
        write_schema_fields(w, v.schema, serialized_from);
    });
}

struct SchemaRequest {
    std::string schema, schema_type = "AVRO", references;
};

// The {"schema", "schemaType", "references"} body, or an error response.
// Its references must name versions the store has: a Protobuf descriptor
// is built against them.
std::optional<SchemaRequest> parse_schema_request(const std::string& body, const SchemaStore& store,
                                                  RestResponse& err) {
    rapidjson::Document d;
    if (parse_bounded_json(d, body) || !d.IsObject() || !d.HasMember("schema") ||
        !d["schema"].IsString()) {
        err = error(422, kInvalidSchema, "Invalid schema: the body needs a \"schema\" string");
        return std::nullopt;
    }
    SchemaRequest r;
    r.schema = d["schema"].GetString();
    if (d.HasMember("schemaType") && d["schemaType"].IsString())
        r.schema_type = d["schemaType"].GetString();
    if (r.schema_type != "AVRO" && r.schema_type != "JSON" && r.schema_type != "PROTOBUF") {
        err = error(422, kInvalidSchema, "Invalid schema type " + r.schema_type);
        return std::nullopt;
    }
    if (d.HasMember("references") && d["references"].IsArray() && !d["references"].Empty()) {
        rapidjson::StringBuffer buf;
        JsonWriter w(buf);
        d["references"].Accept(w);
        r.references = buf.GetString();
    }
    const ResolvedReferences refs = resolve_references(store, r.references);
    if (!refs.error.empty()) {
        err = error(422, kInvalidSchema, "Invalid schema: " + refs.error);
        return std::nullopt;
    }
    if (r.schema_type == "PROTOBUF") {
        // Stored as .proto text, whichever form it came in.
        try {
            if (auto text = serialized_to_proto_text(r.schema, refs.files)) r.schema = *text;
        } catch (const std::invalid_argument& e) {
            err = error(422, kInvalidSchema, std::string("Invalid schema: ") + e.what());
            return std::nullopt;
        }
    }
    if (auto problem = schema_syntax_error(r.schema_type, r.schema)) {
        err = error(422, kInvalidSchema, "Invalid schema: " + *problem);
        return std::nullopt;
    }
    return r;
}

std::optional<int32_t> parse_int(const std::string& s) {
    int32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// The {"compatibility": X} body of a PUT /config, or an error response.
std::optional<std::string> parse_level(const std::string& body, RestResponse& err) {
    rapidjson::Document d;
    if (parse_bounded_json(d, body) || !d.IsObject() || !d.HasMember("compatibility") ||
        !d["compatibility"].IsString() ||
        !valid_compatibility_level(d["compatibility"].GetString())) {
        err = error(422, kInvalidCompatibilityLevel,
                    "Invalid compatibility level. Valid values are none, backward, forward, full, "
                    "backward_transitive, forward_transitive, and full_transitive");
        return std::nullopt;
    }
    return std::string(d["compatibility"].GetString());
}

RestResponse level_answer(const char* key, const std::string& level) {
    return object([&](JsonWriter& w) {
        w.Key(key);
        w.String(level.c_str());
    });
}

// A version path segment: 1..2^31-1, or -1 for "latest"; nullopt with an error response.
std::optional<int32_t> parse_version(const std::string& text, RestResponse& err) {
    std::optional<int32_t> version = text == "latest" ? -1 : parse_int(text);
    if (!version || *version == 0 || *version < -1) {
        err = error(422, kInvalidVersion,
                    "The specified version '" + text +
                        "' is not a valid version id. Allowed values are between "
                        "[1, 2^31-1] and the string \"latest\"");
        return std::nullopt;
    }
    return version;
}

// GET .../schema answers the schema itself: Avro and JSON Schema as the JSON
// document, Protobuf text as a JSON string.
RestResponse raw_schema(const StoredSchema& s) {
    if (s.schema_type != "PROTOBUF") return answer(200, s.schema);
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.String(s.schema.c_str(), static_cast<rapidjson::SizeType>(s.schema.size()));
    return answer(200, buf.GetString());
}

RestResponse compatibility_answer(const std::vector<std::string>& problems, bool verbose) {
    return object([&](JsonWriter& w) {
        w.Key("is_compatible");
        w.Bool(problems.empty());
        if (!verbose) return;
        w.Key("messages");
        w.StartArray();
        for (const auto& m : problems)
            w.String(m.c_str());
        w.EndArray();
    });
}

std::string joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += (out.empty() ? "" : "; ") + p;
    return out;
}

// The schema the path's {id} names, if the store has one.
std::optional<StoredSchema> schema_in_path(const SchemaStore& store, const PathParams& p) {
    auto id = parse_int(p.at("id"));
    return id ? store.by_id(*id) : std::nullopt;
}

RestResponse schema_not_found(const PathParams& p) {
    return error(404, kSchemaNotFound, "Schema " + p.at("id") + " not found");
}

void add_schema_routes(rest::Router& router, SchemaStore& store) {
    router.add("GET", "/schemas/ids/{id}/schema",
               [&store](const RestRequest&, const PathParams& p) {
                   auto s = schema_in_path(store, p);
                   if (!s) return schema_not_found(p);
                   return raw_schema(*s);
               });
    router.add("GET", "/schemas/ids/{id}/versions",
               [&store](const RestRequest& req, const PathParams& p) {
                   auto s = schema_in_path(store, p);
                   if (!s) return schema_not_found(p);
                   rapidjson::StringBuffer buf;
                   JsonWriter w(buf);
                   w.StartArray();
                   for (const auto& [subject, version] : store.uses(s->id, with_deleted(req))) {
                       w.StartObject();
                       w.Key("subject");
                       w.String(subject.c_str());
                       w.Key("version");
                       w.Int(version);
                       w.EndObject();
                   }
                   w.EndArray();
                   return answer(200, buf.GetString());
               });
    router.add("GET", "/schemas/ids/{id}/subjects",
               [&store](const RestRequest& req, const PathParams& p) {
                   auto s = schema_in_path(store, p);
                   if (!s) return schema_not_found(p);
                   rapidjson::StringBuffer buf;
                   JsonWriter w(buf);
                   w.StartArray();
                   for (const auto& use : store.uses(s->id, with_deleted(req)))
                       w.String(use.first.c_str());
                   w.EndArray();
                   return answer(200, buf.GetString());
               });
    router.add(
        "GET", "/subjects/{subject}/versions/{version}/schema",
        [&store](const RestRequest& req, const PathParams& p) {
            RestResponse err;
            auto version = parse_version(p.at("version"), err);
            if (!version) return err;
            bool known = false;
            auto v = store.version(p.at("subject"), *version, known, with_deleted(req));
            if (!known)
                return error(404, kSubjectNotFound, "Subject '" + p.at("subject") + "' not found.");
            if (!v)
                return error(404, kVersionNotFound, "Version " + p.at("version") + " not found.");
            return raw_schema(v->schema);
        });
}

// POST /compatibility/subjects/{s}/versions/{v}: the candidate against that
// version (against every version the subject's level asks for, for
// "latest"); .../versions without {v}: against all of them.
void add_compatibility_routes(rest::Router& router, SchemaStore& store) {
    auto check = [&store](const RestRequest& req, const std::string& subject,
                          const std::string* version_text) {
        RestResponse err;
        auto r = parse_schema_request(req.body, store, err);
        if (!r) return err;
        std::vector<SubjectVersion> previous = store.history(subject);
        std::string level = store.effective_compatibility(subject);
        if (version_text) {
            auto version = parse_version(*version_text, err);
            if (!version) return err;
            if (*version != -1) {
                if (previous.empty())
                    return error(404, kSubjectNotFound, "Subject '" + subject + "' not found.");
                auto it =
                    std::find_if(previous.begin(), previous.end(),
                                 [&](const SubjectVersion& v) { return v.version == *version; });
                if (it == previous.end())
                    return error(404, kVersionNotFound, "Version " + *version_text + " not found.");
                previous = {*it};
            }
        } else if (!level.ends_with("_TRANSITIVE") && level != "NONE") {
            level += "_TRANSITIVE";
        }
        const StoredSchema candidate{0, r->schema, r->schema_type, r->references, ""};
        return compatibility_answer(compatibility_problems(level, candidate, previous, &store),
                                    req.query_value("verbose") == "true");
    };
    router.add("POST", "/compatibility/subjects/{subject}/versions/{version}",
               [check](const RestRequest& req, const PathParams& p) {
                   return check(req, p.at("subject"), &p.at("version"));
               });
    router.add("POST", "/compatibility/subjects/{subject}/versions",
               [check](const RestRequest& req, const PathParams& p) {
                   return check(req, p.at("subject"), nullptr);
               });
}

std::string version_list(const std::vector<int32_t>& versions) {
    std::string body = "[";
    for (size_t i = 0; i < versions.size(); ++i)
        body += (i ? "," : "") + std::to_string(versions[i]);
    return body + "]";
}

// A refused DELETE as Confluent answers it; nullopt when it was done.
std::optional<RestResponse> delete_refused(const DeleteResult& r, const std::string& subject,
                                           const std::string& version) {
    const std::string s = "Subject '" + subject + "'";
    const std::string v = s + " version " + version;
    switch (r.outcome) {
        case DeleteOutcome::Deleted:
            return std::nullopt;
        case DeleteOutcome::SubjectNotFound:
            return error(404, kSubjectNotFound, s + " not found.");
        case DeleteOutcome::VersionNotFound:
            return error(404, kVersionNotFound, "Version " + version + " not found.");
        case DeleteOutcome::SubjectSoftDeleted:
            return error(404, kSubjectSoftDeleted,
                         s + " is already soft deleted: add permanent=true to remove it for good");
        case DeleteOutcome::SubjectNotSoftDeleted:
            return error(404, kSubjectNotSoftDeleted,
                         s + " must be soft deleted (without permanent=true) before it can be "
                             "deleted permanently");
        case DeleteOutcome::VersionSoftDeleted:
            return error(404, kVersionSoftDeleted,
                         v + " is already soft deleted: add permanent=true to remove it for good");
        case DeleteOutcome::VersionNotSoftDeleted:
            return error(404, kVersionNotSoftDeleted,
                         v + " must be soft deleted (without permanent=true) before it can be "
                             "deleted permanently");
    }
    return std::nullopt;
}

// DELETE /subjects/{s} answers the versions deleted, .../versions/{v} the
// version; ?permanent=true removes what a plain DELETE soft deleted.
void add_delete_routes(rest::Router& router, SchemaStore& store) {
    router.add(
        "DELETE", "/subjects/{subject}", [&store](const RestRequest& req, const PathParams& p) {
            const std::string& subject = p.at("subject");
            DeleteResult r = store.delete_subject(subject, req.query_value("permanent") == "true");
            if (auto refused = delete_refused(r, subject, "")) return *refused;
            return answer(200, version_list(r.versions));
        });
    router.add("DELETE", "/subjects/{subject}/versions/{version}",
               [&store](const RestRequest& req, const PathParams& p) {
                   const std::string& subject = p.at("subject");
                   RestResponse err;
                   auto version = parse_version(p.at("version"), err);
                   if (!version) return err;
                   DeleteResult r = store.delete_version(subject, *version,
                                                         req.query_value("permanent") == "true");
                   if (auto refused = delete_refused(r, subject, p.at("version"))) return *refused;
                   return answer(200, std::to_string(r.versions.front()));
               });
}

}  // namespace

void add_registry_routes(rest::Router& router, SchemaStore& store) {
    router.add("GET", "/", [](const RestRequest&, const PathParams&) { return answer(200, "{}"); });
    router.add("GET", "/schemas/types", [](const RestRequest&, const PathParams&) {
        return answer(200, "[\"JSON\",\"PROTOBUF\",\"AVRO\"]");
    });
    router.add("POST", "/subjects/{subject}/versions",
               [&store](const RestRequest& req, const PathParams& p) {
                   RestResponse err;
                   auto r = parse_schema_request(req.body, store, err);
                   if (!r) return err;
                   const std::string& subject = p.at("subject");
                   const StoredSchema candidate{0, r->schema, r->schema_type, r->references, ""};
                   std::vector<std::string> problems;
                   SubjectVersion v = store.register_schema(
                       subject, r->schema, r->schema_type, r->references,
                       [&](const std::string& level, const std::vector<SubjectVersion>& previous) {
                           return compatibility_problems(level, candidate, previous, &store);
                       },
                       &problems);
                   if (!problems.empty())
                       return error(409, kIncompatibleSchema,
                                    "Schema being registered is incompatible with an earlier "
                                    "schema for subject \"" +
                                        subject + "\" (compatibility " +
                                        store.effective_compatibility(subject) +
                                        "): " + joined(problems));
                   return object([&](JsonWriter& w) {
                       w.Key("id");
                       w.Int(v.schema.id);
                       w.Key("guid");
                       w.String(v.schema.guid.c_str());
                   });
               });
    router.add("POST", "/subjects/{subject}",
               [&store](const RestRequest& req, const PathParams& p) {
                   RestResponse err;
                   auto r = parse_schema_request(req.body, store, err);
                   if (!r) return err;
                   const std::string& subject = p.at("subject");
                   auto v = store.lookup(subject, r->schema, r->schema_type, with_deleted(req));
                   if (!v)
                       return error(404, kSubjectNotFound, "Subject '" + subject + "' not found.");
                   if (v->version == 0) return error(404, kSchemaNotFound, "Schema not found");
                   return subject_version(*v, wants_serialized(req) ? &store : nullptr);
               });
    router.add("GET", "/schemas/ids/{id}", [&store](const RestRequest& req, const PathParams& p) {
        auto s = schema_in_path(store, p);
        if (!s) return schema_not_found(p);
        return object([&](JsonWriter& w) {
            write_schema_fields(w, *s, wants_serialized(req) ? &store : nullptr);
        });
    });
    // Records that name their schema by GUID (magic byte 1, or an id header).
    router.add("GET", "/schemas/guids/{guid}",
               [&store](const RestRequest& req, const PathParams& p) {
                   auto s = store.by_guid(p.at("guid"));
                   if (!s)
                       return error(404, kSchemaNotFound, "Schema " + p.at("guid") + " not found");
                   return object([&](JsonWriter& w) {
                       w.Key("id");
                       w.Int(s->id);
                       w.Key("guid");
                       w.String(s->guid.c_str());
                       write_schema_fields(w, *s, wants_serialized(req) ? &store : nullptr);
                   });
               });
    router.add("GET", "/subjects", [&store](const RestRequest& req, const PathParams&) {
        rapidjson::StringBuffer buf;
        JsonWriter w(buf);
        w.StartArray();
        for (const auto& s : store.subjects(with_deleted(req)))
            w.String(s.c_str());
        w.EndArray();
        return answer(200, buf.GetString());
    });
    router.add("GET", "/subjects/{subject}/versions",
               [&store](const RestRequest& req, const PathParams& p) {
                   auto versions = store.versions(p.at("subject"), with_deleted(req));
                   if (!versions)
                       return error(404, kSubjectNotFound,
                                    "Subject '" + p.at("subject") + "' not found.");
                   return answer(200, version_list(*versions));
               });
    router.add("GET", "/subjects/{subject}/versions/{version}",
               [&store](const RestRequest& req, const PathParams& p) {
                   const std::string& subject = p.at("subject");
                   const std::string& text = p.at("version");
                   RestResponse err;
                   auto version = parse_version(text, err);
                   if (!version) return err;
                   bool known = false;
                   auto v = store.version(subject, *version, known, with_deleted(req));
                   if (!known)
                       return error(404, kSubjectNotFound, "Subject '" + subject + "' not found.");
                   if (!v) return error(404, kVersionNotFound, "Version " + text + " not found.");
                   return subject_version(*v, wants_serialized(req) ? &store : nullptr);
               });
    router.add("GET", "/config", [&store](const RestRequest&, const PathParams&) {
        return level_answer("compatibilityLevel", store.global_compatibility());
    });
    router.add("PUT", "/config", [&store](const RestRequest& req, const PathParams&) {
        RestResponse err;
        auto level = parse_level(req.body, err);
        if (!level) return err;
        store.set_global_compatibility(*level);
        return level_answer("compatibility", *level);
    });
    router.add("GET", "/config/{subject}", [&store](const RestRequest& req, const PathParams& p) {
        const std::string& subject = p.at("subject");
        if (auto level = store.subject_compatibility(subject))
            return level_answer("compatibilityLevel", *level);
        if (req.query_value("defaultToGlobal") == "true")
            return level_answer("compatibilityLevel", store.global_compatibility());
        return error(404, kSubjectCompatibilityNotConfigured,
                     "Subject '" + subject +
                         "' does not have subject-level compatibility "
                         "configured");
    });
    router.add("PUT", "/config/{subject}", [&store](const RestRequest& req, const PathParams& p) {
        RestResponse err;
        auto level = parse_level(req.body, err);
        if (!level) return err;
        store.set_subject_compatibility(p.at("subject"), *level);
        return level_answer("compatibility", *level);
    });
    router.add("DELETE", "/config/{subject}", [&store](const RestRequest&, const PathParams& p) {
        const std::string& subject = p.at("subject");
        if (auto level = store.clear_subject_compatibility(subject))
            return level_answer("compatibilityLevel", *level);
        return error(404, kSubjectNotFound, "Subject '" + subject + "' not found.");
    });
    add_schema_routes(router, store);
    add_compatibility_routes(router, store);
    add_delete_routes(router, store);
}

}  // namespace kc::host::rest::registry
