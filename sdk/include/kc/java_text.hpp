// Java's text conventions that configs, connectors and transforms share:
// Double.toString, String.trim, String.join, equalsIgnoreCase, and
// Integer/Long/Double.parseXxx as Java accepts their input.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/java_float.hpp"

namespace kc {

// Java's Double.toString: plain notation for 1e-3 <= |d| < 1e7, otherwise
// computerized scientific notation ("1.0E7"); always a fractional digit.
inline std::string java_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, r.ptr);  // e.g. "-1.2345e+07"
    bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    size_t e = sci.find('e');
    int exponent = std::stoi(sci.substr(e + 1));
    std::string digits = sci.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::string out = negative ? "-" : "";
    double magnitude = std::fabs(d);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            std::string whole = digits.substr(0, std::min<size_t>(digits.size(), exponent + 1));
            whole.append(exponent + 1 - whole.size(), '0');
            std::string frac =
                digits.size() > size_t(exponent + 1) ? digits.substr(exponent + 1) : "0";
            out += whole + "." + frac;
        } else {
            out += "0." + std::string(-exponent - 1, '0') + digits;
        }
    } else {
        out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" +
               std::to_string(exponent);
    }
    return out;
}

// Java String.join.
inline std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out.append(sep);
        out.append(items[i]);
    }
    return out;
}

inline std::string_view trim(std::string_view s) {
    // Java String.trim(): strips every char <= ' '.
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ')
        s.remove_prefix(1);
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ')
        s.remove_suffix(1);
    return s;
}

// Java String.equalsIgnoreCase (ASCII).
inline bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// Java Integer/Short/Long.parseXxx: optional sign, decimal digits, in range.
template <class Int>
std::optional<Int> parse_java_integer(std::string_view s) {
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s.front() == '-') return std::nullopt;
    }
    Int v{};
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

// Java Double.parseDouble for the forms people write: optional sign,
// decimal or exponent notation, "NaN", "Infinity", an optional d/f suffix.
inline std::optional<double> parse_java_double(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
    if (!s.empty() && std::string_view("dDfF").find(s.back()) != std::string_view::npos)
        s.remove_suffix(1);
    if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s.front())) || s.front() == '.'))
        return std::nullopt;
    double v = 0;
    // Java rounds overflow to Infinity and underflow to 0 instead of failing.
    if (!parse_java_float(s, v)) return std::nullopt;
    return negative ? -v : v;
}

}  // namespace kc
