// Bytes as lower-case hex, for comparing encodings in test failures.
#pragma once

#include <string>
#include <string_view>

inline std::string hex(std::string_view b) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}
