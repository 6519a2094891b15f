#include "mask_field.hpp"

#include <kc/logical.hpp>
#include <kc/values.hpp>

#include <algorithm>

#include "validators.hpp"

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "mask fields";

// The Java class of a value (logical types by their schema) for messages.
std::string java_class(const kc_schema* schema, const kc_value& v) {
    kc::SchemaView s(schema);
    if (schema && kc::logical::is_decimal(s)) return "class java.math.BigDecimal";
    if (schema && kc::logical::is_temporal(s)) return "class java.util.Date";
    return "class " + std::string(java_class_name(v));
}
}  // namespace

kc::ConfigDef MaskFieldImpl::configDef() {
    kc::ConfigDef def;
    def.define("fields", kc::ConfigType::List, kc::NO_DEFAULT, non_empty_list(),
               kc::Importance::High, "Names of fields to mask.");
    // Java's NonEmptyString lets null through (the default here); only "" fails.
    auto non_empty = kc::LambdaValidator::with(
        [](const std::string& name, const kc::ParsedValue& v) {
            const auto* s = std::get_if<std::string>(&v);
            if (s && s->empty()) throw kc::ConfigException(name, *s, "String must be non-empty");
        },
        "non-empty string");
    def.define("replacement", kc::ConfigType::String, nullptr, non_empty, kc::Importance::Low,
               "Custom value replacement, that will be applied to all 'fields' values (numeric or "
               "non-empty string values only).");
    return define_replace_null_with_default(def);
}

void MaskFieldImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    fields_ = config.getList("fields");
    replacement_.reset();
    if (!config.isNull("replacement")) replacement_ = config.getString("replacement");
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

bool MaskFieldImpl::masked_field(std::string_view name) const noexcept {
    return std::find(fields_.begin(), fields_.end(), name) != fields_.end();
}

kc_value MaskFieldImpl::masked(const kc_schema* schema, const kc_value& v, kc::Arena& arena) const {
    if (is_null(v)) return v;
    kc::SchemaView s(schema);
    bool decimal = schema && kc::logical::is_decimal(s);
    bool temporal = schema && kc::logical::is_temporal(s);
    if (!replacement_) {
        if (decimal) return kc::make_bytes_ref(std::string_view("\0", 1));  // BigDecimal.ZERO
        switch (v.tag) {
            case KC_VAL_BOOLEAN:
                return kc::make_bool(false);
            case KC_VAL_INT8:
            case KC_VAL_INT16:
            case KC_VAL_INT32:
            case KC_VAL_INT64:
                return kc::make_int(static_cast<kc_value_tag>(v.tag), 0);
            case KC_VAL_FLOAT32:
            case KC_VAL_FLOAT64:
                return kc::make_float(static_cast<kc_value_tag>(v.tag), 0);
            case KC_VAL_STRING:
                return kc::make_string_ref({});
            case KC_VAL_ARRAY:
                return kc::make_array(arena, std::span<const kc_value>());
            case KC_VAL_MAP:
                return kc::make_map(arena, std::span<const kc_map_entry>());
            default:
                throw kc::DataException("Cannot mask value of type: " + java_class(schema, v));
        }
    }
    const std::string& r = *replacement_;
    kc_value text = kc::make_string_ref(r);
    if (!temporal) {
        try {
            if (decimal)
                return kc::make_bytes(
                    arena, kc::logical::decimal_from_string(r, kc::logical::decimal_scale(s)));
            switch (v.tag) {
                case KC_VAL_INT8:
                    return kc::values::convert_to_byte(arena, nullptr, &text);
                case KC_VAL_INT16:
                    return kc::values::convert_to_short(arena, nullptr, &text);
                case KC_VAL_INT32:
                    return kc::values::convert_to_integer(arena, nullptr, &text);
                case KC_VAL_INT64:
                    return kc::values::convert_to_long(arena, nullptr, &text);
                case KC_VAL_FLOAT32:
                    return kc::values::convert_to_float(arena, nullptr, &text);
                case KC_VAL_FLOAT64:
                    return kc::values::convert_to_double(arena, nullptr, &text);
                case KC_VAL_STRING:
                    return text;
                default:
                    break;
            }
        } catch (const kc::DataException&) {
            throw kc::DataException("Unable to convert " + r +
                                    " (class java.lang.String) to number");
        }
    }
    throw kc::DataException("Cannot mask value of type " + java_class(schema, v) +
                            " with custom replacement.");
}

const kc_record* MaskFieldImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    if (!schema) {
        require_map(value, kPurpose);
        MapBuilder map(arena, value.u.map.count + fields_.size());
        map.put_all(value);
        for (const auto& f : fields_) {
            const kc_value* fv = map_get(value, f);
            map.put(f, masked(nullptr, fv ? *fv : null_value(), arena));
        }
        map.order_as_java_hash_map(kc::java_hash_map_copy_table(value.u.map.count));
        return with_operand(arena, in, side_, nullptr, map.build());
    }
    require_struct(value, kPurpose);
    const kc_schema* vs = value.u.strct.schema;
    kc_value* fields = kc::alloc_values(arena, vs->field_count);
    for (size_t i = 0; i < vs->field_count; ++i) {
        const kc_value& orig = struct_field(value, i, replace_null_with_default_);
        fields[i] = masked_field(kc::sv(vs->fields[i].name))
                        ? masked(vs->fields[i].schema, orig, arena)
                        : orig;
    }
    return with_operand(arena, in, side_, schema, make_struct_value(vs, fields));
}

}  // namespace kc_transforms
