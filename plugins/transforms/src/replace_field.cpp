#include "replace_field.hpp"

#include <algorithm>

#include "validators.hpp"

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "field replacement";

std::vector<std::pair<std::string, std::string>> parse_renames(
    const std::vector<std::string>& mappings) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& m : mappings) {
        auto parts = java_split(m, ':');
        if (parts.size() != 2)
            throw kc::ConfigException("renames", java_list_string(mappings),
                                      "Invalid rename mapping: " + m);
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& r) { return r.first == parts[0]; });
        if (it != out.end())
            it->second = parts[1];
        else
            out.emplace_back(parts[0], parts[1]);
    }
    return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) noexcept {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

kc::ConfigDef ReplaceFieldImpl::configDef() {
    kc::ConfigDef def;
    def.define("exclude", kc::ConfigType::List, "", kc::Importance::Medium,
               "Fields to exclude. This takes precedence over the fields to include.");
    def.define("include", kc::ConfigType::List, "", kc::Importance::Medium,
               "Fields to include. If specified, only these fields will be used.");
    def.define("renames", kc::ConfigType::List, "",
               kc::LambdaValidator::with(
                   [](const std::string&, const kc::ParsedValue& v) {
                       if (const auto* list = std::get_if<std::vector<std::string>>(&v))
                           parse_renames(*list);
                   },
                   "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"),
               kc::Importance::Medium, "Field rename mappings.");
    return define_replace_null_with_default(def);
}

void ReplaceFieldImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    exclude_ = config.getList("exclude");
    include_ = config.getList("include");
    renames_ = parse_renames(config.getList("renames"));
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
}

bool ReplaceFieldImpl::keep(std::string_view name) const noexcept {
    return !contains(exclude_, name) && (include_.empty() || contains(include_, name));
}

std::string_view ReplaceFieldImpl::renamed(std::string_view name) const noexcept {
    for (const auto& [from, to] : renames_)
        if (from == name) return to;
    return name;
}

const kc_record* ReplaceFieldImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_value& value = operating_value(in, side_);
    if (is_null(value)) return &in;
    const kc_schema* schema = operating_schema(in, side_);
    if (!schema) {
        require_map(value, kPurpose);
        MapBuilder map(arena, value.u.map.count);
        for (size_t i = 0; i < value.u.map.count; ++i) {
            const kc_map_entry& e = value.u.map.entries[i];
            if (e.key.tag != KC_VAL_STRING)
                throw kc::DataException("ReplaceField requires string map keys, found: " +
                                        std::string(java_class_name(e.key)));
            std::string_view name = kc::sv(e.key.u.str);
            if (keep(name)) map.put(renamed(name), e.value);
        }
        map.order_as_java_hash_map(kc::java_hash_map_sized_table(value.u.map.count));
        return with_operand(arena, in, side_, nullptr, map.build());
    }
    require_struct(value, kPurpose);
    const kc_schema* vs = value.u.strct.schema;
    auto& entry = cache_.get_or_build(vs, arena, [&] {
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        copy_basics(vs, b);
        Sources src;
        for (size_t i = 0; i < vs->field_count; ++i) {
            std::string_view name = kc::sv(vs->fields[i].name);
            if (!keep(name)) continue;
            b.field(renamed(name), own(vs->fields[i].schema));
            src.index.push_back(static_cast<int>(i));
        }
        return std::pair{b.build(), std::move(src)};
    });
    const kc_schema* updated = entry.schema.raw();
    kc_value* fields = kc::alloc_values(arena, entry.extra.index.size());
    for (size_t i = 0; i < entry.extra.index.size(); ++i)
        fields[i] = struct_field(value, entry.extra.index[i], replace_null_with_default_);
    return with_operand(arena, in, side_, updated, make_struct_value(updated, fields));
}

}  // namespace kc_transforms
