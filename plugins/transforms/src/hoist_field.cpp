#include "hoist_field.hpp"

namespace kc_transforms {

kc::ConfigDef HoistFieldImpl::configDef() {
    kc::ConfigDef def;
    def.define("field", kc::ConfigType::String, kc::NO_DEFAULT, kc::Importance::Medium,
               "Field name for the single field that will be created in the resulting Struct or "
               "Map.");
    return def;
}

void HoistFieldImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    field_ = config.getString("field");
}

const kc_record* HoistFieldImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    if (!schema) {
        MapBuilder map(arena, 1);
        map.put(field_, value);
        return with_operand(arena, in, side_, nullptr, map.build());
    }
    const kc_schema* updated =
        cache_
            .get_or_build(schema, arena,
                          [&] {
                              return std::pair{
                                  kc::SchemaBuilder::struct_().field(field_, own(schema)).build(),
                                  NoExtra{}};
                          })
            .schema.raw();
    // Java's Struct.put validates: a null cannot go into a required field.
    if (is_null(value)) kc::validate_value(updated->fields[0].schema, &value, field_);
    kc_value* fields = kc::alloc_values(arena, 1);
    fields[0] = value;
    return with_operand(arena, in, side_, updated, make_struct_value(updated, fields));
}

}  // namespace kc_transforms
