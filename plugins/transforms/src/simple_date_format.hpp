// java.text.SimpleDateFormat for UTC, as TimestampRouter and
// TimestampConverter use it: pattern letters G y Y M L w W D d F E u a H k K h
// m s S z Z X, quoting with '...' ('' is a quote), Locale.US names and week
// rules (weeks start on Sunday, week 1 holds January 1st), proleptic Gregorian
// calendar. The pattern is compiled once; format() writes into a caller's
// buffer without allocating, parse() is lenient like Java's default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc_transforms {

class SimpleDateFormat {
  public:
    // Throws std::invalid_argument with Java's message for a bad pattern
    // ("Illegal pattern character 'q'", "Unterminated quote").
    explicit SimpleDateFormat(std::string_view pattern);

    const std::string& pattern() const noexcept { return pattern_; }
    // Upper bound of format()'s output length.
    size_t max_length() const noexcept { return max_length_; }
    // Writes the formatted instant (epoch milliseconds) to out, which holds at
    // least max_length() bytes; returns the length written.
    size_t format(int64_t epoch_ms, char* out) const noexcept;
    std::string format(int64_t epoch_ms) const;
    // Parses text from its start (trailing text is ignored, as in Java's
    // DateFormat.parse); nullopt when it does not match the pattern.
    std::optional<int64_t> parse(std::string_view text) const;

  private:
    struct Token {
        char letter;  // 0 = literal
        int count;
        std::string literal;
    };
    std::string pattern_;
    std::vector<Token> tokens_;
    size_t max_length_ = 0;
};

}  // namespace kc_transforms
