#include "protobuf_data.hpp"

#include <google/protobuf/wrappers.pb.h>

#include <kc/logical.hpp>
#include <set>
#include <vector>

#include "protobuf_schema.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;

namespace {

constexpr int kMaxDepth = 64;

// The Connect logical types that travel as well-known messages: the message,
// the file declaring it, and the Connect schema it reads back as.
struct WellKnownType {
    bool (*is)(kc::SchemaView) noexcept;
    std::string_view message;
    std::string_view file;
    kc::SchemaBuilder (*builder)();
};
const WellKnownType kWellKnownTypes[] = {
    {kc::logical::is_date, "google.type.Date", "google/type/date.proto", kc::logical::date_builder},
    {kc::logical::is_time, "google.type.TimeOfDay", "google/type/timeofday.proto",
     kc::logical::time_builder},
    {kc::logical::is_timestamp, "google.protobuf.Timestamp", "google/protobuf/timestamp.proto",
     kc::logical::timestamp_builder},
};
constexpr std::string_view kPrecisionParam = "connect.decimal.precision";
constexpr std::string_view kConnectType = "connect.type";
constexpr std::string_view kEntrySuffix = "Entry";

bool is_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// ProtobufSchema.toMapEntry / toMapField: field_name <-> FieldNameEntry.
std::string to_map_entry(std::string name) {
    if (name.find('_') == std::string::npos) return name + std::string(kEntrySuffix);
    std::string camel;
    bool upper = true;
    for (char c : name) {
        if (c == '_') {
            upper = true;
            continue;
        }
        camel.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        upper = false;
    }
    return camel + std::string(kEntrySuffix);
}
std::string to_map_field(std::string_view name) {
    if (!name.ends_with(kEntrySuffix)) return std::string(name);
    name.remove_suffix(kEntrySuffix.size());
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c >= 'A' && c <= 'Z') {
            if (i) out.push_back('_');
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Connect -> .proto text

using Meta = std::vector<std::pair<std::string, std::string>>;

void quoted(std::string& out, std::string_view s) {
    out.push_back('"');
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

class ProtoTextWriter {
  public:
    explicit ProtoTextWriter(const ProtobufDataSettings& settings) : settings_(settings) {}

    std::string file(kc::SchemaView root) {
        if (root.type() != kc::Type::Struct)
            throw kc::DataException("Unsupported root schema of type " +
                                    std::string(kc::type_name(root.type())));
        const std::string full = name_or_default(root.name());
        const size_t dot = full.rfind('.');
        std::string body;
        message(body, scrub(dot == std::string::npos ? full : full.substr(dot + 1)), root, 0);
        std::string out = "syntax = \"proto3\";\n";
        if (dot != std::string::npos) out += "package " + full.substr(0, dot) + ";\n";
        if (!imports_.empty()) out += "\n";
        for (const auto& i : imports_)
            out += "import \"" + i + "\";\n";
        return out + "\n" + body;
    }

  private:
    std::string scrub(std::string name) const {
        return settings_.scrub_invalid_names ? scrub_name(name) : name;
    }
    std::string name_or_default(std::string_view name) {
        return name.empty() ? "ConnectDefault" + std::to_string(++default_index_)
                            : std::string(name);
    }
    std::string unqualified(std::string_view name) {
        std::string full = name_or_default(name);
        const size_t dot = full.rfind('.');
        return scrub(dot == std::string::npos ? full : full.substr(dot + 1));
    }

    void message(std::string& out, const std::string& name, kc::SchemaView s, int depth) {
        if (depth > kMaxDepth) throw kc::DataException("Connect schema nested too deeply");
        const std::string indent(size_t(depth) * 2, ' ');
        std::string nested, fields;
        std::set<std::string> nested_names;
        int next_tag = 1;
        auto tag_of = [&](kc::SchemaView fs) {
            const auto tag_param = fs.param(kProtobufTagParam);
            return tag_param ? std::stoi(std::string(*tag_param)) : next_tag++;
        };
        for (size_t i = 0; i < s.field_count(); ++i) {
            const kc::FieldView f = s.field(i);
            const kc::SchemaView fs = f.schema_view();
            if (!is_union(fs)) {
                field(fields, nested, nested_names, name, fs, scrub(std::string(f.name)),
                      tag_of(fs), depth + 1, false);
                continue;
            }
            // A union struct is a oneof of its fields (ProtobufData's inverse).
            const std::string inner(size_t(depth + 1) * 2, ' ');
            std::string branches;
            for (size_t b = 0; b < fs.field_count(); ++b) {
                const kc::FieldView bf = fs.field(b);
                field(branches, nested, nested_names, name, bf.schema_view(),
                      scrub(std::string(bf.name)), tag_of(bf.schema_view()), depth + 2, true);
            }
            fields += inner + "oneof " +
                      unqualified(fs.name().substr(kProtobufUnionPrefix.size())) + " {\n" +
                      branches + inner + "}\n";
        }
        out += indent + "message " + name + " {\n" + nested + fields + indent + "}\n";
    }

    static bool is_union(kc::SchemaView s) {
        return s.type() == kc::Type::Struct && s.name().starts_with(kProtobufUnionPrefix);
    }

    // An enum read from Protobuf: its symbols are parameters Enum.<symbol> = number.
    static void enum_definition(std::string& out, const std::string& name, kc::SchemaView s,
                                int depth) {
        const std::string indent(size_t(depth) * 2, ' ');
        const std::string prefix = std::string(kProtobufEnumParam) + ".";
        out += indent + "enum " + name + " {\n";
        for (const auto& p : s.params())
            if (kc::sv(p.key).starts_with(prefix))
                out += indent + "  " + std::string(kc::sv(p.key).substr(prefix.size())) + " = " +
                       std::string(kc::sv(p.value)) + ";\n";
        out += indent + "}\n";
    }

    void field(std::string& fields, std::string& nested, std::set<std::string>& nested_names,
               const std::string& parent, kc::SchemaView fs, const std::string& name, int tag,
               int depth, bool in_oneof) {
        std::string label;
        if (in_oneof) {
            // A oneof branch has no label.
        } else if (fs.type() == kc::Type::Array) {
            label = "repeated ";
            fs = fs.value_schema();
        } else if (fs.type() == kc::Type::Map) {
            label = "repeated ";
        } else if (settings_.optional_for_nullables && fs.optional()) {
            label = "optional ";
        }
        if (is_union(fs))
            throw kc::DataException("Field '" + name + "': a union can only be a struct field");
        Meta meta;
        const std::string type = field_type(fs, name, meta);
        if (fs.param(kProtobufEnumParam) && nested_names.insert(type).second)
            enum_definition(nested, type, fs, depth);
        if (fs.type() == kc::Type::Struct && type != parent && nested_names.insert(type).second)
            message(nested, type, fs, depth);
        if (fs.type() == kc::Type::Map && nested_names.insert(type).second) {
            std::string entry_fields, entry_nested;
            std::set<std::string> entry_names;
            field(entry_fields, entry_nested, entry_names, type, fs.key_schema(), "key", 1,
                  depth + 1, false);
            field(entry_fields, entry_nested, entry_names, type, fs.value_schema(), "value", 2,
                  depth + 1, false);
            const std::string indent(size_t(depth) * 2, ' ');
            nested +=
                indent + "message " + type + " {\n" + entry_nested + entry_fields + indent + "}\n";
        }
        fields += std::string(size_t(depth) * 2, ' ') + label + type + " " + name + " = " +
                  std::to_string(tag);
        if (!meta.empty()) {
            imports_.insert("confluent/meta.proto");
            fields += " [(confluent.field_meta) = { params: [";
            for (size_t i = 0; i < meta.size(); ++i) {
                fields += i ? ", { key: " : "{ key: ";
                quoted(fields, meta[i].first);
                fields += ", value: ";
                quoted(fields, meta[i].second);
                fields += " }";
            }
            fields += "] }]";
        }
        fields += ";\n";
    }

    std::string wrapper(const pb::Descriptor* d) {
        imports_.insert("google/protobuf/wrappers.proto");
        return d->full_name();
    }

    std::string field_type(kc::SchemaView s, const std::string& field_name, Meta& meta) {
        namespace lg = kc::logical;
        if (lg::is_decimal(s)) {
            imports_.insert("confluent/type/decimal.proto");
            if (auto p = s.param(kPrecisionParam)) meta.emplace_back("precision", *p);
            if (auto p = s.param(lg::kScaleParam)) meta.emplace_back("scale", *p);
            return std::string(kProtobufDecimalType);
        }
        for (const WellKnownType& w : kWellKnownTypes)
            if (w.is(s)) {
                imports_.insert(std::string(w.file));
                return std::string(w.message);
            }
        if (auto e = s.param(kProtobufEnumParam)) return std::string(*e);
        const bool wrap = settings_.wrapper_for_nullables && s.optional();
        const auto proto_type = s.param(kProtobufTypeParam);
        switch (s.type()) {
            case kc::Type::Int8:
            case kc::Type::Int16:
                meta.emplace_back(kConnectType, s.type() == kc::Type::Int8 ? "int8" : "int16");
                return wrap ? wrapper(pb::Int32Value::descriptor()) : "int32";
            case kc::Type::Int32:
                return wrap ? wrapper(pb::Int32Value::descriptor())
                            : std::string(proto_type.value_or("int32"));
            case kc::Type::Int64: {
                const std::string t(proto_type.value_or("int64"));
                if (!wrap) return t;
                if (t == "uint32" || t == "fixed32") return wrapper(pb::UInt32Value::descriptor());
                if (t == "uint64" || t == "fixed64") return wrapper(pb::UInt64Value::descriptor());
                return wrapper(pb::Int64Value::descriptor());
            }
            case kc::Type::Float32:
                return wrap ? wrapper(pb::FloatValue::descriptor()) : "float";
            case kc::Type::Float64:
                return wrap ? wrapper(pb::DoubleValue::descriptor()) : "double";
            case kc::Type::Boolean:
                return wrap ? wrapper(pb::BoolValue::descriptor()) : "bool";
            case kc::Type::String:
                return wrap ? wrapper(pb::StringValue::descriptor()) : "string";
            case kc::Type::Bytes:
                return wrap ? wrapper(pb::BytesValue::descriptor()) : "bytes";
            case kc::Type::Array:
                throw kc::DataException("Field '" + field_name +
                                        "': an array of arrays has no Protobuf form");
            case kc::Type::Map:
                return to_map_entry(unqualified(s.name()));
            case kc::Type::Struct: {
                std::string name = unqualified(s.name());
                // A message type and a field of the same name would clash.
                if (name == field_name) name += "Message";
                return name;
            }
        }
        throw kc::DataException("Unknown schema type");
    }

    const ProtobufDataSettings& settings_;
    std::set<std::string> imports_;
    int default_index_ = 0;
};

// ---------------------------------------------------------------------------
// descriptor -> Connect

class ConnectSchemaReader {
  public:
    explicit ConnectSchemaReader(const ProtobufDataSettings& settings) : settings_(settings) {}

    kc::SchemaBuilder root(const pb::Descriptor& d) {
        if (settings_.wrapper_for_raw_primitives)
            if (auto b = unwrapped(d)) return *b;
        return message(d);
    }

  private:
    static std::optional<kc::SchemaBuilder> unwrapped(const pb::Descriptor& d) {
        using kc::SchemaBuilder;
        if (!is_wrapper(d)) return std::nullopt;
        switch (d.field(0)->type()) {
            case pb::FieldDescriptor::TYPE_DOUBLE:
                return SchemaBuilder::float64();
            case pb::FieldDescriptor::TYPE_FLOAT:
                return SchemaBuilder::float32();
            case pb::FieldDescriptor::TYPE_INT32:
                return SchemaBuilder::int32();
            case pb::FieldDescriptor::TYPE_BOOL:
                return SchemaBuilder::boolean();
            case pb::FieldDescriptor::TYPE_STRING:
                return SchemaBuilder::string();
            case pb::FieldDescriptor::TYPE_BYTES:
                return SchemaBuilder::bytes();
            default:  // Int64Value, UInt64Value, UInt32Value
                return SchemaBuilder::int64();
        }
    }

    kc::SchemaBuilder message(const pb::Descriptor& d) {
        if (!in_progress_.insert(&d).second)
            throw kc::DataException("Protobuf message " + d.full_name() +
                                    " contains itself: recursive types have no Connect schema");
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        b.name(settings_.enhanced_schema_support ? d.full_name() : d.name());
        for (int i = 0; i < d.real_oneof_decl_count(); ++i) {
            const pb::OneofDescriptor& o = *d.oneof_decl(i);
            kc::SchemaBuilder u = kc::SchemaBuilder::struct_();
            u.name(std::string(kProtobufUnionPrefix) +
                   (settings_.enhanced_schema_support ? o.full_name() : o.name()));
            for (int j = 0; j < o.field_count(); ++j)
                u.field(o.field(j)->name(), field(*o.field(j)));
            b.field(union_field_name(o), u.optional().build());
        }
        for (int i = 0; i < d.field_count(); ++i) {
            const pb::FieldDescriptor& f = *d.field(i);
            if (!f.real_containing_oneof()) b.field(f.name(), field(f));
        }
        in_progress_.erase(&d);
        return b;
    }

    std::string union_field_name(const pb::OneofDescriptor& o) const {
        return settings_.generate_index_for_unions ? o.name() + "_" + std::to_string(o.index())
                                                   : o.name();
    }

    kc::Schema field(const pb::FieldDescriptor& f) {
        using kc::SchemaBuilder;
        using T = pb::FieldDescriptor;
        std::optional<SchemaBuilder> b;
        switch (f.type()) {
            case T::TYPE_INT32:
            case T::TYPE_SINT32:
            case T::TYPE_SFIXED32: {
                const std::string ct = field_meta_param(f, kConnectType);
                if (ct == "int8") {
                    b = SchemaBuilder::int8();
                } else if (ct == "int16") {
                    b = SchemaBuilder::int16();
                } else {
                    b = SchemaBuilder::int32();
                    if (f.type() != T::TYPE_INT32) b->parameter(kProtobufTypeParam, f.type_name());
                }
                break;
            }
            case T::TYPE_UINT32:
            case T::TYPE_FIXED32:
            case T::TYPE_INT64:
            case T::TYPE_UINT64:
            case T::TYPE_SINT64:
            case T::TYPE_FIXED64:
            case T::TYPE_SFIXED64:
                b = SchemaBuilder::int64();
                if (f.type() != T::TYPE_INT64) b->parameter(kProtobufTypeParam, f.type_name());
                break;
            case T::TYPE_FLOAT:
                b = SchemaBuilder::float32();
                break;
            case T::TYPE_DOUBLE:
                b = SchemaBuilder::float64();
                break;
            case T::TYPE_BOOL:
                b = SchemaBuilder::boolean();
                break;
            case T::TYPE_STRING:
                b = SchemaBuilder::string();
                break;
            case T::TYPE_BYTES:
                b = SchemaBuilder::bytes();
                break;
            case T::TYPE_ENUM: {
                const pb::EnumDescriptor& e = *f.enum_type();
                b = settings_.int_for_enums ? SchemaBuilder::int32() : SchemaBuilder::string();
                b->name(settings_.enhanced_schema_support ? e.full_name() : e.name());
                b->parameter(kProtobufEnumParam, e.name());
                for (int i = 0; i < e.value_count(); ++i)
                    b->parameter(std::string(kProtobufEnumParam) + "." + e.value(i)->name(),
                                 std::to_string(e.value(i)->number()));
                b->optional();
                break;
            }
            case T::TYPE_MESSAGE: {
                b = message_field(f);
                b->optional();
                break;
            }
            case T::TYPE_GROUP:
                throw kc::DataException("Protobuf field " + f.full_name() +
                                        " is a proto2 group, which has no Connect schema");
        }
        if (f.is_repeated() && b->type() != kc::Type::Map) {
            b = SchemaBuilder::array(b->optional().build());
            b->optional();
        }
        if (settings_.optional_for_nullables) {
            if (f.has_optional_keyword()) b->optional();
        } else if (!settings_.wrapper_for_nullables) {
            b->optional();
        }
        b->parameter(kProtobufTagParam, std::to_string(f.number()));
        return b->build();
    }

    kc::SchemaBuilder message_field(const pb::FieldDescriptor& f) {
        namespace lg = kc::logical;
        const pb::Descriptor& m = *f.message_type();
        const std::string& name = m.full_name();
        if (name == kProtobufDecimalType) {
            const std::string scale = field_meta_param(f, "scale");
            kc::SchemaBuilder b = lg::decimal_builder(scale.empty() ? 0 : std::stoi(scale));
            const std::string precision = field_meta_param(f, "precision");
            if (!precision.empty()) b.parameter(kPrecisionParam, precision);
            return b;
        }
        for (const WellKnownType& w : kWellKnownTypes)
            if (name == w.message) return w.builder();
        if (settings_.wrapper_for_nullables)
            if (auto b = unwrapped(m)) return *b;
        if (is_map_entry(f)) {
            kc::SchemaBuilder b = kc::SchemaBuilder::map(field(*m.field(0)), field(*m.field(1)));
            b.name(to_map_field(settings_.enhanced_schema_support ? m.full_name() : m.name()));
            return b;
        }
        return message(m);
    }

    static bool is_map_entry(const pb::FieldDescriptor& f) {
        if (!f.is_repeated()) return false;
        const pb::Descriptor& m = *f.message_type();
        return m.name().ends_with(kEntrySuffix) && m.field_count() == 2 &&
               m.field(0)->name() == "key" && m.field(1)->name() == "value" &&
               !m.field(0)->is_repeated() && !m.field(1)->is_repeated();
    }

    const ProtobufDataSettings& settings_;
    std::set<const pb::Descriptor*> in_progress_;
};

}  // namespace

std::string scrub_name(std::string_view name) {
    if (name.empty()) return {};
    bool ok = !(name[0] >= '0' && name[0] <= '9') && name[0] != '_';
    for (char c : name)
        ok = ok && (is_alnum(c) || c == '_');
    if (ok) return std::string(name);
    // Java URL-encodes first (so a character becomes %XX, then _XX), keeping
    // . - * _ and turning a space into +; then every invalid character is _.
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (is_alnum(c) || c == '.' || c == '-' || c == '*' || c == '_') {
            out.push_back(c);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    if ((out[0] >= '0' && out[0] <= '9') || out[0] == '_') out.insert(out.begin(), 'x');
    for (char& c : out)
        if (!is_alnum(c) && c != '_') c = '_';
    return out;
}

bool is_wrapper(const pb::Descriptor& type) {
    return type.file()->name() == "google/protobuf/wrappers.proto";
}

std::string to_proto_text(kc::SchemaView connect, const ProtobufDataSettings& settings) {
    return ProtoTextWriter(settings).file(connect);
}

const pb::Descriptor* wrapper_type(kc::SchemaView connect) {
    switch (connect.type()) {
        case kc::Type::Int8:
        case kc::Type::Int16:
        case kc::Type::Int32:
            return pb::Int32Value::descriptor();
        case kc::Type::Int64:
            return pb::Int64Value::descriptor();
        case kc::Type::Float32:
            return pb::FloatValue::descriptor();
        case kc::Type::Float64:
            return pb::DoubleValue::descriptor();
        case kc::Type::Boolean:
            return pb::BoolValue::descriptor();
        case kc::Type::String:
            return pb::StringValue::descriptor();
        case kc::Type::Bytes:
            return pb::BytesValue::descriptor();
        default:
            return nullptr;
    }
}

kc::Schema to_connect_schema(const pb::Descriptor& type, const ProtobufDataSettings& settings) {
    return ConnectSchemaReader(settings).root(type).build();
}

}  // namespace kc_schema_registry
