// Helpers for writing expected protocol bytes by hand in tests: hex with
// spaces allowed, and ASCII text without any length prefix.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kc::test {

inline std::string hex(std::string_view text) {
    std::string out;
    int high = -1;
    for (char c : text) {
        if (c == ' ' || c == '\n') continue;
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else
            throw std::invalid_argument(std::string("not a hex digit: ") + c);
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<char>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0) throw std::invalid_argument("odd number of hex digits");
    return out;
}

inline std::string ascii(std::string_view text) {
    return std::string(text);
}

}  // namespace kc::test
