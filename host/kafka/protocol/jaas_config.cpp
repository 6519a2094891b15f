#include "host/kafka/protocol/jaas_config.hpp"

#include <cctype>

#include "host/kafka/protocol/security_config.hpp"

namespace kc::host::kafka::protocol {
namespace {

class JaasParser {
  public:
    explicit JaasParser(std::string_view text) : text_(text) {}

    JaasEntry parse() {
        JaasEntry out;
        out.login_module = word("a login module class name");
        out.control_flag = word("a control flag (required, requisite, sufficient, optional)");
        if (out.control_flag != "required" && out.control_flag != "requisite" &&
            out.control_flag != "sufficient" && out.control_flag != "optional")
            fail("unknown control flag '" + out.control_flag + "'");
        for (skip_space(); peek() != ';'; skip_space()) {
            if (at_end()) fail("missing ';' at the end");
            std::string key = word("an option name");
            skip_space();
            if (peek() != '=') fail("expected '=' after option " + key);
            ++pos_;
            skip_space();
            out.options[key] = value(key);
        }
        ++pos_;
        skip_space();
        if (!at_end()) fail("only one login module entry is supported");
        return out;
    }

  private:
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    void skip_space() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw SecurityError("sasl.jaas.config: " + what + " at character " +
                            std::to_string(pos_ + 1));
    }

    std::string word(const char* expected) {
        skip_space();
        const std::size_t start = pos_;
        while (!at_end() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
               text_[pos_] != '=' && text_[pos_] != ';' && text_[pos_] != '"')
            ++pos_;
        if (pos_ == start) fail(std::string("expected ") + expected);
        return std::string(text_.substr(start, pos_ - start));
    }

    std::string value(const std::string& key) {
        if (peek() != '"') return word(("a value for " + key).c_str());
        ++pos_;
        std::string out;
        while (!at_end() && text_[pos_] != '"') {
            // A backslash escapes the next character, as Java's StreamTokenizer does.
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
            out.push_back(text_[pos_++]);
        }
        if (at_end()) fail("unterminated quoted value of " + key);
        ++pos_;
        return out;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

JaasEntry parse_jaas_config(std::string_view text) {
    return JaasParser(text).parse();
}

}  // namespace kc::host::kafka::protocol
