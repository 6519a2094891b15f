// JSON for KIP-875 offsets: {"offsets":[{"partition":{..},"offset":{..}}]}.
#include <string>
#include <type_traits>

#include "host/rest/herder_json.hpp"
#include "host/rest/rest_error.hpp"

namespace kc::host::rest {
namespace {

void write_offset_value(JsonWriter& w, const OffsetValue& v) {
    std::visit(
        [&w](const auto& x) {
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
                write_string(w, x);
        },
        v);
}

void write_offset_map(JsonWriter& w, const OffsetMap& m) {
    w.StartObject();
    for (const auto& [k, v] : m) {
        write_key(w, k);
        write_offset_value(w, v);
    }
    w.EndObject();
}

OffsetMap offset_map_from_json(const rapidjson::Value& v, const std::string& where) {
    if (!v.IsObject())
        throw bad_request(where + " must be a JSON object, not " + json_type_name(v));
    OffsetMap out;
    for (const auto& m : v.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        const auto& x = m.value;
        if (x.IsNull())
            out[key] = std::monostate{};
        else if (x.IsBool())
            out[key] = x.GetBool();
        else if (x.IsInt64())
            out[key] = x.GetInt64();
        else if (x.IsNumber())
            out[key] = x.GetDouble();
        else if (x.IsString())
            out[key] = std::string(x.GetString(), x.GetStringLength());
        else
            throw bad_request(where + ": value of '" + key +
                              "' must be a primitive (string, number, boolean or null), not " +
                              json_type_name(x));
    }
    return out;
}

}  // namespace

void write_offsets(JsonWriter& w, const std::vector<ConnectorOffset>& offsets) {
    w.StartObject();
    write_key(w, "offsets");
    w.StartArray();
    for (const auto& o : offsets) {
        w.StartObject();
        write_key(w, "partition");
        write_offset_map(w, o.partition);
        write_key(w, "offset");
        if (o.offset)
            write_offset_map(w, *o.offset);
        else
            w.Null();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

std::vector<ConnectorOffset> offsets_from_json(const rapidjson::Value& body) {
    const char* missing = "Partitions / offsets need to be provided for an alter offsets request";
    if (!body.IsObject())
        throw bad_request(std::string("Request body must be a JSON object, not ") +
                          json_type_name(body));
    auto it = body.FindMember("offsets");
    if (it == body.MemberEnd() || it->value.IsNull()) throw bad_request(missing);
    if (!it->value.IsArray())
        throw bad_request(std::string("'offsets' must be a JSON array, not ") +
                          json_type_name(it->value));
    if (it->value.Empty()) throw bad_request(missing);
    std::vector<ConnectorOffset> out;
    rapidjson::SizeType index = 0;
    for (const auto& entry : it->value.GetArray()) {
        std::string where = "offsets[" + std::to_string(index++) + "]";
        if (!entry.IsObject()) throw bad_request(where + " must be a JSON object");
        auto p = entry.FindMember("partition");
        if (p == entry.MemberEnd() || p->value.IsNull())
            throw bad_request(where + ": 'partition' is required");
        ConnectorOffset o;
        o.partition = offset_map_from_json(p->value, where + ".partition");
        auto off = entry.FindMember("offset");
        if (off != entry.MemberEnd() && !off->value.IsNull())
            o.offset = offset_map_from_json(off->value, where + ".offset");
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace kc::host::rest
