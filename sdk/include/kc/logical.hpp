// kc/logical.hpp - Connect's logical types over the plain data model:
//   org.apache.kafka.connect.data.Decimal   bytes, parameter "scale"; the value is the
//                                           big-endian two's-complement unscaled integer
//   org.apache.kafka.connect.data.Date      int32 days since 1970-01-01
//   org.apache.kafka.connect.data.Time      int32 milliseconds since midnight
//   org.apache.kafka.connect.data.Timestamp int64 milliseconds since the epoch
// Schema builders and constants (as Java's Decimal.builder(), Date.SCHEMA, ...),
// and conversions between the encoded forms and decimal text, integers,
// doubles and civil dates. Every conversion that would lose information
// throws DataException instead.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/data.hpp"
#include "kc/error.hpp"

namespace kc::logical {

inline constexpr std::string_view kDecimalName = "org.apache.kafka.connect.data.Decimal";
inline constexpr std::string_view kDateName = "org.apache.kafka.connect.data.Date";
inline constexpr std::string_view kTimeName = "org.apache.kafka.connect.data.Time";
inline constexpr std::string_view kTimestampName = "org.apache.kafka.connect.data.Timestamp";
inline constexpr std::string_view kScaleParam = "scale";
inline constexpr int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

inline bool is_decimal(SchemaView s) noexcept {
    return s && s.type() == Type::Bytes && s.name() == kDecimalName;
}
inline bool is_date(SchemaView s) noexcept {
    return s && s.type() == Type::Int32 && s.name() == kDateName;
}
inline bool is_time(SchemaView s) noexcept {
    return s && s.type() == Type::Int32 && s.name() == kTimeName;
}
inline bool is_timestamp(SchemaView s) noexcept {
    return s && s.type() == Type::Int64 && s.name() == kTimestampName;
}
inline bool is_temporal(SchemaView s) noexcept {
    return is_date(s) || is_time(s) || is_timestamp(s);
}

// Java's Decimal.builder(scale): bytes, named, version 1, parameter scale.
inline SchemaBuilder decimal_builder(int32_t scale) {
    return SchemaBuilder::bytes()
        .name(kDecimalName)
        .parameter(kScaleParam, std::to_string(scale))
        .version(1);
}
inline SchemaBuilder date_builder() {
    return SchemaBuilder::int32().name(kDateName).version(1);
}
inline SchemaBuilder time_builder() {
    return SchemaBuilder::int32().name(kTimeName).version(1);
}
inline SchemaBuilder timestamp_builder() {
    return SchemaBuilder::int64().name(kTimestampName).version(1);
}

inline const Schema& date_schema() {
    static const Schema s = date_builder().build();
    return s;
}
inline const Schema& time_schema() {
    static const Schema s = time_builder().build();
    return s;
}
inline const Schema& timestamp_schema() {
    static const Schema s = timestamp_builder().build();
    return s;
}
inline const Schema& optional_date_schema() {
    static const Schema s = date_builder().optional().build();
    return s;
}
inline const Schema& optional_time_schema() {
    static const Schema s = time_builder().optional().build();
    return s;
}
inline const Schema& optional_timestamp_schema() {
    static const Schema s = timestamp_builder().optional().build();
    return s;
}

// One shared Decimal schema per (scale, optional), built once per process.
inline const Schema& decimal_schema(int32_t scale, bool optional = false) {
    static std::mutex mu;
    static std::map<std::pair<int32_t, bool>, Schema> cache;
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find({scale, optional});
    if (it == cache.end())
        it = cache
                 .emplace(std::make_pair(scale, optional),
                          decimal_builder(scale).optional(optional).build())
                 .first;
    return it->second;
}

// The scale of a Decimal schema (Java: "Invalid Decimal schema: scale parameter not found.").
inline int32_t decimal_scale(SchemaView s) {
    auto p = s ? s.param(kScaleParam) : std::nullopt;
    if (!p) throw DataException("Invalid Decimal schema: scale parameter not found.");
    int32_t scale = 0;
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), scale);
    if (ec != std::errc() || end != p->data() + p->size())
        throw DataException("Invalid Decimal schema: scale parameter is not an integer: " +
                            std::string(*p));
    return scale;
}

// ---------------------------------------------------------------------------
// Decimal: arbitrary-precision unscaled integers as big-endian two's complement
// ---------------------------------------------------------------------------

