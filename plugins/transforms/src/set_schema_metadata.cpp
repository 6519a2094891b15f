#include "set_schema_metadata.hpp"

#include "validators.hpp"

namespace kc_transforms {

kc::ConfigDef SetSchemaMetadataImpl::configDef() {
    kc::ConfigDef def;
    def.define("schema.name", kc::ConfigType::String, nullptr, kc::Importance::High,
               "Schema name to set.");
    def.define("schema.version", kc::ConfigType::Int, nullptr, kc::Importance::High,
               "Schema version to set.");
    return define_replace_null_with_default(def);
}

void SetSchemaMetadataImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    name_.reset();
    version_.reset();
    if (!config.isNull("schema.name")) name_ = config.getString("schema.name");
    if (!config.isNull("schema.version")) version_ = config.getInt("schema.version");
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
    if (!name_ && !version_)
        throw kc::ConfigException("Neither schema name nor version configured");
}

const kc_record* SetSchemaMetadataImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    if (is_null(value) && !schema) return &in;
    require_schema(schema, "updating schema metadata");
    const kc_schema* updated = cache_
                                   .get_or_build(schema, arena,
                                                 [&] {
                                                     kc::SchemaBuilder b =
                                                         kc::SchemaBuilder::copy_of(schema);
                                                     if (name_) b.name(*name_);
                                                     if (version_) b.version(*version_);
                                                     return std::pair{b.build(), NoExtra{}};
                                                 })
                                   .schema.raw();
    kc_value v = value;
    if (value.tag == KC_VAL_STRUCT) {
        // The struct is re-pointed at the renamed schema (Java's updateSchemaIn).
        size_t n = updated->field_count;
        kc_value* fields = kc::alloc_values(arena, n);
        for (size_t i = 0; i < n; ++i)
            fields[i] = struct_field(value, i, replace_null_with_default_);
        v = make_struct_value(updated, fields);
    }
    return with_operand(arena, in, side_, updated, v);
}

}  // namespace kc_transforms
