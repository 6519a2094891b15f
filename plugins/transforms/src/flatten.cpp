#include "flatten.hpp"

#include <cstring>

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "flattening";

size_t leaf_count(const kc_value& map) noexcept {
    size_t n = 0;
    for (size_t i = 0; i < map.u.map.count; ++i) {
        const kc_value& v = map.u.map.entries[i].value;
        n += v.tag == KC_VAL_MAP ? leaf_count(v) : 1;
    }
    return n;
}
}  // namespace

kc::ConfigDef FlattenImpl::configDef() {
    kc::ConfigDef def;
    def.define("delimiter", kc::ConfigType::String, ".", kc::Importance::Medium,
               "Delimiter to insert between field names from the input record when generating "
               "field names for the output record");
    return def;
}

void FlattenImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    delimiter_ = config.getString("delimiter");
}

std::string_view FlattenImpl::field_name(std::string_view prefix, std::string_view name,
                                         kc::Arena& arena) const {
    if (prefix.empty()) return name;
    size_t len = prefix.size() + delimiter_.size() + name.size();
    char* p = arena.alloc<char>(len);
    std::memcpy(p, prefix.data(), prefix.size());
    std::memcpy(p + prefix.size(), delimiter_.data(), delimiter_.size());
    std::memcpy(p + prefix.size() + delimiter_.size(), name.data(), name.size());
    return {p, len};
}

void FlattenImpl::flatten_map(const kc_value& map, std::string_view prefix, MapBuilder& out,
                              kc::Arena& arena) const {
    for (size_t i = 0; i < map.u.map.count; ++i) {
        const kc_map_entry& e = map.u.map.entries[i];
        if (e.key.tag != KC_VAL_STRING)
            throw kc::DataException("Flatten transformation requires string map keys, found: " +
                                    std::string(java_class_name(e.key)));
        std::string_view name = field_name(prefix, kc::sv(e.key.u.str), arena);
        switch (e.value.tag) {
            case KC_VAL_MAP:
                flatten_map(e.value, name, out, arena);
                break;
            case KC_VAL_STRUCT:
                throw kc::DataException(
                    "Flatten transformation does not support class "
                    "org.apache.kafka.connect.data.Struct for record without schemas (for field " +
                    std::string(name) + ").");
            default:
                out.put(name, e.value);
        }
    }
}

void FlattenImpl::build_schema(kc::SchemaView schema, const std::string& prefix,
                               kc::SchemaBuilder& out, bool optional,
                               const kc_value* parent_default, Paths& paths,
                               std::vector<uint32_t>& chain) const {
    for (size_t i = 0; i < schema.field_count(); ++i) {
        kc::FieldView f = schema.field(i);
        std::string name =
            prefix.empty() ? std::string(f.name) : prefix + delimiter_ + std::string(f.name);
        bool field_optional = optional || f.schema->optional;
        const kc_value* field_default = f.schema->default_value;
        if (!field_default && parent_default && parent_default->tag == KC_VAL_STRUCT)
            field_default = &struct_field(*parent_default, i, true);
        if (field_default && is_null(*field_default)) field_default = nullptr;
        chain.push_back(static_cast<uint32_t>(i));
        switch (static_cast<kc::Type>(f.schema->type)) {
            case kc::Type::Map:
                throw kc::DataException(
                    "Flatten transformation does not support MAP for record with schemas (for "
                    "field " +
                    name + ").");
            case kc::Type::Struct:
                build_schema(f.schema, name, out, field_optional, field_default, paths, chain);
                break;
            default: {
                // Java copies only the basics: optionality and default are recomputed.
                kc::SchemaBuilder b = kc::SchemaBuilder::copy_of(f.schema, false);
                b.optional(field_optional);
                b.default_value(field_default);
                out.field(name, b.build());
                paths.steps.insert(paths.steps.end(), chain.begin(), chain.end());
                paths.ends.push_back(static_cast<uint32_t>(paths.steps.size()));
            }
        }
        chain.pop_back();
    }
}

const kc_record* FlattenImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_value& value = operating_value(in, side_);
    if (is_null(value)) return &in;
    const kc_schema* schema = operating_schema(in, side_);
    if (!schema) {
        require_map(value, kPurpose);
        MapBuilder out(arena, leaf_count(value));
        flatten_map(value, {}, out, arena);
        return with_operand(arena, in, side_, nullptr, out.build());
    }
    require_struct(value, kPurpose);
    auto& entry = cache_.get_or_build(schema, arena, [&] {
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        copy_basics(schema, b);
        Paths paths;
        std::vector<uint32_t> chain;
        build_schema(schema, "", b, schema->optional, schema->default_value, paths, chain);
        return std::pair{b.build(), std::move(paths)};
    });
    const kc_schema* updated = entry.schema.raw();
    const Paths& paths = entry.extra;
    kc_value* fields = kc::alloc_values(arena, paths.ends.size());
    uint32_t begin = 0;
    for (size_t f = 0; f < paths.ends.size(); ++f) {
        const kc_value* current = &value;
        for (uint32_t s = begin; s < paths.ends[f] && current; ++s) {
            current = &struct_field(*current, paths.steps[s], true);
            // A null parent struct leaves its flattened children null.
            if (s + 1 < paths.ends[f] && is_null(*current)) current = nullptr;
        }
        fields[f] = current ? *current : kc_value{};
        begin = paths.ends[f];
    }
    return with_operand(arena, in, side_, updated, make_struct_value(updated, fields));
}

}  // namespace kc_transforms