// A decimal number as sign + magnitude digits, the unscaled value times 10^-scale.
struct DecimalText {
    bool negative = false;
    std::string digits;  // ASCII digits of the unscaled magnitude, no leading zeros ("0" for zero)
    int32_t scale = 0;
};

namespace detail {

// Little-endian 32-bit limbs of a non-negative integer.
using Limbs = std::vector<uint32_t>;

inline void trim(Limbs& l) {
    while (!l.empty() && l.back() == 0)
        l.pop_back();
}
inline uint32_t divmod_small(Limbs& l, uint32_t d) {
    uint64_t rem = 0;
    for (size_t i = l.size(); i-- > 0;) {
        uint64_t cur = (rem << 32) | l[i];
        l[i] = static_cast<uint32_t>(cur / d);
        rem = cur % d;
    }
    trim(l);
    return static_cast<uint32_t>(rem);
}
inline void muladd_small(Limbs& l, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (auto& limb : l) {
        uint64_t cur = uint64_t(limb) * m + carry;
        limb = static_cast<uint32_t>(cur);
        carry = cur >> 32;
    }
    if (carry) l.push_back(static_cast<uint32_t>(carry));
}

// Two's-complement big-endian bytes -> (negative, magnitude).
inline Limbs limbs_from_bytes(std::string_view b, bool& negative) {
    negative = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80);
    std::vector<uint8_t> mag(b.begin(), b.end());
    if (negative) {  // magnitude = ~x + 1
        for (auto& c : mag)
            c = static_cast<uint8_t>(~c);
        for (size_t i = mag.size(); i-- > 0;)
            if (++mag[i] != 0) break;
    }
    Limbs l((mag.size() + 3) / 4, 0);
    for (size_t i = 0; i < mag.size(); ++i) {
        size_t pos = mag.size() - 1 - i;  // byte significance
        l[pos / 4] |= uint32_t(mag[i]) << (8 * (pos % 4));
    }
    trim(l);
    return l;
}

// (negative, magnitude) -> minimal two's-complement big-endian bytes (Java BigInteger.toByteArray).
inline std::string bytes_from_limbs(Limbs l, bool negative) {
    trim(l);
    std::string mag;  // little-endian bytes of the magnitude
    for (uint32_t limb : l)
        for (int k = 0; k < 4; ++k)
            mag.push_back(static_cast<char>((limb >> (8 * k)) & 0xff));
    while (!mag.empty() && mag.back() == 0)
        mag.pop_back();
    if (mag.empty()) return std::string(1, '\0');
    mag.push_back('\0');  // room for the sign bit
    if (negative) {
        for (auto& c : mag)
            c = static_cast<char>(~static_cast<uint8_t>(c));
        for (auto& c : mag)
            if (++reinterpret_cast<uint8_t&>(c) != 0) break;
    }
    // Drop redundant sign bytes, keeping the shortest encoding.
    while (mag.size() > 1) {
        uint8_t top = static_cast<uint8_t>(mag[mag.size() - 1]);
        uint8_t next = static_cast<uint8_t>(mag[mag.size() - 2]);
        if ((top == 0 && !(next & 0x80)) || (top == 0xff && (next & 0x80)))
            mag.pop_back();
        else
            break;
    }
    return std::string(mag.rbegin(), mag.rend());
}

inline std::string limbs_to_digits(Limbs l) {
    trim(l);
    if (l.empty()) return "0";
    std::string out;
    while (!l.empty()) {
        uint32_t chunk = divmod_small(l, 1000000000u);
        for (int k = 0; k < 9; ++k) {
            out.push_back(static_cast<char>('0' + chunk % 10));
            chunk /= 10;
            if (l.empty() && chunk == 0) break;
        }
    }
    while (out.size() > 1 && out.back() == '0')
        out.pop_back();
    return std::string(out.rbegin(), out.rend());
}

inline Limbs digits_to_limbs(std::string_view digits) {
    Limbs l;
    for (char c : digits)
        muladd_small(l, 10, static_cast<uint32_t>(c - '0'));
    trim(l);
    return l;
}

}  // namespace detail

// Unscaled bytes -> sign and decimal digits.
inline DecimalText decimal_text(std::string_view unscaled, int32_t scale) {
    DecimalText t;
    t.scale = scale;
    if (unscaled.size() <= 8) {  // fast path: fits in int64
        int64_t v = unscaled.empty() ? 0 : (static_cast<int8_t>(unscaled[0]) < 0 ? -1 : 0);
        for (char c : unscaled)
            v = static_cast<int64_t>((static_cast<uint64_t>(v) << 8) | static_cast<uint8_t>(c));
        t.negative = v < 0;
        uint64_t mag = t.negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        t.digits = std::to_string(mag);
        return t;
    }
    detail::Limbs l = detail::limbs_from_bytes(unscaled, t.negative);
    t.digits = detail::limbs_to_digits(std::move(l));
    if (t.digits == "0") t.negative = false;
    return t;
}

