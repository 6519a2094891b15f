// Out-of-line parts of kc/data.hpp (kept header-only: the SDK has no library).
#pragma once

#include <cmath>

namespace kc {

namespace detail {
inline size_t hash_mix(size_t h, size_t v) noexcept {
    return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}
}  // namespace detail

inline bool value_equals(ValueView a, ValueView b) noexcept {
    if (a.tag() != b.tag()) return false;
    switch (a.tag()) {
        case KC_VAL_NULL:
            return true;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            return a.as_int() == b.as_int();
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            // Java's Float/Double.equals: NaN equals NaN.
            return a.as_double() == b.as_double() ||
                   (std::isnan(a.as_double()) && std::isnan(b.as_double()));
        case KC_VAL_BOOLEAN:
            return a.as_bool() == b.as_bool();
        case KC_VAL_STRING:
        case KC_VAL_BYTES:
            return a.as_string() == b.as_string();
        case KC_VAL_ARRAY: {
            auto x = a.as_array(), y = b.as_array();
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                if (!value_equals(&x[i], &y[i])) return false;
            return true;
        }
        case KC_VAL_MAP: {
            // Maps compare as sets of entries, whatever their order.
            auto x = a.as_map(), y = b.as_map();
            if (x.size() != y.size()) return false;
            for (const auto& e : x) {
                bool found = false;
                for (const auto& f : y)
                    if (value_equals(&e.key, &f.key)) {
                        if (!value_equals(&e.value, &f.value)) return false;
                        found = true;
                        break;
                    }
                if (!found) return false;
            }
            return true;
        }
        case KC_VAL_STRUCT: {
            StructView x = a.as_struct(), y = b.as_struct();
            if (!schema_equals(x.schema(), y.schema())) return false;
            for (size_t i = 0; i < x.schema().field_count(); ++i)
                if (!value_equals(x.get(i), y.get(i))) return false;
            return true;
        }
    }
    return false;
}

inline size_t value_hash(ValueView v) noexcept {
    size_t h = std::hash<int>()(v.tag());
    switch (v.tag()) {
        case KC_VAL_NULL:
            break;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            h = detail::hash_mix(h, std::hash<int64_t>()(v.as_int()));
            break;
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            h = detail::hash_mix(
                h, std::isnan(v.as_double()) ? 0x7ff8 : std::hash<double>()(v.as_double()));
            break;
        case KC_VAL_BOOLEAN:
            h = detail::hash_mix(h, v.as_bool());
            break;
        case KC_VAL_STRING:
        case KC_VAL_BYTES:
            h = detail::hash_mix(h, std::hash<std::string_view>()(v.as_string()));
            break;
        case KC_VAL_ARRAY:
            for (const auto& e : v.as_array())
                h = detail::hash_mix(h, value_hash(&e));
            break;
        case KC_VAL_MAP: {
            size_t sum = 0;  // order-independent, like equality
            for (const auto& e : v.as_map())
                sum += detail::hash_mix(value_hash(&e.key), value_hash(&e.value));
            h = detail::hash_mix(h, sum);
            break;
        }
        case KC_VAL_STRUCT: {
            StructView s = v.as_struct();
            for (size_t i = 0; i < s.schema().field_count(); ++i)
                h = detail::hash_mix(h, value_hash(s.get(i)));
            break;
        }
    }
    return h;
}

inline bool schema_equals(SchemaView a, SchemaView b) noexcept {
    if (a.raw() == b.raw()) return true;
    if (!a || !b) return false;
    if (a.type() != b.type() || a.optional() != b.optional() || a.name() != b.name() ||
        a.version() != b.version() || a.doc() != b.doc())
        return false;
    if (!value_equals(a.default_value(), b.default_value())) return false;
    auto pa = a.params(), pb = b.params();
    if (pa.size() != pb.size()) return false;
    for (const auto& p : pa)
        if (b.param(sv(p.key)) != sv(p.value)) return false;
    if (a.field_count() != b.field_count()) return false;
    for (size_t i = 0; i < a.field_count(); ++i) {
        FieldView fa = a.field(i), fb = b.field(i);
        if (fa.name != fb.name || !schema_equals(fa.schema, fb.schema)) return false;
    }
    return schema_equals(a.key_schema(), b.key_schema()) &&
           schema_equals(a.value_schema(), b.value_schema());
}

inline size_t schema_hash(SchemaView s) noexcept {
    if (!s) return 0;
    size_t h = std::hash<int>()(static_cast<int>(s.type()));
    h = detail::hash_mix(h, s.optional());
    h = detail::hash_mix(h, std::hash<std::string_view>()(s.name()));
    for (size_t i = 0; i < s.field_count(); ++i) {
        h = detail::hash_mix(h, std::hash<std::string_view>()(s.field(i).name));
        h = detail::hash_mix(h, schema_hash(s.field(i).schema));
    }
    h = detail::hash_mix(h, schema_hash(s.key_schema()));
    return detail::hash_mix(h, schema_hash(s.value_schema()));
}

namespace detail {
inline std::string describe_path(std::string_view path) {
    return path.empty() ? std::string() : " for field: \"" + std::string(path) + "\"";
}
}  // namespace detail

inline void validate_value(SchemaView s, ValueView v, std::string_view path) {
    if (!s) return;  // schemaless: anything goes
    if (v.is_null()) {
        if (s.optional() || s.default_value()) return;
        throw DataException("Invalid value: null used for required field: \"" + std::string(path) +
                            "\", schema type: " + std::string(type_name(s.type())));
    }
    if (v.tag() != tag_for(s.type()))
        throw DataException("Invalid Java object for schema with type " +
                            std::string(type_name(s.type())) + ": " + tag_name(v.tag()) +
                            detail::describe_path(path));
    switch (s.type()) {
        case Type::Array: {
            size_t i = 0;
            for (const auto& e : v.as_array()) {
                std::string p = std::string(path) + "[" + std::to_string(i++) + "]";
                validate_value(s.value_schema(), &e, p);
            }
            break;
        }
        case Type::Map:
            for (const auto& e : v.as_map()) {
                validate_value(s.key_schema(), &e.key, std::string(path) + ".<key>");
                validate_value(s.value_schema(), &e.value, std::string(path) + ".<value>");
            }
            break;
        case Type::Struct: {
            StructView st = v.as_struct();
            if (!schema_equals(st.schema(), s))
                throw DataException("Struct schemas do not match" + detail::describe_path(path));
            for (size_t i = 0; i < s.field_count(); ++i) {
                FieldView f = s.field(i);
                std::string p = path.empty() ? std::string(f.name)
                                             : std::string(path) + "." + std::string(f.name);
                validate_value(f.schema, st.get(i), p);
            }
            break;
        }
        default:
            break;
    }
}

inline SchemaBuilder SchemaBuilder::copy_of(SchemaView s, bool with_fields) {
    SchemaBuilder b(s.type());
    b.optional_ = s.optional();
    b.name_ = std::string(s.name());
    b.version_ = s.version();
    b.doc_ = std::string(s.doc());
    for (const auto& p : s.params())
        b.params_.emplace_back(sv(p.key), sv(p.value));
    if (s.default_value()) {
        b.default_ = OwnedValue::copy_of(s.default_value());
        b.has_default_ = true;
    }
    // Child schemas are copied deeply: the result owns its whole tree and does
    // not depend on the lifetime of the view it was copied from.
    auto copy_child = [](SchemaView v) { return SchemaBuilder::copy_of(v, true).build(); };
    if (with_fields)
        for (size_t i = 0; i < s.field_count(); ++i)
            b.fields_.emplace_back(s.field(i).name, copy_child(s.field(i).schema));
    if (s.key_schema()) b.key_ = copy_child(s.key_schema());
    if (s.value_schema()) b.value_ = copy_child(s.value_schema());
    return b;
}

inline Schema SchemaBuilder::build() const {
    if ((type_ == Type::Array && !value_) || (type_ == Type::Map && (!key_ || !value_)))
        throw DataException(std::string(type_name(type_)) + " schema needs its element schemas");
    auto node = std::make_shared<detail::SchemaNode>();
    kc_schema& s = node->schema;
    s.struct_size = sizeof(kc_schema);
    s.type = static_cast<kc_type>(type_);
    s.optional = optional_;
    s.has_version = version_.has_value();
    s.version = version_.value_or(0);
    s.name = node->pool.copy(name_);
    s.doc = node->pool.copy(doc_);
    if (!params_.empty()) {
        auto* ps = static_cast<kc_param*>(
            node->pool.allocate(sizeof(kc_param) * params_.size(), alignof(kc_param)));
        for (size_t i = 0; i < params_.size(); ++i) {
            ps[i].key = node->pool.copy(params_[i].first);
            ps[i].value = node->pool.copy(params_[i].second);
        }
        s.params = ps;
        s.param_count = params_.size();
    }
    if (!fields_.empty()) {
        auto* fs = static_cast<kc_field*>(
            node->pool.allocate(sizeof(kc_field) * fields_.size(), alignof(kc_field)));
        for (size_t i = 0; i < fields_.size(); ++i) {
            fs[i].name = node->pool.copy(fields_[i].first);
            fs[i].index = static_cast<uint32_t>(i);
            fs[i].schema = fields_[i].second.raw();
            node->children.push_back(fields_[i].second);
        }
        s.fields = fs;
        s.field_count = fields_.size();
    }
    if (key_) {
        s.key_schema = key_.raw();
        node->children.push_back(key_);
    }
    if (value_) {
        s.value_schema = value_.raw();
        node->children.push_back(value_);
    }
    if (has_default_) {
        node->default_value = default_;
        s.default_value = node->default_value.raw();
        try {
            validate_value(&s, node->default_value.view());
        } catch (const DataException& e) {
            throw DataException(std::string("Invalid default value: ") + e.what());
        }
    }
    Schema out;
    out.node_ = std::move(node);
    return out;
}

inline const Schema& schemas::primitive(Type t, bool optional) {
    switch (t) {
        case Type::Int8:
            return optional ? optional_int8() : int8();
        case Type::Int16:
            return optional ? optional_int16() : int16();
        case Type::Int32:
            return optional ? optional_int32() : int32();
        case Type::Int64:
            return optional ? optional_int64() : int64();
        case Type::Float32:
            return optional ? optional_float32() : float32();
        case Type::Float64:
            return optional ? optional_float64() : float64();
        case Type::Boolean:
            return optional ? optional_boolean() : boolean();
        case Type::String:
            return optional ? optional_string() : string();
        case Type::Bytes:
            return optional ? optional_bytes() : bytes();
        default:
            throw DataException(std::string(type_name(t)) + " is not a primitive type");
    }
}

}  // namespace kc
