#include "cast.hpp"

#include <algorithm>
#include <cctype>

#include <kc/logical.hpp>
#include <kc/values.hpp>

#include "java_values.hpp"
#include "validators.hpp"

namespace kc_transforms {

namespace {

constexpr std::string_view kPurpose = "cast types";

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}
std::string type_enum(kc::Type t) {
    return upper(kc::type_name(t));
}

bool supported_output(kc::Type t) {
    return kc::is_primitive(t) && t != kc::Type::Bytes;
}
bool supported_input(kc::Type t) {
    return kc::is_primitive(t);
}

kc::Type valid_output(kc::Type t) {
    if (!supported_output(t))
        throw kc::ConfigException(
            "Cast transformation does not support casting to " + type_enum(t) +
            "; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]");
    return t;
}

// Java Schema.Type.valueOf(s.trim().toUpperCase()).
kc::Type parse_type(std::string_view raw) {
    std::string t(kc::trim(raw));
    std::string lower = t;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto type = kc::type_from_name(lower);
    if (!type) throw kc::ConfigException("Invalid type found in casting spec: " + t);
    return *type;
}

struct Spec {
    std::vector<std::pair<std::string, kc::Type>> fields;
    std::optional<kc::Type> whole;
};

Spec parse_spec(const std::vector<std::string>& mappings) {
    Spec spec;
    for (const auto& mapping : mappings) {
        auto parts = java_split(mapping, ':');
        if (parts.size() > 2)
            // Java reports this under the "renames" key; kept for parity.
            throw kc::ConfigException("renames", java_list_string(mappings),
                                      "Invalid rename mapping: " + mapping);
        if (parts.size() == 1) {
            spec.whole = valid_output(parse_type(parts[0]));
        } else {
            kc::Type t = valid_output(parse_type(parts[1]));
            std::string name(kc::trim(parts[0]));
            auto it = std::find_if(spec.fields.begin(), spec.fields.end(),
                                   [&](const auto& f) { return f.first == name; });
            if (it != spec.fields.end())
                it->second = t;
            else
                spec.fields.emplace_back(name, t);
        }
    }
    if (spec.whole && mappings.size() > 1)
        throw kc::ConfigException(
            "Cast transformations that specify a type to cast the entire value to may only "
            "specify a single cast in their spec");
    return spec;
}

[[noreturn]] void out_of_range(const std::string& text) {
    throw kc::DataException("Value (" + text + ") was out of range for requested data type");
}

// A value seen as a Java object: a Number (integral / floating / decimal),
// a Boolean, a String or a byte[].
struct JavaObject {
    enum Kind { Integral, Floating, Decimal, Boolean, String, Bytes } kind = Integral;
    int64_t i = 0;
    double d = 0;
    int32_t scale = 0;  // Decimal: s holds the unscaled bytes
    bool b = false;
    std::string_view s;
};

JavaObject as_object(const kc_schema* schema, const kc_value& v) {
    JavaObject o{};
    o.kind = JavaObject::Integral;
    switch (v.tag) {
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            o.i = v.u.i;
            break;
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            o.kind = JavaObject::Floating;
            o.d = v.u.f;
            break;
        case KC_VAL_BOOLEAN:
            o.kind = JavaObject::Boolean;
            o.b = v.u.b;
            break;
        case KC_VAL_STRING:
            o.kind = JavaObject::String;
            o.s = kc::sv(v.u.str);
            break;
        default: {
            o.kind = JavaObject::Bytes;
            o.s = kc::sv(v.u.str);
            if (schema && kc::sv(schema->name) == kc::logical::kDecimalName) {
                // The SDK handles any precision; the 16-byte limit of the
                // former 128-bit arithmetic is kept so errors stay the same.
                if (o.s.empty() || o.s.size() > 16)
                    throw kc::DataException("Decimal value too large for Cast: more than 16 bytes");
                o.kind = JavaObject::Decimal;
                o.scale = decimal_scale(schema);
            }
        }
    }
    return o;
}

[[noreturn]] void unexpected(const JavaObject& o) {
    throw kc::DataException(std::string("Unexpected type in Cast transformation: class ") +
                            (o.kind == JavaObject::Bytes ? "[B" : "java.lang.Object"));
}

int64_t long_value(const JavaObject& o) {
    switch (o.kind) {
        case JavaObject::Integral:
            return o.i;
        case JavaObject::Floating:
            return kc::values::detail::saturating_long(o.d);
        case JavaObject::Decimal:
            return kc::values::detail::decimal_long_value(o.s, o.scale);
        case JavaObject::Boolean:
            return o.b ? 1 : 0;
        default:
            unexpected(o);
    }
}
// Java Number.intValue(): doubles saturate at int range before narrowing.
int64_t int_value(const JavaObject& o) {
    return o.kind == JavaObject::Floating ? java_double_to_int(o.d)
                                          : static_cast<int32_t>(long_value(o));
}
double double_value(const JavaObject& o) {
    switch (o.kind) {
        case JavaObject::Floating:
            return o.d;
        case JavaObject::Decimal:
            return kc::logical::decimal_to_double(o.s, o.scale);
        default:
            return static_cast<double>(long_value(o));
    }
}

template <class Alloc>
kc_value cast_value(const kc_schema* schema, const kc_value& v, kc::Type target, Alloc& alloc) {
    if (v.tag == KC_VAL_NULL) return kc_value{};
    kc::Type inferred = schema ? static_cast<kc::Type>(schema->type)
                               : kc::type_for(static_cast<kc_value_tag>(v.tag));
    if (!supported_input(inferred))
        throw kc::DataException("Cast transformation does not support casting from " +
                                type_enum(inferred) +
                                "; supported types are [INT8, INT16, INT32, INT64, FLOAT32, "
                                "FLOAT64, BOOLEAN, STRING, BYTES]");
    JavaObject o = as_object(schema, v);
    std::string_view name = schema ? kc::sv(schema->name) : std::string_view();
    switch (target) {
        case kc::Type::Int8:
        case kc::Type::Int16:
        case kc::Type::Int32:
        case kc::Type::Int64: {
            int64_t n;
            if (o.kind == JavaObject::String) {
                static constexpr int64_t lim[4][2] = {
                    {-128, 127}, {-32768, 32767}, {INT32_MIN, INT32_MAX}, {INT64_MIN, INT64_MAX}};
                int idx = static_cast<int>(target);
                auto p = java_parse_long(o.s, lim[idx][0], lim[idx][1]);
                if (!p) out_of_range(std::string(o.s));
                n = *p;
            } else if (target == kc::Type::Int64) {
                n = long_value(o);
            } else {
                n = int_value(o);
            }
            switch (target) {
                case kc::Type::Int8:
                    return kc::make_int8(static_cast<int8_t>(n));
                case kc::Type::Int16:
                    return kc::make_int16(static_cast<int16_t>(n));
                case kc::Type::Int32:
                    return kc::make_int32(static_cast<int32_t>(n));
                default:
                    return kc::make_int64(n);
            }
        }
        case kc::Type::Float32:
        case kc::Type::Float64: {
            double d;
            if (o.kind == JavaObject::String) {
                auto p = java_parse_double(o.s);
                if (!p) out_of_range(std::string(o.s));
                d = *p;
            } else {
                d = double_value(o);
            }
            return target == kc::Type::Float32 ? kc::make_float32(static_cast<float>(d))
                                               : kc::make_float64(d);
        }
        case kc::Type::Boolean:
            if (o.kind == JavaObject::String) return kc::make_bool(kc::iequals(o.s, "true"));
            if (o.kind == JavaObject::Bytes) unexpected(o);
            return kc::make_bool(o.kind == JavaObject::Boolean ? o.b : long_value(o) != 0);
        case kc::Type::String: {
            std::string text;
            // Told by the schema name alone, as Java's Cast does; the SDK's
            // to_string also checks the physical type.
            if (name == kc::logical::kDateName)
                kc::values::detail::append_temporal(text, o.i * kc::logical::kMillisPerDay);
            else if (name == kc::logical::kTimeName || name == kc::logical::kTimestampName)
                kc::values::detail::append_temporal(text, o.i);
            else if (o.kind == JavaObject::Decimal)
                text = kc::logical::decimal_to_string(o.s, o.scale);
            else if (o.kind == JavaObject::Bytes)
                kc::values::append_base64(text, o.s);
            else if (o.kind == JavaObject::String)
                return v;
            else
                text = kc::values::to_string(nullptr, &v);
            return kc::make_string(alloc, text);
        }
        default:
            throw kc::DataException(type_enum(target) +
                                    " is not supported in the Cast transformation.");
    }
}

kc::SchemaBuilder builder_for(kc::Type t) {
    return kc::SchemaBuilder(t);
}

}  // namespace