// Sign and digits -> minimal two's-complement bytes of the unscaled value.
inline std::string decimal_bytes(const DecimalText& t) {
    bool zero = t.digits.find_first_not_of('0') == std::string::npos;
    return detail::bytes_from_limbs(detail::digits_to_limbs(t.digits), t.negative && !zero);
}

// Java BigDecimal.toString(): plain notation when the scale is >= 0 and the
// adjusted exponent is >= -6, scientific ("1.23E+5", "1E-10") otherwise.
inline void append_decimal_string(std::string& out, const DecimalText& t) {
    if (t.negative) out.push_back('-');
    const std::string& d = t.digits;
    int64_t adjusted = -static_cast<int64_t>(t.scale) + static_cast<int64_t>(d.size()) - 1;
    if (t.scale == 0) {
        out += d;
    } else if (t.scale > 0 && adjusted >= -6) {
        int64_t point = static_cast<int64_t>(d.size()) - t.scale;
        if (point > 0) {
            out.append(d, 0, static_cast<size_t>(point));
            out.push_back('.');
            out.append(d, static_cast<size_t>(point));
        } else {
            out += "0.";
            out.append(static_cast<size_t>(-point), '0');
            out += d;
        }
    } else {
        out.push_back(d[0]);
        if (d.size() > 1) {
            out.push_back('.');
            out.append(d, 1);
        }
        out.push_back('E');
        if (adjusted >= 0) out.push_back('+');
        out += std::to_string(adjusted);
    }
}
inline std::string decimal_to_string(std::string_view unscaled, int32_t scale) {
    std::string s;
    append_decimal_string(s, decimal_text(unscaled, scale));
    return s;
}

// Java BigDecimal.toPlainString(): never scientific.
inline std::string decimal_to_plain_string(std::string_view unscaled, int32_t scale) {
    DecimalText t = decimal_text(unscaled, scale);
    std::string out = t.negative ? "-" : "";
    if (t.scale <= 0) {
        out += t.digits;
        if (t.digits != "0") out.append(static_cast<size_t>(-static_cast<int64_t>(t.scale)), '0');
        return out;
    }
    int64_t point = static_cast<int64_t>(t.digits.size()) - t.scale;
    if (point > 0) {
        out.append(t.digits, 0, static_cast<size_t>(point));
        out.push_back('.');
        out.append(t.digits, static_cast<size_t>(point));
    } else {
        out += "0.";
        out.append(static_cast<size_t>(-point), '0');
        out += t.digits;
    }
    return out;
}

// Parses Java BigDecimal syntax: [+-] digits [. digits] [(e|E) [+-] digits],
// at least one digit in the significand. The scale is the count of fraction
// digits minus the exponent (may be negative, as in Java). nullopt if invalid.
inline std::optional<DecimalText> parse_decimal(std::string_view s) {
    DecimalText t;
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) t.negative = s[i++] == '-';
    std::string digits;
    int64_t frac = 0;
    bool any = false, point = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
            any = true;
            if (point) ++frac;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!any) return std::nullopt;
    int64_t exp = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool eneg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        if (i >= s.size()) return std::nullopt;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            exp = exp * 10 + (s[i] - '0');
            if (exp > 1000000000) return std::nullopt;
        }
        if (eneg) exp = -exp;
    }
    if (i != s.size()) return std::nullopt;
    int64_t scale = frac - exp;
    if (scale > INT32_MAX || scale < INT32_MIN) return std::nullopt;
    t.scale = static_cast<int32_t>(scale);
    size_t nz = digits.find_first_not_of('0');
    t.digits = nz == std::string::npos ? "0" : digits.substr(nz);
    if (t.digits == "0") t.negative = false;
    return t;
}

