// org.apache.kafka.connect.storage.SimpleHeaderConverter, the default header
// converter: writes a value's string form (kc::values::append_string) as
// UTF-8 and reads text back into the most specific type
// (kc::values::parse_string); text it cannot parse is kept as BYTES, with a
// warning.
#pragma once

#include <string>

#include "kc/header_converter.hpp"
#include "kc/version.hpp"

namespace kc::host::converters {

class SimpleHeaderConverter final : public kc::HeaderConverter {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.storage.SimpleHeaderConverter",
        .version = KC_SDK_VERSION,
        .doc =
            "Serializes header values as strings and deserializes them by inferring the "
            "schema.",
    };
    static ConfigDef configDef();

    void configure(const ConfigMap& configs) override;
    Bytes fromConnectHeader(std::string_view topic, std::string_view headerKey, SchemaView schema,
                            ValueView value, Arena& arena) override;
    kc::SchemaAndValue toConnectHeader(std::string_view topic, std::string_view headerKey,
                                       Bytes data, Arena& arena) override;

  private:
    std::string buf_;
};

}  // namespace kc::host::converters
