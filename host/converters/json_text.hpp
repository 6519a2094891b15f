// Writing JSON text the way Jackson does (the bytes Java's JsonConverter
// produces): strings with Jackson's escapes, Java number formatting, Base64
// for bytes. Appends to a caller-owned buffer that keeps its capacity, so a
// warm writer does not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "host/converters/utf8.hpp"
#include "kc/error.hpp"
#include "kc/values.hpp"

namespace kc::host::converters {

// A quoted JSON string. Control characters use Jackson's escapes (\b \t \n \f
// \r, else \u00XX); '"' and '\' are escaped; other bytes pass through. Invalid
// UTF-8 is refused (DataException) with its offset; `where` names the field.
// The caller has validated s as UTF-8.
inline void append_json_string_unchecked(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out.push_back('"');
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        // Skip eight plain bytes at a time (no control character, '"' or '\\').
        while (i + 8 <= s.size()) {
            constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
            uint64_t w;
            __builtin_memcpy(&w, s.data() + i, 8);
            uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
            uint64_t special =
                ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
            if (special & highs) break;
            i += 8;
        }
        if (i >= s.size()) break;
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
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
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}
inline void append_json_string(std::string& out, std::string_view s, std::string_view what) {
    if (auto bad = invalid_utf8_offset(s))
        throw DataException("Invalid UTF-8 in " + std::string(what) + " at byte " +
                            std::to_string(*bad));
    append_json_string_unchecked(out, s);
}

// Jackson writes non-finite floating values as quoted strings ("NaN").
template <class F>
void append_json_floating(std::string& out, F v) {
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

}  // namespace kc::host::converters
