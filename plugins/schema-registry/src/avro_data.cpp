#include "avro_data.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <kc/logical.hpp>
#include <string>

namespace kc_schema_registry {

namespace {

constexpr int kDefaultPrecision = 64;  // AvroData's precision when Connect gives none
constexpr int kMaxDepth = 64;          // Connect schemas cannot recurse; Avro ones can

std::string quoted(std::string_view s) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return std::string(buf.GetString(), buf.GetSize());
}

// A Connect value as Avro JSON (field defaults, connect.default): bytes as a
// string of code points 0-255, as Avro's JSON encoding has them.
std::string value_json(kc::SchemaView s, kc::ValueView v) {
    using kc::Type;
    if (v.is_null()) return "null";
    switch (s.type()) {
        case Type::Int8:
        case Type::Int16:
        case Type::Int32:
        case Type::Int64:
            return std::to_string(v.as_int());
        case Type::Float32:
        case Type::Float64: {
            rapidjson::StringBuffer buf;
            rapidjson::Writer<rapidjson::StringBuffer> w(buf);
            w.Double(v.as_double());
            return buf.GetString();
        }
        case Type::Boolean:
            return v.as_bool() ? "true" : "false";
        case Type::String:
            return quoted(v.as_string());
        case Type::Bytes: {
            std::string latin1;
            for (unsigned char c : v.as_string()) {
                if (c < 0x80) {
                    latin1 += static_cast<char>(c);
                } else {
                    latin1 += static_cast<char>(0xC0 | (c >> 6));
                    latin1 += static_cast<char>(0x80 | (c & 0x3F));
                }
            }
            return quoted(latin1);
        }
        case Type::Array: {
            std::string out = "[";
            auto items = v.as_array();
            for (size_t i = 0; i < items.size(); ++i)
                out += (i ? "," : "") + value_json(s.value_schema(), &items[i]);
            return out + "]";
        }
        case Type::Map: {
            std::string out = "{";
            auto entries = v.as_map();
            for (size_t i = 0; i < entries.size(); ++i)
                out += (i ? "," : "") +
                       quoted(entries[i].key.tag == KC_VAL_STRING ? kc::sv(entries[i].key.u.str)
                                                                  : std::string_view()) +
                       ":" + value_json(s.value_schema(), &entries[i].value);
            return out + "}";
        }
        case Type::Struct: {
            std::string out = "{";
            kc::StructView st = v.as_struct();
            for (size_t i = 0; i < s.field_count(); ++i)
                out += (i ? "," : "") + quoted(s.field(i).name) + ":" +
                       value_json(s.field(i).schema, st.get(i));
            return out + "}";
        }
    }
    return "null";
}

class ToAvro {
  public:
    ToAvro(AvroSchema& out, const AvroDataSettings& settings) : out_(out), settings_(settings) {}

    // The node for s, optional wrapped in a union with null.
    const AvroNode* node(kc::SchemaView s, int depth = 0) {
        const AvroNode* base = base_node(s, depth);
        if (!s.optional()) return base;
        AvroNode* u = out_.add(AvroType::Union);
        const AvroNode* null = out_.add(AvroType::Null);
        if (s.default_value())
            u->branches = {base, null};
        else
            u->branches = {null, base};
        return u;
    }

