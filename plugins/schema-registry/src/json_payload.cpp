#include "json_payload.hpp"

#include <kc/values.hpp>

namespace kc_schema_registry {

void write_json_value(JsonWriter& w, kc::SchemaView s, kc::ValueView v, std::string& scratch) {
    using kc::Type;
    if (v.is_null()) {
        w.Null();
        return;
    }
    switch (s.type()) {
        case Type::Int8:
        case Type::Int16:
        case Type::Int32:
        case Type::Int64:
            w.Int64(v.as_int());
            return;
        case Type::Float32:
        case Type::Float64:
            w.Double(v.as_double());
            return;
        case Type::Boolean:
            w.Bool(v.as_bool());
            return;
        case Type::String:
            w.String(v.as_string().data(), static_cast<rapidjson::SizeType>(v.as_string().size()));
            return;
        case Type::Bytes:
            scratch.clear();
            kc::values::append_base64(scratch, v.as_string());
            w.String(scratch.data(), static_cast<rapidjson::SizeType>(scratch.size()));
            return;
        case Type::Array:
            w.StartArray();
            for (const kc_value& item : v.as_array())
                write_json_value(w, s.value_schema(), &item, scratch);
            w.EndArray();
            return;
        case Type::Map:
            if (s.key_schema().type() == Type::String && !s.key_schema().optional()) {
                w.StartObject();
                for (const kc_map_entry& e : v.as_map()) {
                    const std::string_view k = kc::sv(e.key.u.str);
                    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
                    write_json_value(w, s.value_schema(), &e.value, scratch);
                }
                w.EndObject();
            } else {
                w.StartArray();
                for (const kc_map_entry& e : v.as_map()) {
                    w.StartObject();
                    w.Key("key");
                    write_json_value(w, s.key_schema(), &e.key, scratch);
                    w.Key("value");
                    write_json_value(w, s.value_schema(), &e.value, scratch);
                    w.EndObject();
                }
                w.EndArray();
            }
            return;
        case Type::Struct: {
            w.StartObject();
            kc::StructView st = v.as_struct();
            for (size_t i = 0; i < s.field_count(); ++i) {
                const kc::FieldView f = s.field(i);
                if (st.get(i).is_null() && !f.schema_view().optional())
                    throw kc::DataException("field '" + std::string(f.name) + "' is required");
                w.Key(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
                write_json_value(w, f.schema, st.get(i), scratch);
            }
            w.EndObject();
            return;
        }
    }
}

namespace {
[[noreturn]] void wrong(kc::SchemaView s, std::string_view path) {
    throw kc::DataException("JSON value at '" + std::string(path) + "' is not a " +
                            std::string(kc::type_name(s.type())));
}

}  // namespace

kc_value read_json_value(const rapidjson::Value& j, kc::SchemaView s, kc::Arena& a,
                         const std::string& path) {
    using kc::Type;
    if (j.IsNull()) {
        if (!s.optional() && !s.default_value())
            throw kc::DataException("JSON value at '" + path + "' is null for a required " +
                                    std::string(kc::type_name(s.type())));
        return s.default_value() && !s.optional() ? *s.default_value() : kc::make_null();
    }
    switch (s.type()) {
        case Type::Int8:
        case Type::Int16:
        case Type::Int32:
        case Type::Int64:
            if (!j.IsInt64()) wrong(s, path);
            return kc::make_int(kc::tag_for(s.type()), j.GetInt64());
        case Type::Float32:
        case Type::Float64:
            if (!j.IsNumber()) wrong(s, path);
            return kc::make_float(kc::tag_for(s.type()), j.GetDouble());
        case Type::Boolean:
            if (!j.IsBool()) wrong(s, path);
            return kc::make_bool(j.GetBool());
        case Type::String:
            if (!j.IsString()) wrong(s, path);
            return kc::make_string(a, {j.GetString(), j.GetStringLength()});
        case Type::Bytes: {
            if (!j.IsString()) wrong(s, path);
            char* out = a.alloc<char>(j.GetStringLength() / 4 * 3 + 1);
            auto n = kc::values::base64_decode({j.GetString(), j.GetStringLength()}, out);
            if (!n) throw kc::DataException("JSON value at '" + path + "' is not Base64");
            return kc::make_bytes_ref({out, *n});
        }
        case Type::Array: {
            if (!j.IsArray()) wrong(s, path);
            kc_value* items = kc::alloc_values(a, j.Size());
            for (rapidjson::SizeType i = 0; i < j.Size(); ++i)
                items[i] = read_json_value(j[i], s.value_schema(), a,
                                           path + "[" + std::to_string(i) + "]");
            kc_value r{};
            r.tag = KC_VAL_ARRAY;
            r.u.array.items = items;
            r.u.array.count = j.Size();
            return r;
        }
        case Type::Map: {
            kc_value r{};
            r.tag = KC_VAL_MAP;
            if (j.IsObject()) {
                auto* entries = static_cast<kc_map_entry*>(
                    a.allocate(sizeof(kc_map_entry) * j.MemberCount(), alignof(kc_map_entry)));
                size_t i = 0;
                for (auto m = j.MemberBegin(); m != j.MemberEnd(); ++m, ++i) {
                    entries[i].key =
                        kc::make_string(a, {m->name.GetString(), m->name.GetStringLength()});
                    entries[i].value = read_json_value(m->value, s.value_schema(), a,
                                                       path + "." + m->name.GetString());
                }
                r.u.map.entries = entries;
                r.u.map.count = i;
                return r;
            }
            if (!j.IsArray()) wrong(s, path);
            auto* entries = static_cast<kc_map_entry*>(
                a.allocate(sizeof(kc_map_entry) * j.Size(), alignof(kc_map_entry)));
            for (rapidjson::SizeType i = 0; i < j.Size(); ++i) {
                if (!j[i].IsObject() || !j[i].HasMember("key") || !j[i].HasMember("value"))
                    wrong(s, path);
                entries[i].key = read_json_value(j[i]["key"], s.key_schema(), a, path + ".key");
                entries[i].value =
                    read_json_value(j[i]["value"], s.value_schema(), a, path + ".value");
            }
            r.u.map.entries = entries;
            r.u.map.count = j.Size();
            return r;
        }
        case Type::Struct: {
            if (!j.IsObject()) wrong(s, path);
            kc_value* fields = kc::alloc_values(a, s.field_count());
            static const rapidjson::Value null_value;
            for (size_t i = 0; i < s.field_count(); ++i) {
                const kc::FieldView f = s.field(i);
                // A Value, not a bare StringRef: that would be taken as a
                // NUL-terminated string, and field names are not.
                const rapidjson::Value name(rapidjson::StringRef(
                    f.name.data(), static_cast<rapidjson::SizeType>(f.name.size())));
                auto m = j.FindMember(name);
                fields[i] = read_json_value(
                    m == j.MemberEnd() ? null_value : m->value, f.schema, a,
                    path.empty() ? std::string(f.name) : path + "." + std::string(f.name));
            }
            kc_value r{};
            r.tag = KC_VAL_STRUCT;
            r.u.strct.schema = s.raw();
            r.u.strct.fields = fields;
            return r;
        }
    }
    wrong(s, path);
}

}  // namespace kc_schema_registry
