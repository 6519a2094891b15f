// JSON for KIP-875 offsets: {"offsets":[{"partition":{..},"offset":{..}}]}.
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/rest/herder_json.hpp"
#include "host/rest/rest_error.hpp"

namespace kc::host::rest {
namespace {

// Partition and offset maps are JSON in storage's codec (the offsets topic's
// format); the REST layer only places them in its documents.
void write_offset_map(JsonWriter& w, const storage::OffsetMap& m) {
    const std::string text = storage::offset_map_to_json(m);
    w.RawValue(text.data(), text.size(), rapidjson::kObjectType);
}

storage::OffsetMap offset_map_from_json(const rapidjson::Value& v, const std::string& where) {
    if (!v.IsObject())
        throw bad_request(where + " must be a JSON object, not " + json_type_name(v));
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> w(text);
    v.Accept(w);
    try {
        return storage::offset_map_from_json(std::string_view(text.GetString(), text.GetSize()));
    } catch (const std::invalid_argument& e) {
        throw bad_request(where + ": " + e.what() +
                          " (values must be strings, numbers, booleans or null)");
    }
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
