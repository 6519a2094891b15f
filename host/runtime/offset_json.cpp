#include "host/runtime/offset_json.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <stdexcept>

namespace kc::host::runtime {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_value(Writer& w, const kc_value& v) {
    switch (static_cast<kc_value_tag>(v.tag)) {
        case KC_VAL_NULL:
            w.Null();
            break;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            w.Int64(v.u.i);
            break;
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            w.Double(v.u.f);
            break;
        case KC_VAL_BOOLEAN:
            w.Bool(v.u.b);
            break;
        case KC_VAL_STRING:
        case KC_VAL_BYTES:
            w.String(v.u.str.ptr ? v.u.str.ptr : "", static_cast<rapidjson::SizeType>(v.u.str.len));
            break;
        case KC_VAL_ARRAY:
            w.StartArray();
            for (size_t i = 0; i < v.u.array.count; ++i)
                write_value(w, v.u.array.items[i]);
            w.EndArray();
            break;
        case KC_VAL_MAP:
            w.StartObject();
            for (size_t i = 0; i < v.u.map.count; ++i) {
                const kc_value& k = v.u.map.entries[i].key;
                if (k.tag == KC_VAL_STRING)
                    w.Key(k.u.str.ptr ? k.u.str.ptr : "",
                          static_cast<rapidjson::SizeType>(k.u.str.len));
                else
                    w.Key("");  // offsets allow only string keys
                write_value(w, v.u.map.entries[i].value);
            }
            w.EndObject();
            break;
        case KC_VAL_STRUCT: {
            w.StartObject();
            const kc_schema* s = v.u.strct.schema;
            for (size_t i = 0; s && i < s->field_count; ++i) {
                w.Key(s->fields[i].name.ptr ? s->fields[i].name.ptr : "",
                      static_cast<rapidjson::SizeType>(s->fields[i].name.len));
                write_value(w, v.u.strct.fields[i]);
            }
            w.EndObject();
            break;
        }
    }
}

kc_str copy_str(Arena& a, const char* p, size_t n) {
    if (n == 0) return kc_str{nullptr, 0};
    char* out = static_cast<char*>(a.allocate(n, 1));
    std::memcpy(out, p, n);
    return kc_str{out, n};
}

kc_value from_json(const rapidjson::Value& j, Arena& a) {
    kc_value v{};
    if (j.IsNull()) return v;
    if (j.IsBool()) {
        v.tag = KC_VAL_BOOLEAN;
        v.u.b = j.GetBool();
    } else if (j.IsInt64()) {
        v.tag = KC_VAL_INT64;
        v.u.i = j.GetInt64();
    } else if (j.IsNumber()) {
        v.tag = KC_VAL_FLOAT64;
        v.u.f = j.GetDouble();
    } else if (j.IsString()) {
        v.tag = KC_VAL_STRING;
        v.u.str = copy_str(a, j.GetString(), j.GetStringLength());
    } else if (j.IsArray()) {
        v.tag = KC_VAL_ARRAY;
        auto* items = static_cast<kc_value*>(
            a.allocate(sizeof(kc_value) * (j.Size() ? j.Size() : 1), alignof(kc_value)));
        for (rapidjson::SizeType i = 0; i < j.Size(); ++i)
            items[i] = from_json(j[i], a);
        v.u.array.items = items;
        v.u.array.count = j.Size();
    } else {
        v.tag = KC_VAL_MAP;
        size_t n = j.MemberCount();
        auto* entries = static_cast<kc_map_entry*>(
            a.allocate(sizeof(kc_map_entry) * (n ? n : 1), alignof(kc_map_entry)));
        size_t i = 0;
        for (auto m = j.MemberBegin(); m != j.MemberEnd(); ++m, ++i) {
            entries[i].key.tag = KC_VAL_STRING;
            entries[i].key.u.str = copy_str(a, m->name.GetString(), m->name.GetStringLength());
            entries[i].value = from_json(m->value, a);
        }
        v.u.map.entries = entries;
        v.u.map.count = n;
    }
    return v;
}

}  // namespace

std::string value_to_json(const kc_value& v) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    write_value(w, v);
    return std::string(buf.GetString(), buf.GetSize());
}

std::string offset_key_json(std::string_view connector, const kc_value& partition) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    w.String(connector.data(), static_cast<rapidjson::SizeType>(connector.size()));
    write_value(w, partition);
    w.EndArray();
    return std::string(buf.GetString(), buf.GetSize());
}

kc_value json_to_value(std::string_view json, Arena& arena) {
    rapidjson::Document d;
    d.Parse(json.data(), json.size());
    if (d.HasParseError()) throw std::invalid_argument("malformed JSON: " + std::string(json));
    return from_json(d, arena);
}

std::optional<std::string> partition_json_of_key(std::string_view key_json,
                                                 std::string_view connector) {
    rapidjson::Document d;
    d.Parse(key_json.data(), key_json.size());
    if (d.HasParseError() || !d.IsArray() || d.Size() != 2 || !d[0].IsString() ||
        std::string_view(d[0].GetString(), d[0].GetStringLength()) != connector ||
        !(d[1].IsObject() || d[1].IsNull()))
        return std::nullopt;
    rapidjson::StringBuffer buf;
    Writer w(buf);
    d[1].Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
}

std::string offset_map_to_json(const OffsetMap& map) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    for (const auto& [k, v] : map) {
        w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>)
                    w.Null();
                else if constexpr (std::is_same_v<T, bool>)
                    w.Bool(x);
                else if constexpr (std::is_same_v<T, std::int64_t>)
                    w.Int64(x);
                else if constexpr (std::is_same_v<T, double>)
                    w.Double(x);
                else
                    w.String(x.data(), static_cast<rapidjson::SizeType>(x.size()));
            },
            v);
    }
    w.EndObject();
    return std::string(buf.GetString(), buf.GetSize());
}

OffsetMap json_to_offset_map(std::string_view json) {
    rapidjson::Document d;
    d.Parse(json.data(), json.size());
    if (d.HasParseError() || !d.IsObject())
        throw std::invalid_argument("not a JSON object: " + std::string(json));
    OffsetMap out;
    for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m) {
        std::string k(m->name.GetString(), m->name.GetStringLength());
        const auto& v = m->value;
        if (v.IsNull())
            out[k] = std::monostate{};
        else if (v.IsBool())
            out[k] = v.GetBool();
        else if (v.IsInt64())
            out[k] = v.GetInt64();
        else if (v.IsNumber())
            out[k] = v.GetDouble();
        else if (v.IsString())
            out[k] = std::string(v.GetString(), v.GetStringLength());
        else
            throw std::invalid_argument("offset and partition values must be primitives: " + k);
    }
    return out;
}

}  // namespace kc::host::runtime
