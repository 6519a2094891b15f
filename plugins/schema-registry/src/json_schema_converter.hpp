// io.confluent.connect.json.JsonSchemaConverter: Connect data <-> JSON in
// Confluent's wire format (magic byte 0, schema id, the JSON text), with a
// JSON Schema (draft-07) kept in a schema registry. Usable as key, value and
// header converter. Bytes and decimals travel as Base64 strings.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <kc/converter.hpp>
#include <kc/schema_cache.hpp>
#include <kc/version.hpp>
#include <unordered_map>

#include "json_schema_data.hpp"
#include "registry_converter.hpp"

namespace kc_schema_registry {

class JsonSchemaConverterImpl : public RegistryConverterBase {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "io.confluent.connect.json.JsonSchemaConverter",
        .version = KC_SDK_VERSION,
        .doc =
            "Converts Connect data to and from JSON with a JSON Schema in Confluent's schema "
            "registry wire format.",
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
    struct Writer {
        std::string text;
        std::string title;
        mutable TopicIds ids;
    };

    const kc::Schema& reader(SchemaKey id);

    JsonSchemaSettings data_;
    kc::SchemaCache<Writer> writers_;
    std::unordered_map<SchemaKey, kc::Schema> readers_;
    rapidjson::StringBuffer json_;
    rapidjson::Writer<rapidjson::StringBuffer> json_writer_;
    std::string scratch_;  // Base64 of bytes values
};

}  // namespace kc_schema_registry
