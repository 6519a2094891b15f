// kc/converter.hpp - Java Converter: Connect data <-> bytes for record keys
// and values.
//
// Threads: one instance serves one task [instance-thread] (the rules are in
// kc/abi.h; KC_FLAG_THREAD_SAFE is reserved). A converter whose fromConnectData turns
// a null value without a schema into null bytes (as Kafka's all do) may set
// KC_FLAG_NULL_TO_NULL: the host then skips that call (null keys).
// Memory: fromConnectData may return a view of its own buffer (copied into
// the arena by the SDK); toConnectData builds its value in `arena` and
// returns schemas it owns (cached) or built in the arena.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/plugin.hpp"

namespace kc {

// Java SchemaAndValue; a null value has tag KC_VAL_NULL.
struct SchemaAndValue {
    const kc_schema* schema = nullptr;
    kc_value value{};
};

// Serialized bytes: nullopt is null (a tombstone), distinct from empty.
using Bytes = std::optional<std::string_view>;

class Converter : public Plugin {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_CONVERTER;

    virtual void configure(const ConfigMap& configs, bool isKey) = 0;
    virtual Bytes fromConnectData(std::string_view topic, std::span<const kc_header> headers,
                                  SchemaView schema, ValueView value, Arena& arena) = 0;
    virtual SchemaAndValue toConnectData(std::string_view topic, std::span<const kc_header> headers,
                                         Bytes data, Arena& arena) = 0;
};

}  // namespace kc
