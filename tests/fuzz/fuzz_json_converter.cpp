// libFuzzer target: JsonConverter deserialisation of arbitrary bytes. The
// first byte picks the settings (schemas.enable, decimal.format,
// replace.null.with.default); the rest is the record. Any input must either
// convert or fail with a DataException; what converts must re-serialise, and
// writing is idempotent after one round (write(read(w)) == w).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "host/converters/json_codec.hpp"
#include "kc/testing.hpp"

using kc::host::converters::DecimalFormat;
using kc::host::converters::JsonCodec;
using kc::host::converters::JsonSettings;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    JsonSettings settings;
    settings.schemas_enable = (data[0] & 1) != 0;
    settings.decimal_format = (data[0] & 2) ? DecimalFormat::Numeric : DecimalFormat::Base64;
    settings.replace_null_with_default = (data[0] & 4) != 0;
    settings.schemas_cache_size = (data[0] & 8) ? 0 : 16;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    JsonCodec codec(settings);
    kc::values::SchemaAndValue first;
    try {
        first = codec.deserialize(input, arena);
    } catch (const kc::DataException&) {
        return 0;  // bad input is an error, never a crash
    }
    auto w1 = codec.serialize(first.schema, &first.value);
    if (!w1) return 0;
    std::string written(*w1);
    auto second = codec.deserialize(written, arena);
    auto w2 = codec.serialize(second.schema, &second.value);
    if (!w2 || *w2 != written) std::abort();
    return 0;
}