  private:
    AvroNode* base_node(kc::SchemaView s, int depth) {
        using kc::Type;
        if (depth > kMaxDepth) throw kc::DataException("Connect schema nested too deeply for Avro");
        AvroNode* n = nullptr;
        bool connect_name = true;
        switch (s.type()) {
            case Type::Int8:
            case Type::Int16:
                n = out_.add(AvroType::Int);
                n->props.emplace_back("connect.type",
                                      s.type() == Type::Int8 ? "\"int8\"" : "\"int16\"");
                break;
            case Type::Int32:
                n = out_.add(AvroType::Int);
                if (kc::logical::is_date(s)) n->logical_type = "date";
                if (kc::logical::is_time(s)) n->logical_type = "time-millis";
                break;
            case Type::Int64:
                n = out_.add(AvroType::Long);
                if (kc::logical::is_timestamp(s)) n->logical_type = "timestamp-millis";
                break;
            case Type::Float32:
                n = out_.add(AvroType::Float);
                break;
            case Type::Float64:
                n = out_.add(AvroType::Double);
                break;
            case Type::Boolean:
                n = out_.add(AvroType::Boolean);
                break;
            case Type::String:
                if (settings_.enhanced_avro_schema_support && s.param(kEnumParam)) {
                    n = out_.add(AvroType::Enum);
                    n->full_name = std::string(*s.param(kEnumParam));
                    const std::string prefix = std::string(kEnumParam) + ".";
                    for (const auto& p : s.params())
                        if (kc::sv(p.key).starts_with(prefix))
                            n->symbols.emplace_back(kc::sv(p.value));
                } else {
                    n = out_.add(AvroType::String);
                }
                break;
            case Type::Bytes:
                n = out_.add(AvroType::Bytes);
                if (kc::logical::is_decimal(s)) {
                    n->logical_type = "decimal";
                    n->scale =
                        std::stoi(std::string(s.param(kc::logical::kScaleParam).value_or("0")));
                    auto p = s.param(kPrecisionParam);
                    n->precision = p ? std::stoi(std::string(*p)) : kDefaultPrecision;
                }
                break;
            case Type::Array:
                n = out_.add(AvroType::Array);
                n->items = node(s.value_schema(), depth + 1);
                break;
            case Type::Map:
                if (s.key_schema().type() == Type::String && !s.key_schema().optional()) {
                    n = out_.add(AvroType::Map);
                    n->items = node(s.value_schema(), depth + 1);
                } else {
                    n = out_.add(AvroType::Array);
                    AvroNode* entry = out_.add(AvroType::Record);
                    entry->full_name = std::string(kMapEntryName);
                    entry->fields.push_back({"key", node(s.key_schema(), depth + 1), "", ""});
                    entry->fields.push_back({"value", node(s.value_schema(), depth + 1), "", ""});
                    n->items = entry;
                }
                break;
            case Type::Struct: {
                n = out_.add(AvroType::Record);
                if (s.name().empty()) {
                    n->full_name = std::string(kAvroNamespace) + ".ConnectDefault" +
                                   (unnamed_ ? std::to_string(unnamed_ + 1) : "");
                    ++unnamed_;
                    connect_name = false;
                } else {
                    n->full_name = std::string(s.name());
                }
                for (size_t i = 0; i < s.field_count(); ++i) {
                    kc::FieldView f = s.field(i);
                    kc::SchemaView fs = f.schema;
                    AvroField field{std::string(f.name), node(fs, depth + 1), "", ""};
                    if (fs.default_value())
                        field.default_json = value_json(fs, fs.default_value());
                    else if (fs.optional())
                        field.default_json = "null";
                    n->fields.push_back(std::move(field));
                }
                break;
            }
        }
        if (settings_.connect_meta_data) {
            if (!s.doc().empty()) n->props.emplace_back("connect.doc", quoted(s.doc()));
            if (s.version()) n->props.emplace_back("connect.version", std::to_string(*s.version()));
            if (!s.params().empty()) {
                std::string p = "{";
                for (size_t i = 0; i < s.params().size(); ++i)
                    p += (i ? "," : "") + quoted(kc::sv(s.params()[i].key)) + ":" +
                         quoted(kc::sv(s.params()[i].value));
                n->props.emplace_back("connect.parameters", p + "}");
            }
            if (s.default_value())
                n->props.emplace_back("connect.default", value_json(s, s.default_value()));
            if (connect_name && !s.name().empty())
                n->props.emplace_back("connect.name", quoted(s.name()));
        }
        return n;
    }

    AvroSchema& out_;
    const AvroDataSettings& settings_;
    int unnamed_ = 0;
};

// ---------------------------------------------------------------------------
// Avro -> Connect
// ---------------------------------------------------------------------------

// A JSON default as a Connect value of schema type t, into builder b.
void apply_default(kc::SchemaBuilder& b, const std::string& json) {
    using kc::Type;
    rapidjson::Document d;
    d.Parse(json.c_str(), json.size());
    if (d.HasParseError() || d.IsNull()) return;
    kc_value v{};
    std::string text;
    switch (b.type()) {
        case Type::Int8:
        case Type::Int16:
        case Type::Int32:
        case Type::Int64:
            if (!d.IsInt64()) return;
            v = kc::make_int(kc::tag_for(b.type()), d.GetInt64());
            break;
        case Type::Float32:
        case Type::Float64:
            if (!d.IsNumber()) return;
            v = kc::make_float(kc::tag_for(b.type()), d.GetDouble());
            break;
        case Type::Boolean:
            if (!d.IsBool()) return;
            v = kc::make_bool(d.GetBool());
            break;
        case Type::String:
            if (!d.IsString()) return;
            text.assign(d.GetString(), d.GetStringLength());
            v = kc::make_string_ref(text);
            break;
        default:
            return;  // structured defaults are not carried into Connect schemas
    }
    b.default_value(&v);
}

class ToConnect {
  public:
    explicit ToConnect(const AvroDataSettings& settings) : settings_(settings) {}

    kc::Schema schema(const AvroNode& n, bool optional, const std::string* field_default,
                      int depth = 0) {
        if (depth > kMaxDepth)
            throw kc::DataException(
                "Avro schema nested too deeply (recursive types are not "
                "supported by Connect)");
        if (n.type == AvroType::Union) {
            OptionalUnion ou = optional_union(n);
            if (ou.value) return schema(*ou.value, true, field_default, depth);
            // A general union: a struct with one optional field per branch.
            kc::SchemaBuilder b = kc::SchemaBuilder::struct_().name(kUnionName);
            bool has_null = false;
            for (const AvroNode* br : n.branches) {
                if (br->type == AvroType::Null) {
                    has_null = true;
                    continue;
                }
                b.field(branch_name(*br), schema(*br, true, nullptr, depth + 1));
            }
            if (has_null) b.optional();
            return b.build();
        }
        kc::SchemaBuilder b = base(n, depth);
        if (optional) b.optional();
        if (settings_.connect_meta_data) {
            if (const std::string* doc = n.prop("connect.doc")) b.doc(unquote(*doc));
            if (const std::string* v = n.prop("connect.version")) b.version(std::stoi(*v));
            if (const std::string* p = n.prop("connect.parameters")) {
                rapidjson::Document d;
                d.Parse(p->c_str(), p->size());
                if (!d.HasParseError() && d.IsObject())
                    for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m)
                        if (m->value.IsString())
                            b.parameter(m->name.GetString(), m->value.GetString());
            }
            if (const std::string* name = n.prop("connect.name")) b.name(unquote(*name));
        }
        if (const std::string* d = n.prop("connect.default"))
            apply_default(b, *d);
        else if (field_default)
            apply_default(b, *field_default);
        return b.build();
    }

