#include "value_to_key.hpp"

#include "validators.hpp"

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "copying fields from value to key";
}

kc::ConfigDef ValueToKey::configDef() {
    kc::ConfigDef def;
    def.define("fields", kc::ConfigType::List, kc::NO_DEFAULT, non_empty_list(),
               kc::Importance::High,
               "Field names on the record value to extract as the record key.");
    return define_replace_null_with_default(def);
}

void ValueToKey::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    fields_ = config.getList("fields");
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

const kc_record* ValueToKey::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    kc_record* out = kc::RecordBuilder(arena, in).get();
    if (!in.value_schema) {
        require_map(in.value, kPurpose);
        MapBuilder key(arena, fields_.size());
        for (const auto& f : fields_) {
            const kc_value* v = map_get(in.value, f);
            key.put(f, v ? *v : kc_value{});
        }
        key.order_as_java_hash_map(kc::java_hash_map_sized_table(fields_.size()));
        out->key_schema = nullptr;
        out->key = key.build();
        return out;
    }
    require_struct(in.value, kPurpose);
    const kc_schema* vs = in.value.u.strct.schema;
    auto& entry = cache_.get_or_build(vs, arena, [&] {
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        Sources src;
        for (const auto& f : fields_) {
            int at = field_index(vs, f);
            if (at < 0) throw kc::DataException("Field does not exist: " + f);
            b.field(f, own(vs->fields[at].schema));
            src.index.push_back(at);
        }
        return std::pair{b.build(), std::move(src)};
    });
    const kc_schema* key_schema = entry.schema.raw();
    kc_value* fields = kc::alloc_values(arena, entry.extra.index.size());
    for (size_t i = 0; i < entry.extra.index.size(); ++i)
        fields[i] = struct_field(in.value, entry.extra.index[i], replace_null_with_default_);
    out->key_schema = key_schema;
    out->key = make_struct_value(key_schema, fields);
    out->value_schema = vs;
    return out;
}

}  // namespace kc_transforms
