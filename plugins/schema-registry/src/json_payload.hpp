// Connect values <-> the JSON payload of JsonSchemaConverter, as Confluent's
// JsonSchemaData writes it: structs as objects, maps with string keys as
// objects and other maps as arrays of {key,value}, bytes as Base64.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <kc/data.hpp>
#include <string>

namespace kc_schema_registry {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// `scratch` holds Base64 text on its way out (reused, so it stops allocating).
void write_json_value(JsonWriter& w, kc::SchemaView s, kc::ValueView v, std::string& scratch);
// Throws kc::DataException naming the path of a value that does not fit s.
kc_value read_json_value(const rapidjson::Value& j, kc::SchemaView s, kc::Arena& a,
                         const std::string& path);

}  // namespace kc_schema_registry
