// Writing JSON text the way Jackson does (the bytes Java's JsonConverter
// produces): strings with Jackson's escapes, Java number formatting, Base64
// for bytes. Appends to a caller-owned buffer that keeps its capacity, so a
// warm writer does not allocate.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "kc/error.hpp"
#include "kc/utf8.hpp"
#include "kc/values.hpp"

namespace kc::host {

// A quoted JSON string. Control characters use Jackson's escapes (\b \t \n \f
// \r, else \u00XX); '"' and '\' are escaped; other bytes pass through.
// UTF-8 is validated in the same pass (one read of the text): returns the
// offset of the first invalid byte (out then holds a partial string, which
// the caller discards by failing) or nullopt.
inline std::optional<size_t> append_json_string_checked(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    out.reserve(out.size() + n + 2);
    out.push_back('"');
    size_t run = 0, i = 0;
    while (i < n) {
        // Skip eight plain ASCII bytes at a time (no control character, '"',
        // '\\' or byte >= 0x80).
        while (i + 8 <= n) {
            constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
            uint64_t w;
            __builtin_memcpy(&w, p + i, 8);
            uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
            uint64_t special =
                (w - ones * 0x20) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | w;
            if (special & highs) break;
            i += 8;
        }
        if (i >= n) break;
        uint8_t c = p[i];
        if (c >= 0x80) {
            size_t len = utf8_sequence_length(p + i, n - i);
            if (!len) return i;
            i += len;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s.data() + run, i - run);
        run = ++i;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default: {
                char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                out.append(esc, 6);
            }
        }
    }
    out.append(s.data() + run, n - run);
    out.push_back('"');
    return std::nullopt;
}
// As above, refusing invalid UTF-8 (DataException); `what` names the text.
inline void append_json_string(std::string& out, std::string_view s, std::string_view what) {
    if (auto bad = append_json_string_checked(out, s))
        throw DataException("Invalid UTF-8 in " + std::string(what) + " at byte " +
                            std::to_string(*bad));
}

// Java's text for a double in [1e-3, 1e7) with at most 15 significant
// digits (the common case: prices, ratios, measurements) without a general
// shortest-digits search: the fewest decimals k for which m = round(|v| * 10^k)
// reads back as |v| (m / 10^k is then the correctly rounded parse of "m e-k").
// Below 10^15 the digits fix v so tightly that this m is the only k-decimal
// candidate, hence the shortest form. False when v needs more digits.
inline bool append_short_decimal(std::string& out, double v) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double a = std::fabs(v);
    for (int k = 0; k < 16; ++k) {
        double scaled = a * kPow10[k];
        if (scaled >= 1e15) return false;
        double m = std::nearbyint(scaled);
        if (m / kPow10[k] != a) continue;
        char digits[20];
        auto r = std::to_chars(digits, digits + sizeof digits, static_cast<uint64_t>(m));
        size_t len = static_cast<size_t>(r.ptr - digits), decimals = static_cast<size_t>(k);
        if (std::signbit(v)) out.push_back('-');
        if (len > decimals) {
            out.append(digits, len - decimals);
        } else {
            out.push_back('0');
        }
        out.push_back('.');
        if (decimals == 0) {
            out.push_back('0');
        } else if (len >= decimals) {
            out.append(digits + len - decimals, decimals);
        } else {
            out.append(decimals - len, '0');
            out.append(digits, len);
        }
        return true;
    }
    return false;
}

// Jackson writes non-finite floating values as quoted strings ("NaN").
template <class F>
void append_json_floating(std::string& out, F v) {
    // Java prints magnitudes in [1e-3, 1e7) plainly with the shortest
    // round-trip digits: exactly to_chars' fixed form (plus ".0" for a whole
    // number), without the digit reshuffling the general formatter needs.
    if (F a = std::fabs(v); a >= F(1e-3) && a < F(1e7)) {
        if constexpr (sizeof(F) == sizeof(double))
            if (append_short_decimal(out, v)) return;
        char buf[48];
        auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
        out.append(buf, r.ptr);
        if (!std::memchr(buf, '.', static_cast<size_t>(r.ptr - buf))) out += ".0";
        return;
    }
    bool finite = std::isfinite(v);
    if (!finite) out.push_back('"');
    if constexpr (sizeof(F) == sizeof(float))
        values::append_java_float(out, v);
    else
        values::append_java_double(out, v);
    if (!finite) out.push_back('"');
}

inline void append_json_base64(std::string& out, std::string_view bytes) {
    out.push_back('"');
    values::append_base64(out, bytes);
    out.push_back('"');
}

}  // namespace kc::host
