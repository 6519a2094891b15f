// Splits a byte stream into lines the way Java's FileStreamSourceTask does:
// a line ends at "\n", "\r\n" or a lone "\r"; a trailing "\r" is held back
// until the next byte shows whether a "\n" follows; an unterminated last line
// is not emitted until its terminator arrives.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace kc_file {

struct Line {
    std::string_view text;  // without its terminator
    size_t consumed;        // bytes of text plus terminator
};

// Finds the first complete line in `data`; consumed == 0 when there is none yet.
inline Line next_line(std::string_view data) noexcept {
    const char* begin = data.data();
    const size_t n = data.size();
    // memchr scans many bytes per step; "\n" is by far the common terminator,
    // so look for it first and then for an earlier "\r" before it.
    const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', n));
    const size_t until = nl ? static_cast<size_t>(nl - begin) : n;
    if (const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', until))) {
        const size_t i = static_cast<size_t>(cr - begin);
        if (i + 1 >= n) return Line{{}, 0};  // a "\n" may still follow
        return Line{std::string_view(begin, i), begin[i + 1] == '\n' ? i + 2 : i + 1};
    }
    if (nl) return Line{std::string_view(begin, until), until + 1};
    return Line{{}, 0};
}

}  // namespace kc_file
