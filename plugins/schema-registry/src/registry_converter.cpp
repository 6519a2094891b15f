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
    id_in_header_ = (is_key ? serde_.key_id_serializer : serde_.value_id_serializer) ==
                    SchemaIdSerializer::Header;
    client_ = std::make_unique<RegistryClient>(serde_.registry);
    return c;
}

const WrittenId& RegistryConverterBase::id_for(TopicIds& ids, std::string_view topic,
                                               std::string_view record_name,
                                               const std::string& text,
                                               const std::string& schema_type,
                                               const std::vector<SchemaReference>& references) {
    if (const WrittenId* id = ids.find(topic)) return *id;
    const std::string subject = subject_name(is_key_ ? serde_.key_strategy : serde_.value_strategy,
                                             topic, is_key_, record_name);
    WrittenId written;
    std::string guid;
    if (serde_.use_latest_version) {
        const RegisteredSchema latest = client_->latest(subject);
        written.id = latest.id;
        guid = latest.guid;
    } else {
        const RegisteredSchema& s =
            serde_.auto_register ? client_->registered(subject, text, schema_type, references)
                                 : client_->lookup(subject, text, schema_type, references);
        written.id = s.id;
        guid = s.guid;
    }
    if (!guid.empty()) {
        written.guid = Guid::parse(guid);
        if (!written.guid)
            throw kc::DataException("The schema registry gave schema id " +
                                    std::to_string(written.id) + " under subject '" + subject +
                                    "' the GUID '" + guid + "', which is not a UUID");
    }
    return ids.add(topic, std::move(written));
}

void RegistryConverterBase::start_frame(std::string_view topic, const WrittenId& id,
                                        HeaderSink* headers) {
    out_.clear();
    if (!id_in_header_) {
        write_wire_header(out_.grow(kWireHeaderSize), id.id);
        return;
    }
    const std::string setting = is_key_ ? "key.schema.id.serializer" : "value.schema.id.serializer";
    if (!id.guid)
        throw kc::DataException(
            "Cannot write topic " + std::string(topic) + " with HeaderSchemaIdSerializer (" +
            setting + "): the schema registry gave no GUID for schema id " + std::to_string(id.id));
    if (!headers)
        throw kc::DataException("Cannot write topic " + std::string(topic) +
                                " with HeaderSchemaIdSerializer (" + setting +
                                "): the schema id goes into a record header, and this call has "
                                "none (a header converter, or a worker that takes no headers "
                                "from converters)");
    id_header_.clear();
    char* p = id_header_.grow(1 + id.guid->bytes.size());
    p[0] = kMagicGuid;
    for (size_t i = 0; i < id.guid->bytes.size(); ++i)
        p[1 + i] = static_cast<char>(id.guid->bytes[i]);
}

SchemaIdFrame RegistryConverterBase::read_id(std::string_view topic,
                                             std::span<const kc_header> headers,
                                             std::string_view data, SchemaKey& key) {
    SchemaIdFrame f =
        read_schema_id(topic, is_key_, headers, data,
                       is_key_ ? serde_.key_id_deserializer : serde_.value_id_deserializer);
    if (!f.by_guid) {
        key = f.id;
        return f;
    }
    for (size_t i = 0; i < guid_keys_.size(); ++i)
        if (guid_keys_[i] == f.guid) {
            key = -1 - static_cast<SchemaKey>(i);
            return f;
        }
    guid_keys_.push_back(f.guid);
    key = -static_cast<SchemaKey>(guid_keys_.size());
    return f;
}

std::string RegistryConverterBase::schema_label(SchemaKey key) const {
    if (key >= 0) return "schema id " + std::to_string(key);
    return "schema GUID " + guid_keys_[static_cast<size_t>(-1 - key)].to_string();
}

void RegistryConverterBase::require_schema(std::string_view converter, std::string_view topic,
                                           kc::SchemaView schema) {
    if (!schema)
        throw kc::DataException(std::string(converter) + " needs a schema to write topic " +
                                std::string(topic) + " (the record has a schemaless value)");
}

const RegisteredSchema& RegistryConverterBase::fetch(SchemaKey key, std::string_view schema_type,
                                                     std::string_view format) {
    const RegisteredSchema& s =
        key >= 0 ? client_->by_id(static_cast<int32_t>(key))
                 : client_->by_guid(guid_keys_[static_cast<size_t>(-1 - key)].to_string());
    if (s.schema_type != schema_type) {
        std::string label = schema_label(key);
        label[0] = 'S';
        throw kc::DataException(label + " is a " + s.schema_type + " schema, not " +
                                std::string(format));
    }
    return s;
}

}  // namespace kc_schema_registry
