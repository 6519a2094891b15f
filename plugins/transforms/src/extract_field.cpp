#include "extract_field.hpp"

#include "validators.hpp"

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "field extraction";
}

kc::ConfigDef ExtractFieldImpl::configDef() {
    kc::ConfigDef def;
    def.define("field", kc::ConfigType::String, kc::NO_DEFAULT, kc::Importance::Medium,
               "Field name to extract.");
    define_replace_null_with_default(def);
    return append_field_syntax_version(def);
}

void ExtractFieldImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    original_path_ = config.getString("field");
    path_.emplace(original_path_, field_syntax_version(config));
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

const kc_record* ExtractFieldImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    if (!schema) {
        if (is_null(value)) return with_operand(arena, in, side_, nullptr, value);
        require_map(value, kPurpose);
        const kc_value* v = path_->value_from_map(value);
        return with_operand(arena, in, side_, nullptr, v ? *v : null_value());
    }
    if (!is_null(value)) require_struct(value, kPurpose);
    const kc_field* field = path_->field_from(schema);
    if (!field) throw kc::DataException("Unknown field: " + original_path_);
    const kc_value* v =
        is_null(value) ? nullptr : path_->value_from_struct(value, replace_null_with_default_);
    return with_operand(arena, in, side_, field->schema, v ? *v : null_value());
}

}  // namespace kc_transforms
