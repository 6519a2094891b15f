// libFuzzer target: Values.parseString (what SimpleHeaderConverter reads) on
// arbitrary text, then the string form of the result parsed again, and every
// convert_to_* on the parsed value. Only DataException may escape.
#include <cstdint>
#include <string>

#include "kc/testing.hpp"
#include "kc/values.hpp"

namespace vl = kc::values;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    vl::SchemaAndValue parsed;
    try {
        parsed = vl::parse_string(arena, text);
    } catch (const kc::DataException&) {
        return 0;
    }
    kc::SchemaView s = parsed.schema;
    kc::ValueView v = &parsed.value;
    std::string form;
    try {
        vl::append_string(form, s, v);
        vl::parse_string(arena, form);
    } catch (const kc::DataException&) {
    }
    auto attempt = [&](auto&& convert) {
        try {
            convert();
        } catch (const kc::DataException&) {
        }
    };
    attempt([&] { vl::convert_to_boolean(arena, s, v); });
    attempt([&] { vl::convert_to_byte(arena, s, v); });
    attempt([&] { vl::convert_to_short(arena, s, v); });
    attempt([&] { vl::convert_to_integer(arena, s, v); });
    attempt([&] { vl::convert_to_long(arena, s, v); });
    attempt([&] { vl::convert_to_float(arena, s, v); });
    attempt([&] { vl::convert_to_double(arena, s, v); });
    attempt([&] { vl::convert_to_string(arena, s, v); });
    attempt([&] { vl::convert_to_list(arena, s, v); });
    attempt([&] { vl::convert_to_map(arena, s, v); });
    attempt([&] { vl::convert_to_decimal(arena, s, v, 3); });
    attempt([&] { vl::convert_to_date(arena, s, v); });
    attempt([&] { vl::convert_to_time(arena, s, v); });
    attempt([&] { vl::convert_to_timestamp(arena, s, v); });
    attempt([&] { vl::infer_schema(arena, v); });
    return 0;
}
