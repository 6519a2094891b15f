// org.apache.kafka.connect.converters.ByteArrayConverter (a Converter and a
// HeaderConverter): bytes pass through unchanged; the schema must be null or BYTES.
#pragma once

#include "host/converters/converter_adapters.hpp"
#include "kc/version.hpp"

namespace kc::host::converters {

class ByteArrayConverterImpl {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.converters.ByteArrayConverter",
        .version = KC_SDK_VERSION,
        .doc = "Passes raw bytes through unchanged.",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static ConfigDef configDef();

    void configure(const ConfigMap&, bool) {}
    Bytes from_connect(SchemaView schema, ValueView value, Arena& arena);
    kc::SchemaAndValue to_connect(Bytes data, Arena& arena);
};

using ByteArrayConverter = AsConverter<ByteArrayConverterImpl>;
using ByteArrayHeaderConverter = AsHeaderConverter<ByteArrayConverterImpl>;

}  // namespace kc::host::converters
