// kc/header_converter.hpp - Java HeaderConverter: one header value <-> bytes.
// Threads and memory as for kc::Converter.
#pragma once

#include <string_view>

#include "kc/config.hpp"
#include "kc/converter.hpp"
#include "kc/data.hpp"
#include "kc/plugin.hpp"

namespace kc {

class HeaderConverter : public Plugin {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_HEADER_CONVERTER;

    virtual void configure(const ConfigMap& configs) = 0;
    virtual Bytes fromConnectHeader(std::string_view topic, std::string_view headerKey,
                                    SchemaView schema, ValueView value, Arena& arena) = 0;
    virtual SchemaAndValue toConnectHeader(std::string_view topic, std::string_view headerKey,
                                           Bytes data, Arena& arena) = 0;
};

}  // namespace kc
