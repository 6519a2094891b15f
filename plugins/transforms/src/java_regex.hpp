// java.util.regex.Pattern semantics over PCRE2: compiled (and JIT-compiled)
// once; matches() is whole-string like Matcher.matches(); replace_first() is
// Matcher.replaceFirst() with Java's replacement syntax ($1, ${name}, \$).
// Matching reuses one match-data block, so it does no heap allocation; an
// instance is used by one thread at a time (like a Java Matcher).
#pragma once

#include <kc/data.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kc_transforms {

class JavaRegex {
  public:
    // Throws std::invalid_argument with a message shaped like Java's
    // PatternSyntaxException.getMessage() (description, index, pattern, caret).
    explicit JavaRegex(std::string_view pattern);
    ~JavaRegex();
    JavaRegex(const JavaRegex&) = delete;
    JavaRegex& operator=(const JavaRegex&) = delete;

    const std::string& pattern() const noexcept { return pattern_; }
    bool matches(std::string_view subject) const noexcept;

    // A replacement string parsed against this pattern's groups. Java reports
    // a bad replacement only when it is used, so the error is kept for then.
    class Replacement {
      public:
        // Throws kc::DataException with Java's message when the text was invalid.
        void check() const;

      private:
        friend class JavaRegex;
        struct Part {
            std::string literal;
            int group = -1;  // >= 0: a group reference
        };
        std::vector<Part> parts_;
        std::string error_;
    };
    Replacement parse_replacement(std::string_view replacement) const;

    // RegexRouter's step: if matches(subject), Java's replaceFirst() of it
    // built in the arena (matched = true); else the subject itself (matched =
    // false). Usually one regex run.
    kc_str route(std::string_view subject, const Replacement& r, kc::Arena& arena,
                 bool& matched) const;

    struct Compiled;  // a PCRE2 code and its reusable match data

  private:
    // The subject with find()'s current match replaced.
    kc_str expand(std::string_view subject, const Replacement& r, kc::Arena& arena) const;
    std::string pattern_;
    std::unique_ptr<Compiled> full_;  // anchored at both ends: matches()
    std::unique_ptr<Compiled> find_;  // unanchored: find() / replaceFirst()
    size_t group_count_ = 0;
};

}  // namespace kc_transforms