// Changes the scale without losing digits; nullopt when digits would be dropped.
inline std::optional<DecimalText> rescale_exact(DecimalText t, int32_t scale) {
    if (scale == t.scale) return t;
    if (t.digits == "0") {
        t.scale = scale;
        return t;
    }
    if (scale > t.scale) {
        int64_t add = int64_t(scale) - t.scale;
        if (add > 100000) return std::nullopt;
        t.digits.append(static_cast<size_t>(add), '0');
    } else {
        int64_t drop = int64_t(t.scale) - scale;
        if (drop > static_cast<int64_t>(t.digits.size())) return std::nullopt;
        size_t keep = t.digits.size() - static_cast<size_t>(drop);
        if (t.digits.find_first_not_of('0', keep) != std::string::npos) return std::nullopt;
        t.digits.resize(keep);
        if (t.digits.empty()) t.digits = "0";
    }
    t.scale = scale;
    return t;
}

// Decimal text ("12.345", "-1E+3") -> unscaled bytes at exactly `scale`.
// Throws DataException when the text is not a number or needs more fraction digits.
inline std::string decimal_from_string(std::string_view text, int32_t scale) {
    auto t = parse_decimal(text);
    if (!t) throw DataException("Invalid decimal value: \"" + std::string(text) + "\"");
    auto r = rescale_exact(*t, scale);
    if (!r)
        throw DataException("Decimal value " + std::string(text) + " does not fit scale " +
                            std::to_string(scale) + " without rounding");
    return decimal_bytes(*r);
}

// Integer unscaled value <-> bytes.
inline std::string decimal_from_unscaled(int64_t unscaled) {
    DecimalText t;
    t.negative = unscaled < 0;
    t.digits = std::to_string(t.negative ? 0 - static_cast<uint64_t>(unscaled)
                                         : static_cast<uint64_t>(unscaled));
    return decimal_bytes(t);
}
inline std::optional<int64_t> decimal_unscaled_int64(std::string_view unscaled) {
    if (unscaled.size() > 8) {
        // Longer encodings may still be redundant sign extensions.
        size_t extra = unscaled.size() - 8;
        uint8_t sign = (static_cast<uint8_t>(unscaled[0]) & 0x80) ? 0xff : 0x00;
        for (size_t i = 0; i < extra; ++i)
            if (static_cast<uint8_t>(unscaled[i]) != sign) return std::nullopt;
        if ((static_cast<uint8_t>(unscaled[extra]) & 0x80) != (sign & 0x80)) return std::nullopt;
        unscaled.remove_prefix(extra);
    }
    int64_t v = unscaled.empty() ? 0 : (static_cast<int8_t>(unscaled[0]) < 0 ? -1 : 0);
    for (char c : unscaled)
        v = static_cast<int64_t>((static_cast<uint64_t>(v) << 8) | static_cast<uint8_t>(c));
    return v;
}

