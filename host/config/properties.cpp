#include "host/config/properties.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include "host/config/config_error.hpp"

namespace kc::host::config {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

struct LogicalLine {
    std::string text;  // escapes still in place, continuation backslashes removed
    int first_line;    // 1-based number of the natural line it starts on
};

// Splits input into logical lines following java.util.Properties.LineReader.
class LineReader {
  public:
    explicit LineReader(std::string_view in) : in_(in) {}

    bool next(LogicalLine& out) {
        out.text.clear();
        bool skip_white = true;
        bool appended_line_begin = false;
        bool new_line = true;
        bool comment = false;
        bool preceding_backslash = false;
        out.first_line = line_;
        while (pos_ < in_.size()) {
            const char c = in_[pos_++];
            if (skip_lf_) {
                skip_lf_ = false;
                if (c == '\n') continue;
            }
            if (skip_white) {
                if (is_blank(c)) continue;
                if (!appended_line_begin && (c == '\r' || c == '\n')) {
                    note_newline(c);
                    out.first_line = line_;
                    continue;
                }
                skip_white = false;
                appended_line_begin = false;
            }
            if (new_line) {
                new_line = false;
                if (c == '#' || c == '!') comment = true;
            }
            if (c != '\n' && c != '\r') {
                if (!comment) out.text.push_back(c);
                preceding_backslash = (c == '\\') ? !preceding_backslash : false;
                continue;
            }
            note_newline(c);
            if (comment || out.text.empty()) {
                comment = false;
                new_line = true;
                skip_white = true;
                preceding_backslash = false;
                out.text.clear();
                out.first_line = line_;
                continue;
            }
            if (preceding_backslash) {
                out.text.pop_back();
                // As in Java, a line continued into the end of the input is a
                // line, even one left empty ("\\\n" is the entry "" = "").
                if (pos_ >= in_.size()) return true;
                skip_white = true;
                appended_line_begin = true;
                preceding_backslash = false;
                continue;
            }
            return true;
        }
        if (comment || out.text.empty()) return false;
        if (preceding_backslash) out.text.pop_back();
        return true;
    }

  private:
    void note_newline(char c) {
        ++line_;
        if (c == '\r') skip_lf_ = true;
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    int line_ = 1;
    bool skip_lf_ = false;
};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Java loadConvert: resolves escapes. Java strings are UTF-16, so a \u escaped
// surrogate pair is joined into one code point; a lone surrogate becomes U+FFFD.
std::string unescape(std::string_view s, std::string_view source, int line) {
    std::string out;
    out.reserve(s.size());
    char32_t pending_high = 0;
    auto flush_high = [&] {
        if (pending_high) append_utf8(out, U'\uFFFD');
        pending_high = 0;
    };
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i++];
        if (c != '\\') {
            flush_high();
            out.push_back(c);
            continue;
        }
        if (i >= s.size()) break;  // lone trailing backslash: nothing escaped
        c = s[i++];
        if (c != 'u') {
            flush_high();
            switch (c) {
                case 't':
                    c = '\t';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case 'n':
                    c = '\n';
                    break;
                case 'f':
                    c = '\f';
                    break;
                default:
                    break;
            }
            out.push_back(c);
            continue;
        }
        if (s.size() - i < 4) {
            throw ConfigError(std::string(source) + ":" + std::to_string(line) +
                              ": malformed \\uxxxx escape (fewer than 4 hex digits)");
        }
        char32_t cp = 0;
        for (int k = 0; k < 4; ++k) {
            const int d = hex_digit(s[i + k]);
            if (d < 0) {
                throw ConfigError(std::string(source) + ":" + std::to_string(line) +
                                  ": malformed \\uxxxx escape '\\u" + std::string(s.substr(i, 4)) +
                                  "'");
            }
            cp = cp * 16 + static_cast<char32_t>(d);
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            flush_high();
            pending_high = cp;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            if (pending_high) {
                append_utf8(out, 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00));
                pending_high = 0;
            } else {
                append_utf8(out, U'\uFFFD');
            }
        } else {
            flush_high();
            append_utf8(out, cp);
        }
    }
    flush_high();
    return out;
}

}  // namespace

ConfigMap parse_properties(std::string_view text, std::string_view source) {
    ConfigMap result;
    LineReader reader(text);
    LogicalLine line;
    while (reader.next(line)) {
        const std::string& buf = line.text;
        const std::size_t limit = buf.size();
        std::size_t key_len = 0;
        std::size_t value_start = limit;
        bool has_sep = false;
        bool preceding_backslash = false;
        while (key_len < limit) {
            const char c = buf[key_len];
            if ((c == '=' || c == ':') && !preceding_backslash) {
                value_start = key_len + 1;
                has_sep = true;
                break;
            }
            if (is_blank(c) && !preceding_backslash) {
                value_start = key_len + 1;
                break;
            }
            preceding_backslash = (c == '\\') ? !preceding_backslash : false;
            ++key_len;
        }
        while (value_start < limit) {
            const char c = buf[value_start];
            if (!is_blank(c)) {
                if (!has_sep && (c == '=' || c == ':')) {
                    has_sep = true;
                } else {
                    break;
                }
            }
            ++value_start;
        }
        std::string_view view(buf);
        result.set(unescape(view.substr(0, key_len), source, line.first_line),
                   unescape(view.substr(value_start), source, line.first_line));
    }
    return result;
}

ConfigMap load_properties_file(const std::filesystem::path& path) {
    // Opening a directory succeeds and reads as empty: say so rather than "missing keys".
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ConfigError(path.string() + " is a directory, not a properties file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("cannot open properties file " + path.string());
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw ConfigError("cannot read properties file " + path.string());
    return parse_properties(buf.str(), path.string());
}

}  // namespace kc::host::config
