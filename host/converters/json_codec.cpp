#include "host/converters/json_codec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "host/converters/json_sax.hpp"
#include "host/core/json_text.hpp"
#include "kc/error.hpp"
#include "kc/java_float.hpp"
#include "kc/java_hash_map.hpp"
#include "kc/logical.hpp"

namespace kc::host::converters {

namespace {

constexpr std::string_view kEnvelopeError =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";

// JsonSchema's type names: float32/float64 are "float"/"double".
std::string_view json_type_name(Type t) {
    switch (t) {
        case Type::Float32:
            return "float";
        case Type::Float64:
            return "double";
        default:
            return type_name(t);
    }
}
std::optional<Type> type_from_json_name(std::string_view n) {
    if (n == "float") return Type::Float32;
    if (n == "double") return Type::Float64;
    if (n == "float32" || n == "float64") return std::nullopt;
    return type_from_name(n);
}

// Java's Schema.Type names in messages (INT32, STRUCT, ...).
std::string upper_type(Type t) {
    std::string s(type_name(t));
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string where(const JsonPath* path) {
    if (!path) return {};
    std::string p = path->str();
    return p.empty() ? std::string() : " (field \"" + p + "\")";
}
std::string where(const JsonPath* path, const JsonNode& n) {
    std::string p = path ? path->str() : std::string();
    return " (" + (p.empty() ? std::string() : "field \"" + p + "\", ") + "offset " +
           std::to_string(n.offset) + ")";
}

[[noreturn]] void fail(const std::string& message) {
    throw DataException(message);
}

bool text_is(const JsonNode* n, std::string_view s) {
    return n && n->kind == JsonNode::String && n->str() == s;
}

}  // namespace

std::string JsonPath::str() const {
    std::vector<const JsonPath*> chain;
    for (const JsonPath* p = this; p; p = p->parent)
        chain.push_back(p);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const JsonPath* p = *it;
        if (p->index >= 0) {
            out += "[" + std::to_string(p->index) + "]";
        } else if (!p->field.empty()) {
            if (!out.empty()) out += ".";
            out += p->field;
        }
    }
    return out;
}

const ConfigDef& json_converter_config_def() {
    static const ConfigDef def = [] {
        ConfigDef d;
        d.defineInternal("converter.type", ConfigType::String, nullptr, Importance::Low);
        d.define("schemas.enable", ConfigType::Boolean, true, Importance::High,
                 "Include schemas within each of the serialized values and keys.", "Schemas", 0,
                 Width::Medium, "Enable Schemas");
        d.define("schemas.cache.size", ConfigType::Int, 1000, Importance::High,
                 "The maximum number of schemas that can be cached in this converter instance.",
                 "Schemas", 1, Width::Medium, "Schema Cache Size");
        d.define("decimal.format", ConfigType::String, "BASE64",
                 CaseInsensitiveValidString::in({"BASE64", "NUMERIC"}), Importance::Low,
                 "Controls which format this converter will serialize decimals in. This value is "
                 "case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
                 "Serialization", 0, Width::Medium, "Decimal Format");
        d.define("replace.null.with.default", ConfigType::Boolean, true, Importance::Low,
                 "Whether to replace fields that have a default value and that are null to the "
                 "default value. When set to true, the default value is used, otherwise null is "
                 "used.",
                 "Serialization", 1, Width::Medium, "Replace null with default");
        return d;
    }();
    return def;
}

JsonSettings parse_json_settings(const ConfigMap& config) {
    Config c(json_converter_config_def(), config);
    JsonSettings s;
    s.schemas_enable = c.getBoolean("schemas.enable");
    s.schemas_cache_size = c.getInt("schemas.cache.size");
    std::string format = c.getString("decimal.format");
    for (auto& ch : format)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    s.decimal_format = format == "NUMERIC" ? DecimalFormat::Numeric : DecimalFormat::Base64;
    s.replace_null_with_default = c.getBoolean("replace.null.with.default");
    return s;
}

JsonCodec::JsonCodec(JsonSettings settings) : settings_(settings) {}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

std::string_view JsonCodec::schema_json(SchemaView s) {
    const kc_schema* raw = s.raw();
    auto it = write_cache_.find(raw);
    if (it != write_cache_.end()) {
        WriteEntry& e = *it->second;
        if (schema_equals(e.rendered, s)) {
            write_lru_.splice(write_lru_.begin(), write_lru_, it->second);
            return e.json;
        }
        write_lru_.erase(it->second);
        write_cache_.erase(it);
    }
    std::string json;
    write_schema(json, s, nullptr);
    write_lru_.push_front(WriteEntry{raw, SchemaBuilder::copy_of(s).build(), std::move(json)});
    write_cache_[raw] = write_lru_.begin();
    size_t cap = static_cast<size_t>(std::max(settings_.schemas_cache_size, 1));
    while (write_lru_.size() > cap) {
        write_cache_.erase(write_lru_.back().schema);
        write_lru_.pop_back();
    }
    return write_lru_.front().json;
}

// Key order as Java's asJsonSchema: type, children, optional, name, version,
// doc, parameters, default (and a struct field's "field" last).
void JsonCodec::write_schema(std::string& out, SchemaView s, const JsonPath* path) {
    if (!s) {
        out += "null";
        return;
    }
    out += "{\"type\":\"";
    out += json_type_name(s.type());
    out += '"';
    switch (s.type()) {
        case Type::Array:
            out += ",\"items\":";
            write_schema(out, s.value_schema(), path);
            break;
        case Type::Map:
            out += ",\"keys\":";
            write_schema(out, s.key_schema(), path);
            out += ",\"values\":";
            write_schema(out, s.value_schema(), path);
            break;
        case Type::Struct:
            out += ",\"fields\":[";
            for (size_t i = 0; i < s.field_count(); ++i) {
                FieldView f = s.field(i);
                JsonPath fp{path, f.name};
                if (i) out += ',';
                size_t at = out.size();
                write_schema(out, f.schema, &fp);
                if (out.size() > at && out.back() == '}') {
                    out.pop_back();
                    out += ",\"field\":";
                    append_json_string(out, f.name, "field name");
                    out += '}';
                }
            }
            out += ']';
            break;
        default:
            break;
    }
    out += s.optional() ? ",\"optional\":true" : ",\"optional\":false";
    if (!s.name().empty()) {
        out += ",\"name\":";
        append_json_string(out, s.name(), "schema name");
    }
    if (auto v = s.version()) {
        out += ",\"version\":";
        values::append_int(out, *v);
    }
    if (!s.doc().empty()) {
        out += ",\"doc\":";
        append_json_string(out, s.doc(), "schema doc");
    }
    if (!s.params().empty()) {
        out += ",\"parameters\":{";
        bool first = true;
        for (const auto& p : s.params()) {
            if (!first) out += ',';
            first = false;
            append_json_string(out, sv(p.key), "schema parameter");
            out += ':';
            append_json_string(out, sv(p.value), "schema parameter");
        }
        out += '}';
    }
    if (s.default_value()) {
        out += ",\"default\":";
        write_value(out, s, s.default_value(), path);
    }
    out += '}';
}

void JsonCodec::write_decimal(std::string& out, SchemaView s, ValueView v, const JsonPath* path) {
    if (v.tag() != KC_VAL_BYTES)
        fail("Invalid type for Decimal, expected BigDecimal but was " + kc::tag_name(v.tag()) +
             where(path));
    if (settings_.decimal_format == DecimalFormat::Base64) {
        append_json_base64(out, v.as_string());
        return;
    }
    int32_t scale = logical::decimal_scale(s);
    if (v.as_string().empty()) fail("Invalid Decimal value: no bytes" + where(path));
    logical::append_decimal_string(out, logical::decimal_text(v.as_string(), scale));
}

void JsonCodec::write_value(std::string& out, SchemaView s, ValueView v, const JsonPath* path) {
    if (v.is_null()) {
        if (!s) {
            out += "null";
            return;
        }
        if (s.default_value() && settings_.replace_null_with_default) {
            write_value(out, s, s.default_value(), path);
            return;
        }
        if (s.optional()) {
            out += "null";
            return;
        }
        fail("Conversion error: null value for field that is required and has no default value" +
             where(path));
    }
    if (s && !s.name().empty()) {
        if (logical::is_decimal(s)) return write_decimal(out, s, v, path);
        if (logical::is_date(s) || logical::is_time(s) || logical::is_timestamp(s)) {
            if (!v.is_integral())
                fail("Invalid type for " + std::string(s.name().substr(s.name().rfind('.') + 1)) +
                     ", expected Date but was " + kc::tag_name(v.tag()) + where(path));
            values::append_int(out, v.as_int());
            return;
        }
    }
    Type type = s ? s.type() : type_for(v.tag());
    if (s && v.tag() != tag_for(type))
        fail("Invalid type for " + upper_type(type) + ": " + kc::tag_name(v.tag()) + where(path));
    switch (type) {
        case Type::Int8:
        case Type::Int16:
        case Type::Int32:
        case Type::Int64:
            values::append_int(out, v.as_int());
            return;
        case Type::Float32:
            append_json_floating(out, static_cast<float>(v.as_double()));
            return;
        case Type::Float64:
            append_json_floating(out, v.as_double());
            return;
        case Type::Boolean:
            out += v.as_bool() ? "true" : "false";
            return;
        case Type::String:
            if (auto bad = append_json_string_checked(out, v.as_string()))
                fail("Invalid UTF-8 in string value at byte " + std::to_string(*bad) + where(path));
            return;
        case Type::Bytes:
            append_json_base64(out, v.as_string());
            return;
        case Type::Array: {
            SchemaView items = s ? s.value_schema() : SchemaView();
            out += '[';
            size_t i = 0;
            for (const auto& e : v.as_array()) {
                if (i) out += ',';
                JsonPath ip{path, {}, static_cast<int64_t>(i++)};
                write_value(out, items, &e, &ip);
            }
            out += ']';
            return;
        }
        case Type::Map: {
            SchemaView ks = s ? s.key_schema() : SchemaView();
            SchemaView vs = s ? s.value_schema() : SchemaView();
            bool object_mode = true;
            if (s) {
                object_mode = ks && ks.type() == Type::String;
            } else {
                for (const auto& e : v.as_map())
                    if (e.key.tag != KC_VAL_STRING) {
                        object_mode = false;
                        break;
                    }
            }
            out += object_mode ? '{' : '[';
            size_t i = 0;
            for (const auto& e : v.as_map()) {
                if (i) out += ',';
                JsonPath ip{path, {}, static_cast<int64_t>(i++)};
                if (object_mode) {
                    if (e.key.tag != KC_VAL_STRING)
                        fail("Invalid type for map key STRING: " +
                             kc::tag_name(static_cast<kc_value_tag>(e.key.tag)) + where(&ip));
                    if (auto bad = append_json_string_checked(out, sv(e.key.u.str)))
                        fail("Invalid UTF-8 in map key at byte " + std::to_string(*bad) +
                             where(&ip));
                    out += ':';
                    write_value(out, vs, &e.value, &ip);
                } else {
                    out += '[';
                    write_value(out, ks, &e.key, &ip);
                    out += ',';
                    write_value(out, vs, &e.value, &ip);
                    out += ']';
                }
            }
            out += object_mode ? '}' : ']';
            return;
        }
        case Type::Struct: {
            StructView st = v.as_struct();
            SchemaView ss = st.schema();
            if (s && ss.raw() != s.raw() && !schema_equals(ss, s))
                fail("Mismatching schema." + where(path));
            out += '{';
            for (size_t i = 0; i < ss.field_count(); ++i) {
                FieldView f = ss.field(i);
                if (i) out += ',';
                append_json_string(out, f.name, "field name");
                out += ':';
                JsonPath fp{path, f.name};
                write_value(out, f.schema, st.get(i), &fp);
            }
            out += '}';
            return;
        }
    }
}

std::optional<std::string_view> JsonCodec::serialize(SchemaView schema, ValueView value) {
    if (!schema && value.is_null()) return std::nullopt;
    out_.clear();
    if (settings_.schemas_enable) {
        out_ += "{\"schema\":";
        if (schema)
            out_ += schema_json(schema);
        else
            out_ += "null";
        out_ += ",\"payload\":";
        write_value(out_, schema, value, nullptr);
        out_ += '}';
    } else {
        write_value(out_, schema, value, nullptr);
    }
    return std::string_view(out_);
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

namespace {

template <class Alloc>
kc_value* alloc_array(Alloc& a, size_t n) {
    return alloc_values(a, n);
}

template <class T>
bool parse_integer(const JsonNode& n, T& out) {
    if (n.kind != JsonNode::Number || !n.is_integral()) return false;
    const char* b = n.text;
    const char* e = n.text + n.size;
    auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e;
}

}  // namespace

template <class Alloc>
kc_value JsonCodec::read_logical(Alloc& a, const kc_schema* s, const JsonNode& n,
                                 const JsonPath* path) {
    SchemaView sv_(s);
    if (logical::is_decimal(sv_)) {
        int32_t scale = logical::decimal_scale(sv_);
        if (n.kind == JsonNode::Number) {
            auto t = logical::parse_decimal(n.str());
            auto r = t ? logical::rescale_exact(*t, scale) : std::nullopt;
            if (!r)
                fail("Invalid decimal " + std::string(n.str()) + " for scale " +
                     std::to_string(scale) + where(path, n));
            return make_bytes(a, logical::decimal_bytes(*r));
        }
        if (n.kind == JsonNode::String) {
            char* buf = static_cast<char*>(a.allocate(n.size / 4 * 3 + 3, 1));
            auto len = values::base64_decode(n.str(), buf);
            if (!len) fail("Invalid bytes for Decimal field" + where(path, n));
            return make_bytes_ref(std::string_view(buf, *len));
        }
        fail(
            "Invalid type for Decimal, underlying representation should be numeric or bytes but "
            "was " +
            std::string(json_kind_name(n.kind)) + where(path, n));
    }
    if (logical::is_timestamp(sv_)) {
        int64_t v;
        if (!parse_integer(n, v))
            fail(
                "Invalid type for Timestamp, underlying representation should be integral but "
                "was " +
                std::string(json_kind_name(n.kind)) + where(path, n));
        return make_int64(v);
    }
    int32_t v;
    if (!parse_integer(n, v))
        fail(std::string("Invalid type for ") + (logical::is_date(sv_) ? "Date" : "Time") +
             ", underlying representation should be integer but was " +
             std::string(json_kind_name(n.kind)) + where(path, n));
    return make_int32(v);
}

template <class Alloc>
kc_value JsonCodec::read_schemaless(Alloc& a, const JsonNode& n, const JsonPath* path) {
    switch (n.kind) {
        case JsonNode::Null:
            return make_null();
        case JsonNode::False:
        case JsonNode::True:
            return make_bool(n.kind == JsonNode::True);
        case JsonNode::Number:
            if (n.is_integral()) {
                int64_t v;
                if (!parse_integer(n, v))
                    fail("Integer " + std::string(n.str()) + " does not fit in int64" +
                         where(path, n));
                return make_int64(v);
            } else {
                double d = 0;
                parse_java_float(n.str(), d);
                return make_float64(d);
            }
        case JsonNode::String:
            return make_string_ref(n.str());
        case JsonNode::Array: {
            kc_value* items = alloc_array(a, n.size);
            for (size_t i = 0; i < n.size; ++i) {
                JsonPath ip{path, {}, static_cast<int64_t>(i)};
                items[i] = read_schemaless(a, doc_.child(n, i), &ip);
            }
            kc_value r{};
            r.tag = KC_VAL_ARRAY;
            r.u.array.items = items;
            r.u.array.count = n.size;
            return r;
        }
        case JsonNode::Object: {
            auto* entries = static_cast<kc_map_entry*>(
                a.allocate(sizeof(kc_map_entry) * n.size, alignof(kc_map_entry)));
            for (size_t i = 0; i < n.size; ++i) {
                const JsonNode& k = doc_.key_at(n, i);
                JsonPath ip{path, k.str()};
                entries[i].key = make_string_ref(k.str());
                entries[i].value = read_schemaless(a, doc_.value_at(n, i), &ip);
            }
            kc_value r{};
            r.tag = KC_VAL_MAP;
            r.u.map.entries = entries;
            r.u.map.count = order_as_java_hash_map(entries, n.size);  // Java: a HashMap
            return r;
        }
    }
    return make_null();
}

template <class Alloc>
kc_value JsonCodec::read_value(Alloc& a, const kc_schema* s, const JsonNode* n,
                               const JsonPath* path) {
    if (!s) return n ? read_schemaless(a, *n, path) : make_null();
    SchemaView schema(s);
    if (!n || n->kind == JsonNode::Null) {
        if (s->default_value && settings_.replace_null_with_default) return *s->default_value;
        if (s->optional) return make_null();
        fail("Invalid null value for required " + upper_type(schema.type()) + " field" +
             (n ? where(path, *n) : where(path)));
    }
    if (s->name.len && (logical::is_decimal(schema) || logical::is_temporal(schema)))
        return read_logical(a, s, *n, path);
    auto mismatch = [&](std::string_view expected) {
        fail("Invalid value for " + upper_type(schema.type()) + ": expected " +
             std::string(expected) + " but found " + std::string(json_kind_name(n->kind)) +
             where(path, *n));
    };
    switch (schema.type()) {
        case Type::Boolean:
            if (n->kind != JsonNode::True && n->kind != JsonNode::False) mismatch("BOOLEAN");
            return make_bool(n->kind == JsonNode::True);
        case Type::Int8: {
            int8_t v;
            if (!parse_integer(*n, v)) mismatch("an integer in int8 range");
            return make_int8(v);
        }
        case Type::Int16: {
            int16_t v;
            if (!parse_integer(*n, v)) mismatch("an integer in int16 range");
            return make_int16(v);
        }
        case Type::Int32: {
            int32_t v;
            if (!parse_integer(*n, v)) mismatch("an integer in int32 range");
            return make_int32(v);
        }
        case Type::Int64: {
            int64_t v;
            if (!parse_integer(*n, v)) mismatch("an integer in int64 range");
            return make_int64(v);
        }
        case Type::Float32:
        case Type::Float64: {
            double d = 0;
            if (n->kind == JsonNode::Number) {
                // Java reads the number exactly (BigDecimal) and rounds it
                // straight to the field's type: below the smallest subnormal
                // is ±0.0, beyond the largest value ±Infinity.
                if (schema.type() == Type::Float32) {
                    float f = 0;
                    parse_java_float(n->str(), f);
                    return make_float32(f);
                }
                parse_java_float(n->str(), d);
            } else if (text_is(n, "NaN")) {
                d = std::nan("");
            } else if (text_is(n, "Infinity")) {
                d = HUGE_VAL;
            } else if (text_is(n, "-Infinity")) {
                d = -HUGE_VAL;
            } else {
                mismatch("NUMBER");
            }
            return schema.type() == Type::Float32 ? make_float32(static_cast<float>(d))
                                                  : make_float64(d);
        }
        case Type::String:
            if (n->kind != JsonNode::String) mismatch("STRING");
            return make_string_ref(n->str());
        case Type::Bytes: {
            if (n->kind != JsonNode::String) mismatch("base64 STRING");
            char* buf = static_cast<char*>(a.allocate(n->size / 4 * 3 + 3, 1));
            auto len = values::base64_decode(n->str(), buf);
            if (!len) fail("Invalid bytes field: not Base64" + where(path, *n));
            return make_bytes_ref(std::string_view(buf, *len));
        }
        case Type::Array: {
            if (n->kind != JsonNode::Array) mismatch("ARRAY");
            kc_value* items = alloc_array(a, n->size);
            for (size_t i = 0; i < n->size; ++i) {
                JsonPath ip{path, {}, static_cast<int64_t>(i)};
                items[i] = read_value(a, s->value_schema, &doc_.child(*n, i), &ip);
            }
            kc_value r{};
            r.tag = KC_VAL_ARRAY;
            r.u.array.items = items;
            r.u.array.count = n->size;
            return r;
        }
        case Type::Map: {
            kc_value r{};
            r.tag = KC_VAL_MAP;
            const kc_schema* ks = s->key_schema;
            if (!ks || ks->type == KC_TYPE_STRING) {
                if (n->kind != JsonNode::Object)
                    fail("Maps with string fields should be encoded as JSON objects, but found " +
                         std::string(json_kind_name(n->kind)) + where(path, *n));
                auto* entries = static_cast<kc_map_entry*>(
                    a.allocate(sizeof(kc_map_entry) * n->size, alignof(kc_map_entry)));
                for (size_t i = 0; i < n->size; ++i) {
                    const JsonNode& k = doc_.key_at(*n, i);
                    JsonPath ip{path, k.str()};
                    entries[i].key = make_string_ref(k.str());
                    entries[i].value = read_value(a, s->value_schema, &doc_.value_at(*n, i), &ip);
                }
                r.u.map.entries = entries;
                r.u.map.count = order_as_java_hash_map(entries, n->size);  // Java: a HashMap
                return r;
            }
            if (n->kind != JsonNode::Array)
                fail(
                    "Maps with non-string fields should be encoded as JSON array of tuples, but "
                    "found " +
                    std::string(json_kind_name(n->kind)) + where(path, *n));
            auto* entries = static_cast<kc_map_entry*>(
                a.allocate(sizeof(kc_map_entry) * n->size, alignof(kc_map_entry)));
            for (size_t i = 0; i < n->size; ++i) {
                const JsonNode& pair = doc_.child(*n, i);
                JsonPath ip{path, {}, static_cast<int64_t>(i)};
                if (pair.kind != JsonNode::Array)
                    fail("Found invalid map entry instead of array tuple: " +
                         std::string(json_kind_name(pair.kind)) + where(&ip, pair));
                if (pair.size != 2)
                    fail("Found invalid map entry, expected length 2 but found :" +
                         std::to_string(pair.size) + where(&ip, pair));
                entries[i].key = read_value(a, ks, &doc_.child(pair, 0), &ip);
                entries[i].value = read_value(a, s->value_schema, &doc_.child(pair, 1), &ip);
            }
            r.u.map.entries = entries;
            r.u.map.count = n->size;
            return r;
        }
        case Type::Struct: {
            if (n->kind != JsonNode::Object)
                fail("Structs should be encoded as JSON objects, but found " +
                     std::string(json_kind_name(n->kind)) + where(path, *n));
            kc_value* fields = alloc_array(a, s->field_count);
            for (size_t i = 0; i < s->field_count; ++i) {
                const kc_field& f = s->fields[i];
                std::string_view name = kc::sv(f.name);
                // Writers emit fields in schema order: try the same position first.
                const JsonNode* member = nullptr;
                if (i < n->size && doc_.key_at(*n, i).str() == name)
                    member = &doc_.value_at(*n, i);
                else
                    member = doc_.member(*n, name);
                JsonPath fp{path, name};
                fields[i] = read_value(a, f.schema, member, &fp);
            }
            kc_value r{};
            r.tag = KC_VAL_STRUCT;
            r.u.strct.schema = s;
            r.u.strct.fields = fields;
            return r;
        }
    }
    return make_null();
}

template <class Alloc>
const kc_schema* JsonCodec::build_schema(Alloc& a, const JsonNode& node, const JsonPath* path) {
    if (node.kind == JsonNode::Null) return nullptr;
    const JsonNode* type_node = node.kind == JsonNode::Object ? doc_.member(node, "type") : nullptr;
    if (!type_node || type_node->kind != JsonNode::String)
        fail("Schema must contain 'type' field" + where(path, node));
    auto type = type_from_json_name(type_node->str());
    if (!type)
        fail("Unknown schema type: " + std::string(type_node->str()) + where(path, *type_node));

    auto* s = static_cast<kc_schema*>(a.allocate(sizeof(kc_schema), alignof(kc_schema)));
    std::memset(static_cast<void*>(s), 0, sizeof(kc_schema));
    s->struct_size = sizeof(kc_schema);
    s->type = static_cast<kc_type>(*type);
    switch (*type) {
        case Type::Array: {
            const JsonNode* items = doc_.member(node, "items");
            if (!items || items->kind == JsonNode::Null)
                fail("Array schema did not specify the element type" + where(path, node));
            s->value_schema = build_schema(a, *items, path);
            break;
        }
        case Type::Map: {
            const JsonNode* keys = doc_.member(node, "keys");
            if (!keys || keys->kind == JsonNode::Null)
                fail("Map schema did not specify the key type" + where(path, node));
            const JsonNode* vals = doc_.member(node, "values");
            if (!vals || vals->kind == JsonNode::Null)
                fail("Map schema did not specify the value type" + where(path, node));
            s->key_schema = build_schema(a, *keys, path);
            s->value_schema = build_schema(a, *vals, path);
            break;
        }
        case Type::Struct: {
            const JsonNode* fields = doc_.member(node, "fields");
            if (!fields || fields->kind != JsonNode::Array)
                fail("Struct schema's \"fields\" argument is not an array." + where(path, node));
            auto* fs = static_cast<kc_field*>(a.allocate(
                sizeof(kc_field) * std::max<size_t>(fields->size, 1), alignof(kc_field)));
            for (size_t i = 0; i < fields->size; ++i) {
                const JsonNode& f = doc_.child(*fields, i);
                const JsonNode* name =
                    f.kind == JsonNode::Object ? doc_.member(f, "field") : nullptr;
                if (!name || name->kind != JsonNode::String)
                    fail("Struct schema's field name not specified properly" + where(path, f));
                for (size_t j = 0; j < i; ++j)
                    if (kc::sv(fs[j].name) == name->str())
                        fail("Cannot create field because of field name duplication " +
                             std::string(name->str()) + where(path, f));
                JsonPath fp{path, name->str()};
                fs[i].name = a.copy(name->str());
                fs[i].index = static_cast<uint32_t>(i);
                fs[i].schema = build_schema(a, f, &fp);
                if (!fs[i].schema) fail("Struct field schema may not be null" + where(&fp, f));
            }
            s->fields = fs;
            s->field_count = fields->size;
            break;
        }
        default:
            break;
    }
    const JsonNode* opt = doc_.member(node, "optional");
    s->optional = opt && opt->kind == JsonNode::True;
    if (const JsonNode* name = doc_.member(node, "name"); name && name->kind == JsonNode::String)
        s->name = a.copy(name->str());
    if (const JsonNode* ver = doc_.member(node, "version");
        ver && ver->kind == JsonNode::Number && ver->is_integral()) {
        int64_t v = 0;
        std::from_chars(ver->text, ver->text + ver->size, v);
        s->has_version = true;
        s->version = static_cast<int32_t>(v);
    }
    if (const JsonNode* doc = doc_.member(node, "doc"); doc && doc->kind == JsonNode::String)
        s->doc = a.copy(doc->str());
    if (const JsonNode* params = doc_.member(node, "parameters");
        params && params->kind == JsonNode::Object && params->size > 0) {
        auto* ps =
            static_cast<kc_param*>(a.allocate(sizeof(kc_param) * params->size, alignof(kc_param)));
        for (size_t i = 0; i < params->size; ++i) {
            const JsonNode& v = doc_.value_at(*params, i);
            if (v.kind != JsonNode::String)
                fail("Schema parameters must have string values." + where(path, v));
            ps[i].key = a.copy(doc_.key_at(*params, i).str());
            ps[i].value = a.copy(v.str());
        }
        s->params = ps;
        s->param_count = params->size;
    }
    if (logical::is_decimal(s)) logical::decimal_scale(s);  // a Decimal needs its scale
    if (const JsonNode* def = doc_.member(node, "default")) {
        // Strings of the default must be owned by the schema's allocator.
        kc_value v = read_value(a, s, def, path);
        auto* dv = static_cast<kc_value*>(a.allocate(sizeof(kc_value), alignof(kc_value)));
        *dv = deep_copy(a, &v);
        if (dv->tag != KC_VAL_NULL) s->default_value = dv;
    }
    return s;
}

const kc_schema* JsonCodec::read_schema(const JsonNode& node, Arena& arena) {
    if (node.kind == JsonNode::Null) return nullptr;
    std::string_view key(doc_.base() + node.offset, node.end - node.offset);
    if (node.kind == JsonNode::Object) {
        auto it = read_cache_.find(key);
        if (it != read_cache_.end()) return it->second.schema;
    }
    if (node.kind == JsonNode::Object &&
        read_cache_.size() < static_cast<size_t>(std::max(settings_.schemas_cache_size, 0))) {
        auto pool = std::make_unique<kc::Pool>();
        const kc_schema* s = build_schema(*pool, node, nullptr);
        std::string k(key);
        ReadEntry e{k, std::move(pool), s};
        read_cache_.emplace(std::move(k), std::move(e));
        return s;
    }
    return build_schema(arena, node, nullptr);
}

values::SchemaAndValue JsonCodec::deserialize(std::optional<std::string_view> data, Arena& arena) {
    values::SchemaAndValue out;
    if (!data) return out;  // a tombstone
    if (data->empty()) {
        if (settings_.schemas_enable) fail(std::string(kEnvelopeError));
        return out;
    }
    char* buf = arena.alloc<char>(data->size() + JsonSax::kPadding);
    if (!settings_.schemas_enable) {
        out.value = value_reader_.read(*data, buf, arena);
        return out;
    }
    const JsonNode& root = doc_.parse(*data, buf);
    const JsonNode* schema = nullptr;
    const JsonNode* payload = nullptr;
    bool shape_ok = root.kind == JsonNode::Object;
    for (size_t i = 0; shape_ok && i < root.size; ++i) {
        std::string_view k = doc_.key_at(root, i).str();
        if (k == "schema")
            schema = &doc_.value_at(root, i);
        else if (k == "payload")
            payload = &doc_.value_at(root, i);
        else
            shape_ok = false;
    }
    if (!shape_ok || !schema || !payload) fail(std::string(kEnvelopeError));
    out.schema = read_schema(*schema, arena);
    out.value = read_value(arena, out.schema, payload, nullptr);
    return out;
}

}  // namespace kc::host::converters
