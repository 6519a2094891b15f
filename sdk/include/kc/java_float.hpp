// kc/java_float.hpp - decimal text to float/double as Java reads it
// (Double.parseDouble, BigDecimal.doubleValue/floatValue): correctly rounded,
// and a value beyond the type's range becomes ±Infinity when too large and
// ±0.0 when too small, where std::from_chars reports result_out_of_range for
// both and leaves the value alone.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>

namespace kc {

namespace detail {
// Whether decimal text ([-]digits[.digits][e[+-]digits]) is below 1 in
// magnitude: the exponent of its first significant digit is negative.
// Only asked about text that is out of range, so never exactly 0.
inline bool below_one(std::string_view s) noexcept {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    int64_t magnitude = -1;  // decimal exponent of the first nonzero digit
    bool seen = false, fraction = false;
    for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
        if (s[i] == '.') {
            fraction = true;
        } else if (!seen) {
            if (s[i] != '0') seen = true;
            if (fraction)
                --magnitude;  // a leading zero after the point
            else if (seen)
                magnitude = 0;
        } else if (!fraction) {
            ++magnitude;
        }
    }
    int64_t exp = 0;
    if (i < s.size()) {  // the exponent, saturated far beyond any type's range
        bool neg = ++i < s.size() && s[i] == '-';
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        for (; i < s.size() && exp < 1000000000; ++i)
            exp = exp * 10 + (s[i] - '0');
        if (neg) exp = -exp;
    }
    return magnitude + exp < 0;
}
}  // namespace detail

// Parses JSON/Java number text into T (float or double); false when the text
// is not a number. Out-of-range values round as Java rounds them.
template <class T>
bool parse_java_float(std::string_view s, T& out) noexcept {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    if (r.ec == std::errc::result_out_of_range) {
        const bool negative = !s.empty() && s[0] == '-';
        out = detail::below_one(s) ? T(0) : std::numeric_limits<T>::infinity();
        if (negative) out = -out;
        return r.ptr == s.data() + s.size();
    }
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace kc
