#include "field_path.hpp"

#include "common.hpp"

namespace kc_transforms {

kc::ConfigDef& append_field_syntax_version(kc::ConfigDef& def) {
    return def.define(
        kFieldSyntaxVersionConfig, kc::ConfigType::String, "V1",
        kc::CaseInsensitiveValidString::in({"V1", "V2"}), kc::Importance::High,
        "Defines the version of the syntax to access fields. If set to `V1`, then the field paths "
        "are limited to access the elements at the root level of the struct or map. If set to "
        "`V2`, the syntax will support accessing nested elements. To access nested elements, "
        "dotted notation is used. If dots are already included in the field name, then backtick "
        "pairs can be used to wrap field names containing dots. E.g. to access the subfield "
        "`baz` from a field named \"foo.bar\" in a struct/map the following format can be used "
        "to access its elements: \"`foo.bar`.baz\".");
}

FieldSyntaxVersion field_syntax_version(const kc::Config& config) {
    const std::string& v = config.getString(kFieldSyntaxVersionConfig);
    if (kc::iequals(v, "V1")) return FieldSyntaxVersion::V1;
    if (kc::iequals(v, "V2")) return FieldSyntaxVersion::V2;
    throw kc::ConfigException(kFieldSyntaxVersionConfig, v, "Unrecognized field syntax version");
}

namespace {

[[noreturn]] void incomplete_backticks(std::string_view path, size_t at) {
    throw kc::ConfigException("Incomplete backtick pair in path: [" + std::string(path) +
                              "], consider adding a backslash before backtick at position " +
                              std::to_string(at) + " to escape it");
}

std::vector<std::string> parse_v2(std::string_view path) {
    std::vector<std::string> steps;
    size_t idx = 0;
    while (idx < path.size()) {
        if (path[idx] != '`') {
            size_t dot = path.find('.', idx);
            if (dot == std::string_view::npos) {
                steps.emplace_back(path.substr(idx));
                break;
            }
            steps.emplace_back(path.substr(idx, dot - idx));
            idx = dot + 1;
            continue;
        }
        size_t backtick_at = idx;
        std::string field;
        size_t start = ++idx;
        while (true) {
            size_t close = path.find('`', idx);
            if (close == std::string_view::npos) incomplete_backticks(path, backtick_at);
            bool escaped = path[close - 1] == '\\';
            if (close >= path.size() - 1) {  // the path ends with this backtick
                if (escaped) incomplete_backticks(path, backtick_at);
                field.append(path.substr(start, close - start));
                steps.push_back(std::move(field));
                idx = close + 1;
                break;
            }
            if (path[close + 1] != '.') {  // part of the name; keep looking
                idx = close + 1;
                continue;
            }
            if (escaped) {  // \` before a dot: a literal backtick in the name
                field.append(path.substr(start, close - 1 - start)).push_back('`');
                idx = close + 1;
                start = idx;
                continue;
            }
            field.append(path.substr(start, close - start));
            steps.push_back(std::move(field));
            idx = close + 2;
            break;
        }
    }
    if (!path.empty() && path.back() == '.') steps.emplace_back();
    return steps;
}

}  // namespace

SingleFieldPath::SingleFieldPath(std::string_view path, FieldSyntaxVersion version) {
    if (version == FieldSyntaxVersion::V1)
        steps_.emplace_back(path);
    else
        steps_ = parse_v2(path);
    if (steps_.empty()) steps_.emplace_back();  // "" names the field "" (as Java's V1)
}

const kc_field* SingleFieldPath::field_from(const kc_schema* schema) const noexcept {
    const kc_schema* current = schema;
    for (size_t i = 0; i < steps_.size(); ++i) {
        if (!current || current->type != KC_TYPE_STRUCT) return nullptr;
        int at = field_index(current, steps_[i]);
        if (at < 0) return nullptr;
        if (i + 1 == steps_.size()) return &current->fields[at];
        current = current->fields[at].schema;
    }
    return nullptr;
}

const kc_value* SingleFieldPath::value_from_struct(const kc_value& st, bool with_default) const {
    const kc_value* current = &st;
    for (size_t i = 0; i + 1 < steps_.size(); ++i) {
        int at = field_index(current->u.strct.schema, steps_[i]);
        if (at < 0) return nullptr;
        const kc_value& sub = struct_field(*current, at, true);
        if (is_null(sub)) return nullptr;
        require_struct(sub, "nested field access");
        current = &sub;
    }
    int at = field_index(current->u.strct.schema, steps_.back());
    if (at < 0) return nullptr;
    return &struct_field(*current, at, with_default);
}

const kc_value* SingleFieldPath::value_from_map(const kc_value& map) const {
    const kc_value* current = &map;
    for (size_t i = 0; i + 1 < steps_.size(); ++i) {
        const kc_value* sub = map_get(*current, steps_[i]);
        if (!sub || is_null(*sub)) return nullptr;
        require_map(*sub, "nested field access");
        current = sub;
    }
    return map_get(*current, steps_.back());
}

}  // namespace kc_transforms
