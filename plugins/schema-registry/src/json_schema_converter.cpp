#include "json_schema_converter.hpp"

#include "json_payload.hpp"

namespace kc_schema_registry {

kc::ConfigDef JsonSchemaConverterImpl::configDef() {
    kc::ConfigDef d;
    define_serde_keys(d);
    d.define("object.additional.properties", kc::ConfigType::Boolean, true, kc::Importance::Medium,
             "Whether to allow additional properties for object schemas.");
    d.define("schemas.cache.config", kc::ConfigType::Int, 1000, kc::Importance::Low,
             "Size of the converted schemas cache");
    return d;
}

void JsonSchemaConverterImpl::configure(const kc::ConfigMap& configs, bool is_key) {
    kc::Config c(configDef(), configs);
    serde_ = parse_serde_config(c);
    data_.object_additional_properties = c.getBoolean("object.additional.properties");
    is_key_ = is_key;
    client_ = std::make_unique<RegistryClient>(serde_.registry);
}

int32_t JsonSchemaConverterImpl::id_for(const Writer& w, std::string_view topic) {
    for (const auto& [t, id] : w.ids)
        if (t == topic) return id;
    const std::string subject = subject_name(is_key_ ? serde_.key_strategy : serde_.value_strategy,
                                             topic, is_key_, w.title);
    int32_t id;
    if (serde_.use_latest_version)
        id = client_->latest(subject).id;
    else if (serde_.auto_register)
        id = client_->register_schema(subject, w.text, "JSON");
    else
        id = client_->lookup(subject, w.text, "JSON");
    w.ids.emplace_back(std::string(topic), id);
    return id;
}

kc::Bytes JsonSchemaConverterImpl::from_connect(std::string_view topic, kc::SchemaView schema,
                                                kc::ValueView value, kc::Arena& arena) {
    if (value.is_null()) return std::nullopt;
    if (!schema)
        throw kc::DataException("JsonSchemaConverter needs a schema to write topic " +
                                std::string(topic) + " (the record has a schemaless value)");
    const auto& entry = writers_.get_or_build(schema.raw(), arena, [&] {
        Writer w{to_json_schema(schema, data_), std::string(schema.name()), {}};
        return std::make_pair(kc::Schema{}, std::move(w));
    });
    const int32_t id = id_for(entry.extra, topic);
    json_.Clear();
    json_writer_.Reset(json_);
    try {
        write_json_value(json_writer_, schema, value, scratch_);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to serialize JSON data for topic " + std::string(topic) +
                                ": " + e.what());
    }
    out_.clear();
    write_wire_header(out_.grow(kWireHeaderSize), id);
    out_.append(json_.GetString(), json_.GetSize());
    return out_.view();
}

const kc::Schema& JsonSchemaConverterImpl::reader(int32_t id) {
    if (auto it = readers_.find(id); it != readers_.end()) return it->second;
    const RegisteredSchema& s = client_->by_id(id);
    if (s.schema_type != "JSON")
        throw kc::DataException("Schema id " + std::to_string(id) + " is a " + s.schema_type +
                                " schema, not JSON Schema");
    rapidjson::Document d;
    d.Parse(s.schema.c_str(), s.schema.size());
    if (d.HasParseError())
        throw kc::DataException("Schema id " + std::to_string(id) + " is not valid JSON");
    return readers_.emplace(id, json_schema_to_connect(d)).first->second;
}

kc::SchemaAndValue JsonSchemaConverterImpl::to_connect(std::string_view topic, kc::Bytes data,
                                                       kc::Arena& arena) {
    if (!data) return {};
    const int32_t id = read_wire_header(topic, *data);
    const kc::Schema& schema = reader(id);
    rapidjson::Document d;
    d.Parse(data->data() + kWireHeaderSize, data->size() - kWireHeaderSize);
    if (d.HasParseError())
        throw kc::DataException("Failed to deserialize JSON data for topic " + std::string(topic) +
                                " with schema id " + std::to_string(id) +
                                ": not valid JSON at offset " + std::to_string(d.GetErrorOffset()));
    try {
        return {schema.raw(), read_json_value(d, schema, arena, "")};
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to deserialize JSON data for topic " + std::string(topic) +
                                " with schema id " + std::to_string(id) + ": " + e.what());
    }
}

}  // namespace kc_schema_registry
