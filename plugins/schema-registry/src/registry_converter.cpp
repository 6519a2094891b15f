#include "registry_converter.hpp"

#include <kc/error.hpp>

namespace kc_schema_registry {

kc::ConfigDef RegistryConverterBase::common_config_def() {
    kc::ConfigDef d;
    define_serde_keys(d);
    d.define("schemas.cache.config", kc::ConfigType::Int, 1000, kc::Importance::Low,
             "Size of the converted schemas cache");
    return d;
}

kc::Config RegistryConverterBase::configure_common(const kc::ConfigDef& def,
                                                   const kc::ConfigMap& configs, bool is_key) {
    kc::Config c(def, configs);
    serde_ = parse_serde_config(c);
    is_key_ = is_key;
    client_ = std::make_unique<RegistryClient>(serde_.registry);
    return c;
}

int32_t RegistryConverterBase::id_for(TopicIds& ids, std::string_view topic,
                                      std::string_view record_name, const std::string& text,
                                      const std::string& schema_type,
                                      const std::vector<SchemaReference>& references) {
    if (const int32_t* id = ids.find(topic)) return *id;
    const std::string subject = subject_name(is_key_ ? serde_.key_strategy : serde_.value_strategy,
                                             topic, is_key_, record_name);
    int32_t id;
    if (serde_.use_latest_version)
        id = client_->latest(subject).id;
    else if (serde_.auto_register)
        id = client_->register_schema(subject, text, schema_type, references);
    else
        id = client_->lookup(subject, text, schema_type, references).id;
    ids.add(topic, id);
    return id;
}

void RegistryConverterBase::require_schema(std::string_view converter, std::string_view topic,
                                           kc::SchemaView schema) {
    if (!schema)
        throw kc::DataException(std::string(converter) + " needs a schema to write topic " +
                                std::string(topic) + " (the record has a schemaless value)");
}

const RegisteredSchema& RegistryConverterBase::fetch(int32_t id, std::string_view schema_type,
                                                     std::string_view format) {
    const RegisteredSchema& s = client_->by_id(id);
    if (s.schema_type != schema_type)
        throw kc::DataException("Schema id " + std::to_string(id) + " is a " + s.schema_type +
                                " schema, not " + std::string(format));
    return s;
}

}  // namespace kc_schema_registry
