// org.apache.kafka.connect.json.JsonConverter (a Converter and a HeaderConverter).
#pragma once

#include "host/converters/converter_adapters.hpp"
#include "host/converters/json_codec.hpp"
#include "kc/version.hpp"

namespace kc::host::converters {

class JsonConverterImpl {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.json.JsonConverter",
        .version = KC_SDK_VERSION,
        .doc =
            "Converts Connect data to and from JSON, optionally with the schema in an "
            "envelope ({\"schema\":...,\"payload\":...}).",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static ConfigDef configDef() { return json_converter_config_def(); }

    void configure(const ConfigMap& configs, bool) {
        codec_ = JsonCodec(parse_json_settings(configs));
    }
    Bytes from_connect(SchemaView schema, ValueView value, Arena&) {
        return codec_.serialize(schema, value);
    }
    kc::SchemaAndValue to_connect(Bytes data, Arena& arena) {
        values::SchemaAndValue r = codec_.deserialize(data, arena);
        return {r.schema, r.value};
    }
    JsonCodec& codec() noexcept { return codec_; }

  private:
    JsonCodec codec_;
};

using JsonConverter = AsConverter<JsonConverterImpl>;
using JsonHeaderConverter = AsHeaderConverter<JsonConverterImpl>;

}  // namespace kc::host::converters
