#include "json_schema_data.hpp"

#include <kc/logical.hpp>
#include <vector>

#include "json_payload.hpp"

namespace kc_schema_registry {

namespace {

constexpr int kMaxDepth = 64;

void key(JsonWriter& w, const char* k) {
    w.Key(k);
}
void string(JsonWriter& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void schema(JsonWriter& w, kc::SchemaView s, const JsonSchemaSettings& settings, int index,
            int depth);

void base(JsonWriter& w, kc::SchemaView s, const JsonSchemaSettings& settings, int index,
          int depth) {
    using kc::Type;
    if (depth > kMaxDepth) throw kc::DataException("Connect schema nested too deeply");
    w.StartObject();
    const char* type = nullptr;
    const char* connect_type = nullptr;
    switch (s.type()) {
        case Type::Int8:
            type = "integer", connect_type = "int8";
            break;
        case Type::Int16:
            type = "integer", connect_type = "int16";
            break;
        case Type::Int32:
            type = "integer", connect_type = "int32";
            break;
        case Type::Int64:
            type = "integer", connect_type = "int64";
            break;
        case Type::Float32:
            type = "number", connect_type = "float32";
            break;
        case Type::Float64:
            type = "number", connect_type = "float64";
            break;
        case Type::Boolean:
            type = "boolean";
            break;
        case Type::String:
            type = "string";
            break;
        case Type::Bytes:
            type = "string", connect_type = "bytes";
            break;
        case Type::Array:
            type = "array";
            break;
        case Type::Map:
            if (s.key_schema().type() == Type::String && !s.key_schema().optional()) {
                type = "object";
            } else {
                type = "array";
            }
            connect_type = "map";
            break;
        case Type::Struct:
            type = "object";
            break;
    }
    key(w, "type");
    w.String(type);
    if (!s.name().empty()) {
        key(w, "title");
        string(w, s.name());
    }
    if (!s.doc().empty()) {
        key(w, "description");
        string(w, s.doc());
    }
    if (s.default_value()) {
        key(w, "default");
        std::string scratch;
        write_json_value(w, s, s.default_value(), scratch);
    }
    switch (s.type()) {
        case Type::Array:
            key(w, "items");
            schema(w, s.value_schema(), settings, -1, depth + 1);
            break;
        case Type::Map:
            if (std::string_view(type) == "object") {
                key(w, "additionalProperties");
                schema(w, s.value_schema(), settings, -1, depth + 1);
            } else {
                key(w, "items");
                w.StartObject();
                key(w, "type");
                w.String("object");
                key(w, "properties");
                w.StartObject();
                key(w, "key");
                schema(w, s.key_schema(), settings, 0, depth + 1);
                key(w, "value");
                schema(w, s.value_schema(), settings, 1, depth + 1);
                w.EndObject();
                w.EndObject();
            }
            break;
        case Type::Struct: {
            key(w, "properties");
            w.StartObject();
            std::vector<std::string_view> required;
            for (size_t i = 0; i < s.field_count(); ++i) {
                kc::FieldView f = s.field(i);
                string(w, f.name);
                schema(w, f.schema, settings, static_cast<int>(i), depth + 1);
                if (!f.schema_view().optional()) required.push_back(f.name);
            }
            w.EndObject();
            if (!required.empty()) {
                key(w, "required");
                w.StartArray();
                for (auto r : required)
                    string(w, r);
                w.EndArray();
            }
            if (!settings.object_additional_properties) {
                key(w, "additionalProperties");
                w.Bool(false);
            }
            break;
        }
        default:
            break;
    }
    if (connect_type) {
        key(w, "connect.type");
        w.String(connect_type);
    }
    if (s.version()) {
        key(w, "connect.version");
        w.Int(*s.version());
    }
    if (!s.params().empty()) {
        key(w, "connect.parameters");
        w.StartObject();
        for (const auto& p : s.params()) {
            string(w, kc::sv(p.key));
            string(w, kc::sv(p.value));
        }
        w.EndObject();
    }
    if (index >= 0) {
        key(w, "connect.index");
        w.Int(index);
    }
    w.EndObject();
}

void schema(JsonWriter& w, kc::SchemaView s, const JsonSchemaSettings& settings, int index,
            int depth) {
    if (!s.optional()) return base(w, s, settings, index, depth);
    w.StartObject();
    key(w, "oneOf");
    w.StartArray();
    w.StartObject();
    key(w, "type");
    w.String("null");
    w.EndObject();
    base(w, s, settings, -1, depth);
    w.EndArray();
    if (index >= 0) {
        key(w, "connect.index");
        w.Int(index);
    }
    w.EndObject();
}

// ---------------------------------------------------------------------------

std::string_view str(const rapidjson::Value& v, const char* k) {
    auto m = v.FindMember(k);
    if (m == v.MemberEnd() || !m->value.IsString()) return {};
    return {m->value.GetString(), m->value.GetStringLength()};
}

kc::Schema to_connect(const rapidjson::Value& v, bool optional, int depth);

kc::SchemaBuilder base_builder(const rapidjson::Value& v, int depth) {
    using kc::SchemaBuilder;
    const std::string_view type = str(v, "type");
    const std::string_view ct = str(v, "connect.type");
    const std::string_view title = str(v, "title");
    if (title == kc::logical::kDecimalName) {
        auto params = v.FindMember("connect.parameters");
        int scale = 0;
        if (params != v.MemberEnd() && params->value.IsObject())
            scale = std::stoi(std::string(str(params->value, "scale")));
        return kc::logical::decimal_builder(scale);
    }
    if (title == kc::logical::kDateName) return kc::logical::date_builder();
    if (title == kc::logical::kTimeName) return kc::logical::time_builder();
    if (title == kc::logical::kTimestampName) return kc::logical::timestamp_builder();
    if (type == "integer") {
        if (ct == "int8") return SchemaBuilder::int8();
        if (ct == "int16") return SchemaBuilder::int16();
        if (ct == "int32") return SchemaBuilder::int32();
        return SchemaBuilder::int64();
    }
    if (type == "number")
        return ct == "float32" ? SchemaBuilder::float32() : SchemaBuilder::float64();
    if (type == "boolean") return SchemaBuilder::boolean();
    if (type == "string") return ct == "bytes" ? SchemaBuilder::bytes() : SchemaBuilder::string();
    if (type == "array") {
        auto items = v.FindMember("items");
        if (items == v.MemberEnd()) throw kc::DataException("JSON Schema array without items");
        if (ct == "map") {
            const rapidjson::Value& props = items->value["properties"];
            return SchemaBuilder::map(to_connect(props["key"], false, depth + 1),
                                      to_connect(props["value"], false, depth + 1));
        }
        return SchemaBuilder::array(to_connect(items->value, false, depth + 1));
    }
    if (type == "object") {
        auto add = v.FindMember("additionalProperties");
        if (ct == "map" && add != v.MemberEnd() && add->value.IsObject())
            return SchemaBuilder::map(kc::schemas::string(),
                                      to_connect(add->value, false, depth + 1));
        SchemaBuilder b = SchemaBuilder::struct_();
        auto props = v.FindMember("properties");
        if (props != v.MemberEnd() && props->value.IsObject()) {
            // Fields in connect.index order where given, else document order.
            std::vector<std::pair<int, const rapidjson::Value::Member*>> fields;
            int n = 0;
            for (auto m = props->value.MemberBegin(); m != props->value.MemberEnd(); ++m, ++n) {
                auto idx = m->value.FindMember("connect.index");
                fields.emplace_back(
                    idx != m->value.MemberEnd() && idx->value.IsInt() ? idx->value.GetInt() : n,
                    &*m);
            }
            std::stable_sort(fields.begin(), fields.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<std::string_view> required;
            auto req = v.FindMember("required");
            if (req != v.MemberEnd() && req->value.IsArray())
                for (const auto& r : req->value.GetArray())
                    if (r.IsString()) required.emplace_back(r.GetString(), r.GetStringLength());
            for (const auto& [i, m] : fields) {
                const std::string_view name(m->name.GetString(), m->name.GetStringLength());
                const bool is_required =
                    std::find(required.begin(), required.end(), name) != required.end();
                b.field(name, to_connect(m->value, !is_required, depth + 1));
            }
        }
        return b;
    }
    throw kc::DataException("JSON Schema type '" + std::string(type) +
                            "' has no Connect equivalent here");
}

kc::Schema to_connect(const rapidjson::Value& v, bool optional, int depth) {
    if (depth > kMaxDepth) throw kc::DataException("JSON Schema nested too deeply");
    if (!v.IsObject()) throw kc::DataException("JSON Schema: expected an object schema");
    auto one_of = v.FindMember("oneOf");
    if (one_of != v.MemberEnd() && one_of->value.IsArray()) {
        const rapidjson::Value* other = nullptr;
        bool has_null = false;
        for (const auto& b : one_of->value.GetArray()) {
            if (str(b, "type") == "null")
                has_null = true;
            else
                other = &b;
        }
        if (!other || one_of->value.Size() != (has_null ? 2u : 1u))
            throw kc::DataException("JSON Schema: only oneOf [null, T] is supported");
        return to_connect(*other, optional || has_null, depth);
    }
    kc::SchemaBuilder b = base_builder(v, depth);
    const std::string_view title = str(v, "title");
    if (!title.empty()) b.name(title);
    const std::string_view doc = str(v, "description");
    if (!doc.empty()) b.doc(doc);
    auto version = v.FindMember("connect.version");
    if (version != v.MemberEnd() && version->value.IsInt()) b.version(version->value.GetInt());
    auto params = v.FindMember("connect.parameters");
    if (params != v.MemberEnd() && params->value.IsObject())
        for (auto m = params->value.MemberBegin(); m != params->value.MemberEnd(); ++m)
            if (m->value.IsString()) b.parameter(m->name.GetString(), m->value.GetString());
    if (optional) b.optional();
    return b.build();
}

}  // namespace

std::string to_json_schema(kc::SchemaView connect, const JsonSchemaSettings& settings) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    schema(w, connect, settings, -1, 0);
    return std::string(buf.GetString(), buf.GetSize());
}

kc::Schema json_schema_to_connect(const rapidjson::Value& schema) {
    return to_connect(schema, false, 0);
}

}  // namespace kc_schema_registry
