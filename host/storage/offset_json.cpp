#include "host/storage/offset_json.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "host/core/bounded_json.hpp"
#include "host/storage/internal_json.hpp"
#include "kc/values.hpp"

namespace kc::host::storage {
namespace {

void append_primitive(std::string& out, const OffsetPrimitive& p) {
    std::visit(
        [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                out.append("null");
            } else if constexpr (std::is_same_v<T, bool>) {
                out.append(v ? "true" : "false");
            } else if constexpr (std::is_same_v<T, int64_t>) {
                out.append(std::to_string(v));
            } else if constexpr (std::is_same_v<T, double>) {
                internal_json::append_double(out, v);
            } else {
                internal_json::append_string(out, v);
            }
        },
        p);
}

// The map in the order given, as Jackson writes a Java map it iterates.
void append_map(std::string& out, const OffsetMap& map) {
    out.push_back('{');
    bool first = true;
    for (const auto& [k, v] : map) {
        if (!first) out.push_back(',');
        first = false;
        internal_json::append_name(out, k);
        append_primitive(out, v);
    }
    out.push_back('}');
}

std::string key_json(std::string_view connector, const OffsetMap& partition) {
    std::string out = "[";
    internal_json::append_string(out, connector);
    out.push_back(',');
    append_map(out, partition);
    out.push_back(']');
    return out;
}

OffsetMap map_from_json(const rapidjson::Value& obj) {
    if (!obj.IsObject()) throw std::invalid_argument("expected a JSON object");
    OffsetMap out;
    for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
        std::string key(it->name.GetString(), it->name.GetStringLength());
        const rapidjson::Value& v = it->value;
        OffsetPrimitive p;
        if (v.IsNull()) {
            p = nullptr;
        } else if (v.IsBool()) {
            p = v.GetBool();
        } else if (v.IsInt64()) {
            p = v.GetInt64();
        } else if (v.IsNumber()) {
            p = v.GetDouble();
        } else if (v.IsString()) {
            p = std::string(v.GetString(), v.GetStringLength());
        } else {
            throw std::invalid_argument("value of '" + key + "' is not a primitive");
        }
        out.emplace_back(std::move(key), std::move(p));
    }
    return out;
}

template <typename T>
T* alloc_array(const ArenaAlloc& alloc, std::size_t n) {
    if (n == 0) return nullptr;
    return static_cast<T*>(alloc(sizeof(T) * n, alignof(T)));
}

bool copy_str(const ArenaAlloc& alloc, std::string_view s, kc_str& out) {
    char* p = alloc_array<char>(alloc, s.size());
    if (!s.empty() && !p) return false;
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    out = {p, s.size()};
    return true;
}

}  // namespace

OffsetMap offset_map_from_value(const kc_value& value) {
    if (value.tag != KC_VAL_MAP) {
        throw std::invalid_argument("source partitions and offsets must be maps");
    }
    OffsetMap out;
    for (std::size_t i = 0; i < value.u.map.count; ++i) {
        const kc_map_entry& e = value.u.map.entries[i];
        if (e.key.tag != KC_VAL_STRING) {
            throw std::invalid_argument("source partition/offset map keys must be strings");
        }
        std::string key(e.key.u.str.ptr ? e.key.u.str.ptr : "", e.key.u.str.len);
        OffsetPrimitive p;
        switch (e.value.tag) {
            case KC_VAL_NULL:
                p = nullptr;
                break;
            case KC_VAL_BOOLEAN:
                p = e.value.u.b;
                break;
            case KC_VAL_INT8:
            case KC_VAL_INT16:
            case KC_VAL_INT32:
            case KC_VAL_INT64:
                p = e.value.u.i;
                break;
            case KC_VAL_FLOAT32:
            case KC_VAL_FLOAT64:
                p = e.value.u.f;
                break;
            case KC_VAL_STRING:
                p = std::string(e.value.u.str.ptr ? e.value.u.str.ptr : "", e.value.u.str.len);
                break;
            case KC_VAL_BYTES:
                p = std::string();
                values::append_base64(std::get<std::string>(p),
                                      std::string_view(e.value.u.str.ptr ? e.value.u.str.ptr : "",
                                                       e.value.u.str.len));
                break;
            default:
                throw std::invalid_argument("value of '" + key +
                                            "' in a source partition/offset is not a primitive");
        }
        out.emplace_back(std::move(key), std::move(p));
    }
    return out;
}

bool offset_map_to_value(const OffsetMap& map, const ArenaAlloc& alloc, kc_value& out) {
    auto* entries = alloc_array<kc_map_entry>(alloc, map.size());
    if (!map.empty() && !entries) return false;
    for (std::size_t i = 0; i < map.size(); ++i) {
        kc_map_entry& e = entries[i];
        e = kc_map_entry{};
        e.key.tag = KC_VAL_STRING;
        if (!copy_str(alloc, map[i].first, e.key.u.str)) return false;
        bool ok = true;
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    e.value.tag = KC_VAL_NULL;
                } else if constexpr (std::is_same_v<T, bool>) {
                    e.value.tag = KC_VAL_BOOLEAN;
                    e.value.u.b = v;
                } else if constexpr (std::is_same_v<T, int64_t>) {
                    e.value.tag = KC_VAL_INT64;
                    e.value.u.i = v;
                } else if constexpr (std::is_same_v<T, double>) {
                    e.value.tag = KC_VAL_FLOAT64;
                    e.value.u.f = v;
                } else {
                    e.value.tag = KC_VAL_STRING;
                    ok = copy_str(alloc, v, e.value.u.str);
                }
            },
            map[i].second);
        if (!ok) return false;
    }
    out = kc_value{};
    out.tag = KC_VAL_MAP;
    out.u.map.entries = entries;
    out.u.map.count = map.size();
    return true;
}

std::string offset_map_to_json(const OffsetMap& map) {
    std::string out;
    append_map(out, map);
    return out;
}

OffsetMap offset_map_from_json(std::string_view json) {
    rapidjson::Document doc;
    if (auto error = parse_bounded_json(doc, json))
        throw std::invalid_argument("malformed JSON offset: " + *error);
    return map_from_json(doc);
}

std::string offset_key(std::string_view connector, const OffsetMap& partition) {
    return key_json(connector, partition);
}

std::string offset_key(std::string_view connector, const kc_value& partition) {
    return offset_key(connector, offset_map_from_value(partition));
}

std::optional<std::pair<std::string, OffsetMap>> parse_offset_key(std::string_view key) {
    rapidjson::Document doc;
    if (parse_bounded_json(doc, key) || !doc.IsArray() || doc.Size() != 2 || !doc[0].IsString() ||
        !doc[1].IsObject()) {
        return std::nullopt;
    }
    try {
        return std::make_pair(std::string(doc[0].GetString(), doc[0].GetStringLength()),
                              map_from_json(doc[1]));
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

std::optional<std::string> canonical_offset_key(std::string_view key) {
    auto parsed = parse_offset_key(key);
    if (!parsed) return std::nullopt;
    OffsetMap& map = parsed->second;
    std::stable_sort(map.begin(), map.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // A repeated name: the last one counts, as when Java reads it into a map.
    OffsetMap unique;
    for (auto& entry : map) {
        if (!unique.empty() && unique.back().first == entry.first) {
            unique.back() = std::move(entry);
        } else {
            unique.push_back(std::move(entry));
        }
    }
    return key_json(parsed->first, unique);
}

}  // namespace kc::host::storage