  private:
    static std::string unquote(const std::string& json) {
        rapidjson::Document d;
        d.Parse(json.c_str(), json.size());
        return !d.HasParseError() && d.IsString() ? d.GetString() : json;
    }
    static std::string branch_name(const AvroNode& n) {
        if (!n.full_name.empty()) return std::string(n.short_name());
        return std::string(avro_type_name(n.type));
    }

    kc::SchemaBuilder base(const AvroNode& n, int depth) {
        using kc::SchemaBuilder;
        switch (n.type) {
            case AvroType::Boolean:
                return SchemaBuilder::boolean();
            case AvroType::Int: {
                if (n.logical_type == "date") return kc::logical::date_builder();
                if (n.logical_type == "time-millis") return kc::logical::time_builder();
                const std::string* t = n.prop("connect.type");
                if (t && *t == "\"int8\"") return SchemaBuilder::int8();
                if (t && *t == "\"int16\"") return SchemaBuilder::int16();
                return SchemaBuilder::int32();
            }
            case AvroType::Long:
                if (n.logical_type == "timestamp-millis") return kc::logical::timestamp_builder();
                return SchemaBuilder::int64();
            case AvroType::Float:
                return SchemaBuilder::float32();
            case AvroType::Double:
                return SchemaBuilder::float64();
            case AvroType::String:
                return SchemaBuilder::string();
            case AvroType::Bytes:
                if (n.logical_type == "decimal") {
                    SchemaBuilder b = kc::logical::decimal_builder(n.scale);
                    b.parameter(kPrecisionParam, std::to_string(n.precision));
                    return b;
                }
                return SchemaBuilder::bytes();
            case AvroType::Fixed:
                return SchemaBuilder::bytes().parameter("connect.fixed.size",
                                                        std::to_string(n.fixed_size));
            case AvroType::Enum: {
                SchemaBuilder b = SchemaBuilder::string();
                b.parameter(kEnumParam, n.full_name);
                for (const auto& sym : n.symbols)
                    b.parameter(std::string(kEnumParam) + "." + sym, sym);
                return b;
            }
            case AvroType::Array:
                if (n.items->type == AvroType::Record && n.items->full_name == kMapEntryName &&
                    n.items->fields.size() == 2)
                    return SchemaBuilder::map(
                        schema(*n.items->fields[0].type, false, nullptr, depth + 1),
                        schema(*n.items->fields[1].type, false, nullptr, depth + 1));
                return SchemaBuilder::array(schema(*n.items, false, nullptr, depth + 1));
            case AvroType::Map:
                return SchemaBuilder::map(kc::schemas::string(),
                                          schema(*n.items, false, nullptr, depth + 1));
            case AvroType::Record: {
                SchemaBuilder b = SchemaBuilder::struct_();
                if (!n.full_name.starts_with(std::string(kAvroNamespace) + ".ConnectDefault"))
                    b.name(n.full_name);
                for (const AvroField& f : n.fields)
                    b.field(f.name,
                            schema(*f.type, false,
                                   f.default_json.empty() ? nullptr : &f.default_json, depth + 1));
                return b;
            }
            case AvroType::Null:
            case AvroType::Union:
                break;
        }
        throw kc::DataException("Avro type '" + std::string(avro_type_name(n.type)) +
                                "' has no Connect equivalent here");
    }

    const AvroDataSettings& settings_;
};

}  // namespace

OptionalUnion optional_union(const AvroNode& n) noexcept {
    OptionalUnion r;
    if (n.type != AvroType::Union || n.branches.size() != 2) return r;
    for (int i = 0; i < 2; ++i) {
        if (n.branches[i]->type == AvroType::Null)
            r.null_index = i;
        else
            r.value_index = i;
    }
    if (r.null_index < 0 || r.value_index < 0) return {};
    r.value = n.branches[r.value_index];
    return r;
}

AvroSchema to_avro_schema(kc::SchemaView connect, const AvroDataSettings& settings) {
    AvroSchema out;
    ToAvro t(out, settings);
    out.set_root(t.node(connect));
    return out;
}

kc::Schema to_connect_schema(const AvroNode& avro, const AvroDataSettings& settings) {
    return ToConnect(settings).schema(avro, false, nullptr);
}

}  // namespace kc_schema_registry
