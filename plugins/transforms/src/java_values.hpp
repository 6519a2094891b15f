// The few Java value conversions the transforms need that kc/values.hpp and
// kc/logical.hpp do not provide with the same semantics. Everything else
// (logical schemas and names, BigDecimal.toString/longValue/doubleValue,
// Double/Float.toString, Base64, Values.dateFormatFor, (long) of a double)
// comes from the SDK.
#pragma once

#include <kc/data.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace kc_transforms {

// The scale of a Decimal schema, leniently: a missing or malformed "scale"
// parameter is 0 and Java's "+2" is accepted. kc::logical::decimal_scale
// throws in both cases instead, which Cast never did.
int32_t decimal_scale(kc::SchemaView s);

// Java Byte/Short/Integer/Long.parseXxx: strict (optional sign, digits only,
// within [min, max]). The SDK's Values conversions instead accept any
// BigDecimal text and truncate it ("1.5" -> 1), which Cast must reject.
std::optional<int64_t> java_parse_long(std::string_view s, int64_t min, int64_t max) noexcept;

// Java Double.parseDouble / Float.parseFloat: surrounding whitespace, NaN,
// Infinity, hex and d/f suffixes allowed. The SDK's Values parsing accepts
// only BigDecimal syntax.
std::optional<double> java_parse_double(std::string_view s) noexcept;

// Java Number.intValue() of a double: NaN -> 0, saturating at the int range
// (then Cast narrows further by wrapping). The SDK has only the long variant
// (kc::values::detail::saturating_long).
int32_t java_double_to_int(double d) noexcept;

}  // namespace kc_transforms