kc::ConfigDef CastImpl::configDef() {
    kc::ConfigDef def;
    def.define(
        "spec", kc::ConfigType::List, kc::NO_DEFAULT,
        kc::LambdaValidator::with(
            [](const std::string&, const kc::ParsedValue& v) {
                const auto* list = std::get_if<std::vector<std::string>>(&v);
                if (!list || list->empty())
                    throw kc::ConfigException("Must specify at least one field to cast.");
                parse_spec(*list);
            },
            "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"),
        kc::Importance::High,
        "List of fields and the type to cast them to of the form field1:type,field2:type to cast "
        "fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, "
        "int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can "
        "only be cast to string.");
    return define_replace_null_with_default(def);
}

void CastImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    Spec spec = parse_spec(config.getList("spec"));
    casts_ = std::move(spec.fields);
    whole_ = spec.whole;
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

const kc_schema* CastImpl::updated_schema(const kc_schema* schema, const kc::Arena& arena,
                                          const FieldCasts** casts) {
    auto& entry = cache_.get_or_build(schema, arena, [&] {
        kc::SchemaView in(schema);
        FieldCasts fc;
        kc::Pool pool;  // for cast defaults; SchemaBuilder copies them
        kc::SchemaBuilder b = whole_ ? builder_for(*whole_) : kc::SchemaBuilder::struct_();
        copy_basics(in, b);
        if (!whole_) {
            for (size_t i = 0; i < in.field_count(); ++i) {
                kc::FieldView f = in.field(i);
                auto it = std::find_if(casts_.begin(), casts_.end(),
                                       [&](const auto& c) { return c.first == f.name; });
                fc.target.push_back(it == casts_.end() ? -1 : static_cast<int>(it->second));
                if (it == casts_.end()) {
                    b.field(f.name, own(f.schema));
                    continue;
                }
                kc::SchemaBuilder fb = builder_for(it->second);
                if (f.schema->optional) fb.optional();
                if (f.schema->default_value) {
                    kc_value d = cast_value(f.schema, *f.schema->default_value, it->second, pool);
                    fb.default_value(&d);
                }
                b.field(f.name, fb.build());
            }
        }
        if (in.optional()) b.optional();
        if (in.default_value()) {
            // As in Java, a struct default cannot be cast and fails here.
            kc_value d = cast_value(schema, *in.default_value(), b.type(), pool);
            b.default_value(&d);
        }
        return std::pair{b.build(), std::move(fc)};
    });
    *casts = &entry.extra;
    return entry.schema.raw();
}

