// RapidJSON helpers: parsing request bodies with clear errors, and a writer for responses.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>
#include <string_view>

#include "host/herder/herder.hpp"

namespace kc::host::rest {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void write_string(JsonWriter& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
inline void write_key(JsonWriter& w, std::string_view s) {
    w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
inline void write_optional(JsonWriter& w, const std::optional<std::string>& s) {
    if (s)
        write_string(w, *s);
    else
        w.Null();
}

// Parses a request body; throws HerderError 400 naming the offset and the problem when the
// body is empty or not JSON. numbers_as_strings keeps numbers' original text (used for config
// maps, where Java coerces scalars to strings).
rapidjson::Document parse_body(const std::string& body, bool numbers_as_strings = false);

// A JSON object of config values -> ConfigMap, in the body's order. Strings are taken as is;
// numbers and booleans become their text (as Java's Jackson does for Map<String,String>). Anything
// else is a 400 naming the key. `what` says where in the body the object sits, for messages.
config::ConfigMap config_from_json(const rapidjson::Value& object, const std::string& what);

// Same, but JSON null is kept as "delete this key" (PATCH).
ConfigPatch config_patch_from_json(const rapidjson::Value& object);

// Textual name of a JSON type, for messages.
const char* json_type_name(const rapidjson::Value& v);

}  // namespace kc::host::rest
