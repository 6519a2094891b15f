// org.apache.kafka.connect.storage.StringConverter (a Converter and a
// HeaderConverter): any value as its Java toString() text, bytes read back as
// an optional string, in converter.encoding (UTF8, ISO-8859-1 or US-ASCII).
#pragma once

#include <string>

#include "host/converters/converter_adapters.hpp"
#include "kc/version.hpp"

namespace kc::host::converters {

enum class TextEncoding { Utf8, Latin1, Ascii };

class StringConverterImpl {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.storage.StringConverter",
        .version = KC_SDK_VERSION,
        .doc = "Converts values to and from strings in the configured encoding.",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static ConfigDef configDef();

    void configure(const ConfigMap& configs, bool is_key);
    Bytes from_connect(SchemaView schema, ValueView value, Arena& arena);
    kc::SchemaAndValue to_connect(Bytes data, Arena& arena);

  private:
    TextEncoding encoding_ = TextEncoding::Utf8;
    std::string buf_;
    std::string encoded_;
};

using StringConverter = AsConverter<StringConverterImpl>;
using StringHeaderConverter = AsHeaderConverter<StringConverterImpl>;

}  // namespace kc::host::converters