const kc_record* CastImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_value& value = operating_value(in, side_);
    if (is_null(value)) return &in;
    const kc_schema* schema = operating_schema(in, side_);
    if (!schema) {
        if (whole_)
            return with_operand(arena, in, side_, nullptr,
                                cast_value(nullptr, value, *whole_, arena));
        require_map(value, kPurpose);
        MapBuilder out(arena, value.u.map.count + casts_.size());
        out.put_all(value);
        for (const auto& [field, type] : casts_) {
            const kc_value* fv = map_get(value, field);
            out.put(field, cast_value(nullptr, fv ? *fv : null_value(), type, arena));
        }
        out.order_as_java_hash_map(kc::java_hash_map_copy_table(value.u.map.count));
        return with_operand(arena, in, side_, nullptr, out.build());
    }
    const FieldCasts* casts = nullptr;
    const kc_schema* updated = updated_schema(schema, arena, &casts);
    if (whole_)
        return with_operand(arena, in, side_, updated, cast_value(schema, value, *whole_, arena));
    require_struct(value, kPurpose);
    size_t n = schema->field_count;
    kc_value* fields = kc::alloc_values(arena, n);
    for (size_t i = 0; i < n; ++i) {
        const kc_value& orig = struct_field(value, i, replace_null_with_default_);
        int t = casts->target[i];
        fields[i] =
            t < 0 ? orig
                  : cast_value(schema->fields[i].schema, orig, static_cast<kc::Type>(t), arena);
    }
    return with_operand(arena, in, side_, updated, make_struct_value(updated, fields));
}

}  // namespace kc_transforms
