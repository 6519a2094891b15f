#include "common.hpp"

#include <kc/error.hpp>

namespace kc_transforms {

std::string_view java_class_name(const kc_value& v) noexcept {
    switch (v.tag) {
        case KC_VAL_INT8:
            return "java.lang.Byte";
        case KC_VAL_INT16:
            return "java.lang.Short";
        case KC_VAL_INT32:
            return "java.lang.Integer";
        case KC_VAL_INT64:
            return "java.lang.Long";
        case KC_VAL_FLOAT32:
            return "java.lang.Float";
        case KC_VAL_FLOAT64:
            return "java.lang.Double";
        case KC_VAL_BOOLEAN:
            return "java.lang.Boolean";
        case KC_VAL_STRING:
            return "java.lang.String";
        case KC_VAL_BYTES:
            return "[B";
        case KC_VAL_ARRAY:
            return "java.util.ArrayList";
        case KC_VAL_MAP:
            return "java.util.HashMap";
        case KC_VAL_STRUCT:
            return "org.apache.kafka.connect.data.Struct";
        default:
            return "null";
    }
}

void require_map(const kc_value& v, std::string_view purpose) {
    if (v.tag != KC_VAL_MAP)
        throw kc::DataException("Only Map objects supported in absence of schema for [" +
                                std::string(purpose) +
                                "], found: " + std::string(java_class_name(v)));
}

void require_struct(const kc_value& v, std::string_view purpose) {
    if (v.tag != KC_VAL_STRUCT)
        throw kc::DataException("Only Struct objects supported for [" + std::string(purpose) +
                                "], found: " + std::string(java_class_name(v)));
}

void require_schema(const kc_schema* s, std::string_view purpose) {
    if (!s) throw kc::DataException("Schema required for [" + std::string(purpose) + "]");
}

std::vector<std::string> java_split(std::string_view s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        parts.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    // Java drops trailing empty strings, but "" alone splits into [""].
    while (parts.size() > 1 && parts.back().empty())
        parts.pop_back();
    return parts;
}

std::string java_list_string(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i];
    }
    return out + "]";
}

}  // namespace kc_transforms
