#include "header_from.hpp"

#include <algorithm>

#include "validators.hpp"

namespace kc_transforms {

kc::ConfigDef HeaderFromImpl::configDef() {
    kc::ConfigDef def;
    def.define("fields", kc::ConfigType::List, kc::NO_DEFAULT, non_empty_list(),
               kc::Importance::High,
               "Field names in the record whose values are to be copied or moved to headers.");
    def.define("headers", kc::ConfigType::List, kc::NO_DEFAULT, non_empty_list(),
               kc::Importance::High,
               "Header names, in the same order as the field names listed in the fields "
               "configuration property.");
    def.define("operation", kc::ConfigType::String, kc::NO_DEFAULT,
               kc::ValidString::in({"move", "copy"}), kc::Importance::High,
               "Either <code>move</code> if the fields are to be moved to the headers (removed "
               "from the key/value), or <code>copy</code> if the fields are to be copied to the "
               "headers (retained in the key/value).");
    return define_replace_null_with_default(def);
}

void HeaderFromImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    fields_ = config.getList("fields");
    headers_ = config.getList("headers");
    if (headers_.size() != fields_.size())
        throw kc::ConfigException(
            "'fields' config must have the same number of elements as 'headers' config.");
    move_ = config.getString("operation") == "move";
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

HeaderFromImpl::Layout HeaderFromImpl::layout(const kc_schema* schema) const {
    Layout l;
    for (const auto& f : fields_)
        l.source.push_back(field_index(schema, f));
    for (size_t i = 0; i < schema->field_count; ++i)
        if (std::find(fields_.begin(), fields_.end(), kc::sv(schema->fields[i].name)) ==
            fields_.end())
            l.kept.push_back(static_cast<int>(i));
    return l;
}

const kc_record* HeaderFromImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    std::string_view purpose = move_ ? "header move" : "header copy";
    auto* headers = arena.alloc<kc_header>(in.header_count + fields_.size());
    for (size_t i = 0; i < in.header_count; ++i)
        headers[i] = in.headers[i];
    size_t nh = in.header_count;
    kc_record* out = kc::RecordBuilder(arena, in).get();
    out->headers = headers;
    out->header_count = in.header_count + fields_.size();

    if (!schema) {
        require_map(value, purpose);
        MapBuilder map(arena, value.u.map.count);
        map.put_all(value);
        map.order_as_java_hash_map(kc::java_hash_map_copy_table(value.u.map.count));
        for (size_t i = 0; i < fields_.size(); ++i) {
            const kc_value* fv = map_get(value, fields_[i]);
            if (move_) map.remove(fields_[i]);
            headers[nh++] = kc_header{kc::str_ref(headers_[i]), nullptr, fv ? *fv : kc_value{}};
        }
        kc_value updated = map.build();
        (side_ == Side::Key ? out->key : out->value) = updated;
        return out;
    }
    require_struct(value, purpose);
    auto& entry = cache_.get_or_build(schema, arena, [&] {
        Layout l = layout(schema);
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        copy_basics(schema, b);
        for (int i : l.kept)
            b.field(kc::sv(schema->fields[i].name), own(schema->fields[i].schema));
        return std::pair{b.build(), std::move(l)};
    });
    const Layout& l = entry.extra;
    for (size_t i = 0; i < fields_.size(); ++i) {
        int at = l.source[i];
        if (at < 0) throw kc::DataException(fields_[i] + " is not a valid field name");
        headers[nh++] = kc_header{kc::str_ref(headers_[i]), schema->fields[at].schema,
                                  struct_field(value, at, replace_null_with_default_)};
    }
    if (move_) {
        const kc_schema* updated = entry.schema.raw();
        kc_value* fields = kc::alloc_values(arena, l.kept.size());
        for (size_t i = 0; i < l.kept.size(); ++i)
            fields[i] = struct_field(value, l.kept[i], replace_null_with_default_);
        kc_value v = make_struct_value(updated, fields);
        if (side_ == Side::Key) {
            out->key_schema = updated;
            out->key = v;
        } else {
            out->value_schema = updated;
            out->value = v;
        }
    }
    return out;
}

}  // namespace kc_transforms
