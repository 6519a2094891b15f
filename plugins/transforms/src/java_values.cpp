#include "java_values.hpp"

#include <kc/config.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace kc_transforms {

namespace logical {

namespace {
kc::Schema make_logical(kc::Type t, std::string_view name, bool optional) {
    return kc::SchemaBuilder(t).name(name).version(1).optional(optional).build();
}
}  // namespace

const kc::Schema& date_schema(bool optional) {
    static const kc::Schema req = make_logical(kc::Type::Int32, kDate, false);
    static const kc::Schema opt = make_logical(kc::Type::Int32, kDate, true);
    return optional ? opt : req;
}
const kc::Schema& time_schema(bool optional) {
    static const kc::Schema req = make_logical(kc::Type::Int32, kTime, false);
    static const kc::Schema opt = make_logical(kc::Type::Int32, kTime, true);
    return optional ? opt : req;
}
const kc::Schema& timestamp_schema(bool optional) {
    static const kc::Schema req = make_logical(kc::Type::Int64, kTimestamp, false);
    static const kc::Schema opt = make_logical(kc::Type::Int64, kTimestamp, true);
    return optional ? opt : req;
}

std::optional<__int128> decimal_unscaled(std::string_view bytes) noexcept {
    if (bytes.empty() || bytes.size() > 16) return std::nullopt;
    // Sign-extend from the first byte, then shift the rest in.
    __int128 v = static_cast<int8_t>(bytes[0]);
    for (size_t i = 1; i < bytes.size(); ++i)
        v = static_cast<__int128>(static_cast<unsigned __int128>(v) << 8) |
            static_cast<uint8_t>(bytes[i]);
    return v;
}

int32_t decimal_scale(kc::SchemaView s) {
    auto p = s.param("scale");
    if (!p) return 0;
    auto v = kc::detail::parse_java_integer<int32_t>(*p);
    return v.value_or(0);
}

namespace {
std::string u128_digits(unsigned __int128 v) {
    if (v == 0) return "0";
    std::string out;
    while (v) {
        out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    }
    return out;
}
}  // namespace

std::string decimal_to_string(__int128 unscaled, int32_t scale) {
    bool negative = unscaled < 0;
    unsigned __int128 mag =
        negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
    std::string digits = u128_digits(mag);
    std::string out = negative ? "-" : "";
    int64_t adjusted = -static_cast<int64_t>(scale) + static_cast<int64_t>(digits.size()) - 1;
    if (scale >= 0 && adjusted >= -6) {
        if (scale == 0) return out + digits;
        if (digits.size() > static_cast<size_t>(scale)) {
            size_t point = digits.size() - scale;
            return out + digits.substr(0, point) + "." + digits.substr(point);
        }
        return out + "0." + std::string(scale - digits.size(), '0') + digits;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += "E";
    if (adjusted >= 0) out += "+";
    return out + std::to_string(adjusted);
}

double decimal_to_double(__int128 unscaled, int32_t scale) noexcept {
    return static_cast<double>(unscaled) / std::pow(10.0, scale);
}

int64_t decimal_to_long(__int128 unscaled, int32_t scale) noexcept {
    __int128 v = unscaled;
    if (scale > 0) {
        for (int32_t i = 0; i < scale && v != 0; ++i)
            v /= 10;  // truncates toward zero like BigDecimal.toBigInteger
    } else {
        for (int32_t i = 0; i < -scale; ++i)
            v = static_cast<__int128>(static_cast<unsigned __int128>(v) * 10);
    }
    return static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(v)));
}

}  // namespace logical

namespace {
// Java's layout of shortest round-trip digits: plain for 1e-3 <= |x| < 1e7,
// otherwise d.dddE<n>; always at least one fractional digit.
std::string java_layout(std::string sci, bool is_zero, bool negative_zero) {
    if (is_zero) return negative_zero ? "-0.0" : "0.0";
    bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    size_t e = sci.find('e');
    int exponent = std::stoi(sci.substr(e + 1));
    std::string digits = sci.substr(0, e);
    if (auto dot = digits.find('.'); dot != std::string::npos) digits.erase(dot, 1);
    std::string out = negative ? "-" : "";
    if (exponent >= -3 && exponent < 7) {
        if (exponent >= 0) {
            std::string whole = digits.substr(0, std::min<size_t>(digits.size(), exponent + 1));
            whole.append(exponent + 1 - whole.size(), '0');
            std::string frac =
                digits.size() > size_t(exponent + 1) ? digits.substr(exponent + 1) : "0";
            return out + whole + "." + frac;
        }
        return out + "0." + std::string(-exponent - 1, '0') + digits;
    }
    return out + digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" +
           std::to_string(exponent);
}
}  // namespace

std::string java_double_string(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    return java_layout(std::string(buf, r.ptr), d == 0, std::signbit(d));
}

std::string java_float_string(float f) {
    if (std::isnan(f)) return "NaN";
    if (std::isinf(f)) return f > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
    return java_layout(std::string(buf, r.ptr), f == 0, std::signbit(f));
}

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n =
            (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        out += kAlphabet[n >> 18];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < bytes.size()) {
        uint32_t n = uint8_t(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
        out += kAlphabet[n >> 18];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<int64_t> java_parse_long(std::string_view s, int64_t min, int64_t max) noexcept {
    auto v = kc::detail::parse_java_integer<int64_t>(s);
    if (!v || *v < min || *v > max) return std::nullopt;
    return v;
}

std::optional<double> java_parse_double(std::string_view s) noexcept {
    return kc::detail::parse_java_double(kc::detail::trim(s));
}

int64_t java_double_to_long(double d) noexcept {
    if (std::isnan(d)) return 0;
    if (d >= 9.223372036854775807e18) return std::numeric_limits<int64_t>::max();
    if (d <= -9.223372036854775808e18) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(d);
}

int32_t java_double_to_int(double d) noexcept {
    if (std::isnan(d)) return 0;
    if (d >= 2147483647.0) return std::numeric_limits<int32_t>::max();
    if (d <= -2147483648.0) return std::numeric_limits<int32_t>::min();
    return static_cast<int32_t>(d);
}

std::string java_to_string(const kc_value& v) {
    switch (v.tag) {
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            return std::to_string(v.u.i);
        case KC_VAL_FLOAT32:
            return java_float_string(static_cast<float>(v.u.f));
        case KC_VAL_FLOAT64:
            return java_double_string(v.u.f);
        case KC_VAL_BOOLEAN:
            return v.u.b ? "true" : "false";
        case KC_VAL_STRING:
            return std::string(kc::sv(v.u.str));
        case KC_VAL_NULL:
            return "null";
        default:
            return std::string(kc::sv(v.u.str));
    }
}

}  // namespace kc_transforms
