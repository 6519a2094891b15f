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
    size_t n = data.size();
    for (size_t i = 0; i < n; ++i) {
        // memchr-like scan for either terminator; \n is by far the common case.
        char c = begin[i];
        if (c == '\n') return Line{std::string_view(begin, i), i + 1};
        if (c == '\r') {
            if (i + 1 >= n) return Line{{}, 0};
            return Line{std::string_view(begin, i), begin[i + 1] == '\n' ? i + 2 : i + 1};
        }
    }
    return Line{{}, 0};
}

}  // namespace kc_file
