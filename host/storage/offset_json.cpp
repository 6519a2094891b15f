#include "host/storage/offset_json.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace kc::host::storage {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string base64(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) |
                           uint8_t(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out.push_back(kAlphabet[(n >> s) & 63]);
    }
    if (i < in.size()) {
        uint32_t n = uint32_t(uint8_t(in[i])) << 16;
        if (i + 1 < in.size()) n |= uint32_t(uint8_t(in[i + 1])) << 8;
        out.push_back(kAlphabet[(n >> 18) & 63]);
        out.push_back(kAlphabet[(n >> 12) & 63]);
        out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

void write_primitive(Writer& w, const OffsetPrimitive& p) {
    std::visit(
        [&w](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                w.Null();
            } else if constexpr (std::is_same_v<T, bool>) {
                w.Bool(v);
            } else if constexpr (std::is_same_v<T, int64_t>) {
                w.Int64(v);
            } else if constexpr (std::is_same_v<T, double>) {
                w.Double(v);
            } else {
                w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
            }
        },
        p);
}

void write_map(Writer& w, const OffsetMap& map) {
    w.StartObject();
    for (const auto& [k, v] : map) {
        w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        write_primitive(w, v);
    }
    w.EndObject();
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
                p = base64(std::string_view(e.value.u.str.ptr ? e.value.u.str.ptr : "",
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
    rapidjson::StringBuffer buf;
    Writer w(buf);
    write_map(w, map);
    return std::string(buf.GetString(), buf.GetSize());
}

OffsetMap offset_map_from_json(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) throw std::invalid_argument("malformed JSON offset");
    return map_from_json(doc);
}

std::string offset_key(std::string_view connector, const OffsetMap& partition) {
    OffsetMap sorted = partition;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    w.String(connector.data(), static_cast<rapidjson::SizeType>(connector.size()));
    write_map(w, sorted);
    w.EndArray();
    return std::string(buf.GetString(), buf.GetSize());
}

std::string offset_key(std::string_view connector, const kc_value& partition) {
    return offset_key(connector, offset_map_from_value(partition));
}

std::optional<std::pair<std::string, OffsetMap>> parse_offset_key(std::string_view key) {
    rapidjson::Document doc;
    doc.Parse(key.data(), key.size());
    if (doc.HasParseError() || !doc.IsArray() || doc.Size() != 2 || !doc[0].IsString() ||
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
    return offset_key(parsed->first, parsed->second);
}

}  // namespace kc::host::storage
