// Connect schemas <-> JSON Schema the way Confluent's JsonSchemaData maps
// them (draft-07): numbers carry their Connect type in "connect.type",
// names are "title", docs "description", optional schemas are
// {"oneOf":[{"type":"null"},T]}, struct fields keep their order in
// "connect.index", maps with string keys are objects with
// "additionalProperties", other maps arrays of {key,value} objects.
#pragma once

#include <rapidjson/document.h>

#include <kc/data.hpp>
#include <string>

namespace kc_schema_registry {

struct JsonSchemaSettings {
    bool object_additional_properties = true;  // object.additional.properties
};

// The JSON Schema text registered for a Connect schema.
std::string to_json_schema(kc::SchemaView connect, const JsonSchemaSettings& settings);
// The Connect schema of a JSON Schema document; throws kc::DataException
// naming what it cannot map.
kc::Schema json_schema_to_connect(const rapidjson::Value& schema);

}  // namespace kc_schema_registry
