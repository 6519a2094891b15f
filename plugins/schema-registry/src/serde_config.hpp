// The configuration every schema-registry converter shares (Confluent's
// AbstractKafkaSchemaSerDeConfig keys): where the registry is, how to reach
// it, and how schemas are registered and named.
#pragma once

#include <kc/config.hpp>
#include <string>
#include <string_view>

#include "registry_client.hpp"
#include "schema_id.hpp"

namespace kc_schema_registry {

enum class SubjectStrategy { TopicName, RecordName, TopicRecordName };

struct SerdeConfig {
    RegistryClientConfig registry;
    bool auto_register = true;
    bool use_latest_version = false;
    SubjectStrategy key_strategy = SubjectStrategy::TopicName;
    SubjectStrategy value_strategy = SubjectStrategy::TopicName;
    SchemaIdSerializer key_id_serializer = SchemaIdSerializer::Prefix;
    SchemaIdSerializer value_id_serializer = SchemaIdSerializer::Prefix;
    SchemaIdDeserializer key_id_deserializer = SchemaIdDeserializer::Dual;
    SchemaIdDeserializer value_id_deserializer = SchemaIdDeserializer::Dual;
};

// Adds the shared keys to a converter's ConfigDef.
void define_serde_keys(kc::ConfigDef& def);
SerdeConfig parse_serde_config(const kc::Config& config);

// The subject a schema goes under (Confluent's *NameStrategy classes).
std::string subject_name(SubjectStrategy strategy, std::string_view topic, bool is_key,
                         std::string_view record_name);

// Confluent's framing: magic byte 0, then the schema id as a big-endian int32.
inline constexpr size_t kWireHeaderSize = 5;
inline void write_wire_header(char* out, int32_t id) noexcept {
    const auto u = static_cast<uint32_t>(id);
    out[0] = 0;
    out[1] = static_cast<char>(u >> 24);
    out[2] = static_cast<char>(u >> 16);
    out[3] = static_cast<char>(u >> 8);
    out[4] = static_cast<char>(u);
}

}  // namespace kc_schema_registry
