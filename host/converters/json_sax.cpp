#include "host/converters/json_sax.hpp"

#include <rapidjson/error/en.h>

#include <string>

#include "kc/error.hpp"

namespace kc::host::converters {

void JsonSax::fail(rapidjson::ParseErrorCode code, size_t offset, const Handler& h) {
    const std::string prefix =
        "Converting byte[] to Kafka Connect data failed due to serialization error: ";
    if (h.lone_surrogate)
        throw DataException(prefix +
                            "a \\u escape encodes a lone surrogate (string ending at offset " +
                            std::to_string(offset) + ")");
    if (h.too_deep)
        throw DataException(prefix + "JSON nested deeper than " + std::to_string(kMaxDepth) +
                            " levels at offset " + std::to_string(offset));
    throw DataException(prefix + rapidjson::GetParseError_En(code) + " (at offset " +
                        std::to_string(offset) + ")");
}

namespace {
bool digit(char c) {
    return c >= '0' && c <= '9';
}
// End of the JSON number (RFC 8259 grammar) starting at i, or i when none does.
size_t number_end(std::string_view t, size_t i) {
    const size_t start = i;
    if (i < t.size() && t[i] == '-') ++i;
    if (i < t.size() && t[i] == '0') {
        ++i;
    } else if (i < t.size() && digit(t[i])) {
        while (i < t.size() && digit(t[i]))
            ++i;
    } else {
        return start;
    }
    if (i < t.size() && t[i] == '.') {
        if (++i == t.size() || !digit(t[i])) return start;
        while (i < t.size() && digit(t[i]))
            ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        if (++i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (i == t.size() || !digit(t[i])) return start;
        while (i < t.size() && digit(t[i]))
            ++i;
    }
    return i;
}
bool number_char(char c) {
    return digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
}  // namespace

std::vector<JsonSax::Masked> JsonSax::mask_numbers(std::string_view text, char* buffer) {
    std::vector<Masked> masked;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {  // skip the string, escapes included
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            ++i;
        } else if (c == '-' || digit(c)) {
            size_t token = i;  // the run of number characters RapidJSON would read
            while (token < text.size() && number_char(text[token]))
                ++token;
            const size_t end = number_end(text, i);
            if (end == token && end - i > 1) {
                buffer[i] = '0';
                std::memset(buffer + i + 1, ' ', end - i - 1);
                masked.push_back({i, end - i});
            }
            i = token;
        } else {
            ++i;
        }
    }
    return masked;
}

void JsonSax::fail_nul(size_t offset) {
    throw DataException(
        "Converting byte[] to Kafka Connect data failed due to serialization error: unexpected "
        "NUL byte (at offset " +
        std::to_string(offset) + ")");
}

}  // namespace kc::host::converters
