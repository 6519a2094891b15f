#include "java_values.hpp"

#include <kc/config.hpp>

#include <cmath>
#include <limits>

namespace kc_transforms {

int32_t decimal_scale(kc::SchemaView s) {
    auto p = s.param("scale");
    if (!p) return 0;
    auto v = kc::parse_java_integer<int32_t>(*p);
    return v.value_or(0);
}

std::optional<int64_t> java_parse_long(std::string_view s, int64_t min, int64_t max) noexcept {
    auto v = kc::parse_java_integer<int64_t>(s);
    if (!v || *v < min || *v > max) return std::nullopt;
    return v;
}

std::optional<double> java_parse_double(std::string_view s) noexcept {
    return kc::parse_java_double(kc::trim(s));
}

int32_t java_double_to_int(double d) noexcept {
    if (std::isnan(d)) return 0;
    if (d >= 2147483647.0) return std::numeric_limits<int32_t>::max();
    if (d <= -2147483648.0) return std::numeric_limits<int32_t>::min();
    return static_cast<int32_t>(d);
}

}  // namespace kc_transforms
