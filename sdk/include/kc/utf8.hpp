// kc/utf8.hpp - UTF-8 checks for plugins and the host's converters: where the
// first malformed byte is (so an error can say so), and Java's way of decoding
// malformed input (what a Java InputStreamReader reading UTF-8 returns).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kc {

// Length of the well-formed multi-byte sequence starting at p[0] (a byte >=
// 0x80) within n bytes, or 0 when it is malformed (overlong forms, surrogates
// and code points past U+10FFFF are rejected).
inline size_t utf8_sequence_length(const uint8_t* p, size_t n) noexcept {
    uint8_t c = p[0];
    size_t len;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        return 0;
    }
    if (len > n) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t k = 2; k < len; ++k)
        if ((p[k] & 0xc0) != 0x80) return 0;
    return len;
}

namespace detail {
inline uint64_t load8(const uint8_t* p) noexcept {
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
}
constexpr uint64_t kHighBits = 0x8080808080808080ULL;
}  // namespace detail

// Length of the all-ASCII start of `s` (ASCII is always well-formed): 32
// bytes per step, then 8, and a short tail as one overlapping word. Also how
// a large buffer is checked once rather than each string cut from it.
inline size_t ascii_prefix_length(std::string_view s) noexcept {
    using detail::kHighBits;
    using detail::load8;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i + 32 <= n &&
           ((load8(p + i) | load8(p + i + 8) | load8(p + i + 16) | load8(p + i + 24)) &
            kHighBits) == 0)
        i += 32;
    while (i + 8 <= n && (load8(p + i) & kHighBits) == 0)
        i += 8;
    if (i + 8 > n && n >= 8 && (load8(p + n - 8) & kHighBits) == 0) return n;
    while (i < n && p[i] < 0x80)
        ++i;
    return i;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence,
// or nullopt when the whole text is valid.
inline std::optional<size_t> invalid_utf8_offset(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    size_t i = ascii_prefix_length(s);  // the common case: all of it
    while (i < n) {
        if (p[i] < 0x80) {
            i += ascii_prefix_length(s.substr(i));
            continue;
        }
        size_t len = utf8_sequence_length(p + i, n - i);
        if (!len) return i;
        i += len;
    }
    return std::nullopt;
}

// How many bytes at p[0] (which does not start a well-formed sequence) Java's
// UTF-8 decoder replaces with one U+FFFD: the lead byte and the continuation
// bytes that could still have completed it, and a whole encoded surrogate
// (ED A0..BF xx) as one unit. n is the bytes left; Java sees whatever follows
// (a line terminator, in a text file) as continuing nothing.
inline size_t java_malformed_utf8_length(const uint8_t* p, size_t n) noexcept {
    const auto continues = [&](size_t k) { return k < n && (p[k] & 0xc0) == 0x80; };
    const uint8_t c = p[0];
    bool second_fits;
    if (c >= 0xe0 && c <= 0xef)
        second_fits = continues(1) && (c != 0xe0 || p[1] >= 0xa0);
    else if (c >= 0xf0 && c <= 0xf4)
        second_fits = continues(1) && (c != 0xf0 || p[1] >= 0x90) && (c != 0xf4 || p[1] <= 0x8f);
    else
        return 1;  // a stray continuation byte, C0/C1, F5..FF, or a 2-byte lead cut short
    if (!second_fits) return 1;
    return continues(2) ? 3 : 2;
}

// `s` decoded as Java decodes UTF-8 and encoded again: well-formed text is
// unchanged, each malformed run becomes U+FFFD (EF BF BD).
inline std::string replace_malformed_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            out.push_back(static_cast<char>(p[i++]));
            continue;
        }
        if (size_t len = utf8_sequence_length(p + i, n - i)) {
            out.append(s.substr(i, len));
            i += len;
            continue;
        }
        out.append("\xef\xbf\xbd");
        i += java_malformed_utf8_length(p + i, n - i);
    }
    return out;
}

}  // namespace kc