// A whole number as a decimal at `scale` (exact; throws if it would not fit).
inline std::string decimal_from_int64(int64_t value, int32_t scale) {
    return decimal_from_string(std::to_string(value), scale);
}
// The decimal as int64 when it is a whole number within range, else nullopt.
inline std::optional<int64_t> decimal_to_int64_exact(std::string_view unscaled, int32_t scale) {
    auto t = rescale_exact(decimal_text(unscaled, scale), 0);
    if (!t || t->digits.size() > 19) return std::nullopt;
    uint64_t mag = std::stoull(t->digits);
    if (t->negative) {
        if (mag > uint64_t(INT64_MAX) + 1) return std::nullopt;
        return static_cast<int64_t>(0 - mag);
    }
    if (mag > uint64_t(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(mag);
}

// Nearest double (correctly rounded, as Java BigDecimal.doubleValue()).
inline double decimal_to_double(std::string_view unscaled, int32_t scale) {
    DecimalText t = decimal_text(unscaled, scale);
    std::string s = t.negative ? "-" : "";
    s += t.digits;
    s += "e" + std::to_string(-static_cast<int64_t>(t.scale));
    return std::strtod(s.c_str(), nullptr);
}
// A double as a decimal at `scale`, using its shortest round-trip text (Java
// BigDecimal.valueOf(double)); throws when that needs more fraction digits or
// the double is not finite.
inline std::string decimal_from_double(double d, int32_t scale) {
    if (!std::isfinite(d)) throw DataException("Cannot convert a non-finite double to a Decimal");
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    return decimal_from_string(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), scale);
}

// ---------------------------------------------------------------------------
// Date, Time, Timestamp
// ---------------------------------------------------------------------------

struct CivilDate {
    int64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
inline CivilDate civil_from_days(int64_t z) noexcept {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{y + (m <= 2), m, d};
}

inline int64_t floor_div(int64_t a, int64_t b) noexcept {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t floor_mod(int64_t a, int64_t b) noexcept {
    return a - floor_div(a, b) * b;
}

// Java Date.fromLogical: epoch millis -> days; the time of day must be zero.
inline int32_t date_from_millis(int64_t millis) {
    if (floor_mod(millis, kMillisPerDay) != 0)
        throw DataException(
            "Kafka Connect Date type should not have any time fields set to non-zero values.");
    return static_cast<int32_t>(floor_div(millis, kMillisPerDay));
}
inline int64_t millis_from_date(int32_t days) noexcept {
    return int64_t(days) * kMillisPerDay;
}
// Java Time.fromLogical: epoch millis -> ms of day; the date must be 1970-01-01.
inline int32_t time_from_millis(int64_t millis) {
    if (millis < 0 || millis >= kMillisPerDay)
        throw DataException(
            "Kafka Connect Time type should not have any date fields set to non-zero values.");
    return static_cast<int32_t>(millis);
}

namespace detail {
inline void append_padded(std::string& out, int64_t v, int width) {
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    for (int n = static_cast<int>(r.ptr - buf); n < width; ++n)
        out.push_back('0');
    out.append(buf, r.ptr);
}
}  // namespace detail

// yyyy-MM-dd of epoch millis (UTC).
inline void append_iso_date(std::string& out, int64_t millis) {
    CivilDate c = civil_from_days(floor_div(millis, kMillisPerDay));
    detail::append_padded(out, c.year, 4);
    out.push_back('-');
    detail::append_padded(out, c.month, 2);
    out.push_back('-');
    detail::append_padded(out, c.day, 2);
}
// HH:mm:ss.SSS'Z' of epoch millis (UTC).
inline void append_iso_time(std::string& out, int64_t millis) {
    int64_t ms = floor_mod(millis, kMillisPerDay);
    detail::append_padded(out, ms / 3600000, 2);
    out.push_back(':');
    detail::append_padded(out, ms / 60000 % 60, 2);
    out.push_back(':');
    detail::append_padded(out, ms / 1000 % 60, 2);
    out.push_back('.');
    detail::append_padded(out, ms % 1000, 3);
    out.push_back('Z');
}
// yyyy-MM-dd'T'HH:mm:ss.SSS'Z' of epoch millis (UTC).
inline void append_iso_timestamp(std::string& out, int64_t millis) {
    append_iso_date(out, millis);
    out.push_back('T');
    append_iso_time(out, millis);
}

namespace detail {
inline std::optional<int64_t> digits_at(std::string_view s, size_t pos, size_t n) {
    if (pos + n > s.size()) return std::nullopt;
    int64_t v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
// Out-of-range fields roll over into the next larger one, like Java's lenient
// SimpleDateFormat (2020-13-01 is 2021-01-01).
inline int64_t lenient_days(int64_t y, int64_t m, int64_t d) {
    int64_t m0 = m - 1;
    y += floor_div(m0, 12);
    m0 = floor_mod(m0, 12);
    return days_from_civil(y, static_cast<unsigned>(m0 + 1), 1) + d - 1;
}
}  // namespace detail

// Parsers of the three ISO forms above; epoch millis (UTC), nullopt if the text does not match.
inline std::optional<int64_t> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto y = detail::digits_at(s, 0, 4), m = detail::digits_at(s, 5, 2),
         d = detail::digits_at(s, 8, 2);
    if (!y || !m || !d) return std::nullopt;
    return detail::lenient_days(*y, *m, *d) * kMillisPerDay;
}
inline std::optional<int64_t> parse_iso_time(std::string_view s) {
    if (s.size() != 13 || s[2] != ':' || s[5] != ':' || s[8] != '.' || s[12] != 'Z')
        return std::nullopt;
    auto h = detail::digits_at(s, 0, 2), m = detail::digits_at(s, 3, 2),
         sec = detail::digits_at(s, 6, 2), ms = detail::digits_at(s, 9, 3);
    if (!h || !m || !sec || !ms) return std::nullopt;
    return ((*h * 60 + *m) * 60 + *sec) * 1000 + *ms;
}
inline std::optional<int64_t> parse_iso_timestamp(std::string_view s) {
    if (s.size() != 24 || s[10] != 'T') return std::nullopt;
    auto d = parse_iso_date(s.substr(0, 10));
    auto t = parse_iso_time(s.substr(11));
    if (!d || !t) return std::nullopt;
    return *d + *t;
}

}  // namespace kc::logical
