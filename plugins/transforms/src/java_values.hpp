// Java's renderings and parsings of Connect values that the transforms need:
// Float/Double.toString, BigDecimal.toString of Connect Decimals, Base64,
// Integer.parseInt-style strict parsing, and the logical type schemas.
// (Private to the plugin: kc/values.hpp and kc/logical.hpp were not available
// when these transforms were written.)
#pragma once

#include <kc/data.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kc_transforms {

namespace logical {
inline constexpr std::string_view kDecimal = "org.apache.kafka.connect.data.Decimal";
inline constexpr std::string_view kDate = "org.apache.kafka.connect.data.Date";
inline constexpr std::string_view kTime = "org.apache.kafka.connect.data.Time";
inline constexpr std::string_view kTimestamp = "org.apache.kafka.connect.data.Timestamp";
inline constexpr int64_t kMillisPerDay = 86400000;

const kc::Schema& date_schema(bool optional);
const kc::Schema& time_schema(bool optional);
const kc::Schema& timestamp_schema(bool optional);

// Decimal: big-endian two's complement unscaled value (up to 16 bytes) and scale.
std::optional<__int128> decimal_unscaled(std::string_view bytes) noexcept;
int32_t decimal_scale(kc::SchemaView s);
// Java BigDecimal.toString (scientific notation when the exponent is small).
std::string decimal_to_string(__int128 unscaled, int32_t scale);
double decimal_to_double(__int128 unscaled, int32_t scale) noexcept;
// BigDecimal.longValue(): the integer part, low 64 bits.
int64_t decimal_to_long(__int128 unscaled, int32_t scale) noexcept;
}  // namespace logical

// Java Double.toString / Float.toString.
std::string java_double_string(double d);
std::string java_float_string(float f);
// java.util.Base64 encoder (standard alphabet, padded).
std::string base64(std::string_view bytes);

// Java Long.parseLong (strict: optional sign, digits, in range).
std::optional<int64_t> java_parse_long(std::string_view s, int64_t min, int64_t max) noexcept;
// Java Double.parseDouble / Float.parseFloat (surrounding whitespace allowed).
std::optional<double> java_parse_double(std::string_view s) noexcept;

// Java narrowing of a double to an integral type (NaN -> 0, saturating to
// int or long first, as Double.intValue/longValue then the cast do).
int64_t java_double_to_long(double d) noexcept;
int32_t java_double_to_int(double d) noexcept;

// Java's Object.toString of a primitive value (numbers, booleans, strings).
std::string java_to_string(const kc_value& v);

}  // namespace kc_transforms
