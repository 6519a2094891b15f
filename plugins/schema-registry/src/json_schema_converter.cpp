#include "json_schema_converter.hpp"

#include "json_payload.hpp"

namespace kc_schema_registry {

kc::ConfigDef JsonSchemaConverterImpl::configDef() {
    kc::ConfigDef d = common_config_def();
    d.define("object.additional.properties", kc::ConfigType::Boolean, true, kc::Importance::Medium,
             "Whether to allow additional properties for object schemas.");
    return d;
}

void JsonSchemaConverterImpl::configure(const kc::ConfigMap& configs, bool is_key) {
    const kc::Config c = configure_common(configDef(), configs, is_key);
    data_.object_additional_properties = c.getBoolean("object.additional.properties");
}

kc::Bytes JsonSchemaConverterImpl::from_connect(std::string_view topic, kc::SchemaView schema,
                                                kc::ValueView value, kc::Arena& arena,
                                                HeaderSink* headers) {
    if (value.is_null()) return std::nullopt;
    require_schema("JsonSchemaConverter", topic, schema);
    const auto& entry = writers_.get_or_build(schema.raw(), arena, [&] {
        Writer w{to_json_schema(schema, data_), std::string(schema.name()), {}};
        return std::make_pair(kc::Schema{}, std::move(w));
    });
    const Writer& w = entry.extra;
    const WrittenId& id = id_for(w.ids, topic, w.title, w.text, "JSON");
    json_.Clear();
    json_writer_.Reset(json_);
    try {
        write_json_value(json_writer_, schema, value, scratch_);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to serialize JSON data for topic " + std::string(topic) +
                                ": " + e.what());
    }
    start_frame(topic, id, headers);
    out_.append(json_.GetString(), json_.GetSize());
    finish_frame(headers);
    return out_.view();
}

const kc::Schema& JsonSchemaConverterImpl::reader(SchemaKey id) {
    if (auto it = readers_.find(id); it != readers_.end()) return it->second;
    const RegisteredSchema& s = fetch(id, "JSON", "JSON Schema");
    rapidjson::Document d;
    d.Parse<rapidjson::kParseIterativeFlag>(s.schema.c_str(), s.schema.size());
    if (d.HasParseError())
        throw kc::DataException("The JSON Schema of " + schema_label(id) + " is not valid JSON");
    return readers_.emplace(id, json_schema_to_connect(d)).first->second;
}

kc::SchemaAndValue JsonSchemaConverterImpl::to_connect(std::string_view topic, kc::Bytes data,
                                                       kc::Arena& arena,
                                                       std::span<const kc_header> headers) {
    if (!data) return {};
    SchemaKey id = 0;
    const SchemaIdFrame frame = read_id(topic, headers, *data, id);
    const std::string_view payload = frame.in_header ? frame.data : frame.rest;
    const kc::Schema& schema = reader(id);
    // Iterative: a record nested a million levels deep is a bad record, not a
    // stack overflow; the value is then read by the schema's depth.
    rapidjson::Document d;
    d.Parse<rapidjson::kParseIterativeFlag>(payload.data(), payload.size());
    if (d.HasParseError())
        throw kc::DataException("Failed to deserialize JSON data for topic " + std::string(topic) +
                                " with " + schema_label(id) + ": not valid JSON at offset " +
                                std::to_string(d.GetErrorOffset()));
    try {
        return {schema.raw(), read_json_value(d, schema, arena, "")};
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to deserialize JSON data for topic " + std::string(topic) +
                                " with " + schema_label(id) + ": " + e.what());
    }
}

}  // namespace kc_schema_registry
