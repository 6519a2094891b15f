// io.confluent.connect.avro.AvroConverter: Connect data <-> Avro binary in
// Confluent's wire format (magic byte 0, schema id, Avro payload), with the
// schemas kept in a schema registry. Usable as key, value and header
// converter.
//
// Steady state per record: serialising finds the record's schema in a
// pointer-keyed cache (kc::SchemaCache) holding the derived Avro schema and
// its registry id per topic, and encodes into a reused buffer; deserialising
// finds the writer's schema by id in a hash map. No registry call and no heap
// allocation per record.
#pragma once

#include <kc/converter.hpp>
#include <kc/schema_cache.hpp>
#include <kc/version.hpp>
#include <memory>
#include <unordered_map>

#include "avro_codec.hpp"
#include "avro_data.hpp"
#include "avro_resolution.hpp"
#include "registry_converter.hpp"

namespace kc_schema_registry {

class AvroConverterImpl : public RegistryConverterBase {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "io.confluent.connect.avro.AvroConverter",
        .version = KC_SDK_VERSION,
        .doc =
            "Converts Connect data to and from Avro in Confluent's schema registry wire "
            "format, registering and fetching schemas in a schema registry.",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static kc::ConfigDef configDef();

    void configure(const kc::ConfigMap& configs, bool is_key);
    // `headers` takes the schema id header (HeaderSchemaIdSerializer).
    kc::Bytes from_connect(std::string_view topic, kc::SchemaView schema, kc::ValueView value,
                           kc::Arena& arena, HeaderSink* headers = nullptr);
    // `headers`: the record's Kafka headers, where the schema id may be.
    kc::SchemaAndValue to_connect(std::string_view topic, kc::Bytes data, kc::Arena& arena,
                                  std::span<const kc_header> headers = {});

  private:
    // What a Connect schema serialises as: its Avro form and, per topic, its id.
    struct Writer {
        std::shared_ptr<const AvroSchema> avro;
        std::string text;
        mutable TopicIds ids;
    };
    // A writer schema read from the registry, and the Connect schema it maps to.
    struct Reader {
        AvroSchema avro;
        kc::Schema connect;
    };

    const Reader& reader(SchemaKey key);

    AvroDataSettings data_;
    kc::SchemaCache<Writer> writers_;
    std::unordered_map<SchemaKey, std::unique_ptr<Reader>> readers_;
    LatestSchemaReaders latest_readers_;  // use.latest.version
};

}  // namespace kc_schema_registry
