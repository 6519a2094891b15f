#define PCRE2_CODE_UNIT_WIDTH 8
#include "java_regex.hpp"

#include <pcre2.h>
#include <kc/error.hpp>

#include <cctype>
#include <stdexcept>

namespace kc_transforms {

struct JavaRegex::Compiled {
    pcre2_code* code = nullptr;
    pcre2_match_data* match = nullptr;
    ~Compiled() {
        pcre2_match_data_free(match);
        pcre2_code_free(code);
    }
    // Number of the match (>= 1) or a negative PCRE2 code.
    int run(std::string_view s) const noexcept {
        return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, match,
                           nullptr);
    }
};

namespace {

std::unique_ptr<JavaRegex::Compiled> compile(const std::string& pattern, uint32_t extra_options,
                                             std::string& error, size_t& error_at) {
    pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
    // Java's line terminators are \n, \r\n, \r, \u0085, \u2028 and \u2029.
    pcre2_set_newline(ctx, PCRE2_NEWLINE_ANY);
    pcre2_set_compile_extra_options(ctx, PCRE2_EXTRA_ALT_BSUX);
    int code_err = 0;
    PCRE2_SIZE offset = 0;
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX | extra_options;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     options, &code_err, &offset, ctx);
    pcre2_compile_context_free(ctx);
    if (!code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(code_err, buf, sizeof buf);
        error = reinterpret_cast<const char*>(buf);
        error_at = offset;
        return nullptr;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
    auto c = std::make_unique<JavaRegex::Compiled>();
    c->code = code;
    c->match = pcre2_match_data_create_from_pattern(code, nullptr);
    if (!c->match) throw std::bad_alloc();
    return c;
}

}  // namespace

JavaRegex::JavaRegex(std::string_view pattern) : pattern_(pattern) {
    std::string error;
    size_t at = 0;
    find_ = compile(pattern_, 0, error, at);
    if (find_) full_ = compile(pattern_, PCRE2_ANCHORED | PCRE2_ENDANCHORED, error, at);
    if (!find_ || !full_) {
        // Java: "<description> near index N\n<pattern>\n   ^"
        error[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(error[0])));
        std::string msg = error + " near index " + std::to_string(at) + "\n" + pattern_;
        if (at < pattern_.size()) msg += "\n" + std::string(at, ' ') + "^";
        throw std::invalid_argument(msg);
    }
    uint32_t captures = 0;
    pcre2_pattern_info(find_->code, PCRE2_INFO_CAPTURECOUNT, &captures);
    group_count_ = captures;
}

JavaRegex::~JavaRegex() = default;

bool JavaRegex::matches(std::string_view subject) const noexcept {
    return full_->run(subject) > 0;
}

kc_str JavaRegex::route(std::string_view subject, const Replacement& r, kc::Arena& arena,
                        bool& matched) const {
    // Common case: find() at 0 already spans the whole name, so matches() is
    // true and replaceFirst() would use this very match: one regex run.
    int rc = find_->run(subject);
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(find_->match);
    matched = rc > 0 && ov[0] == 0 && ov[1] == subject.size();
    if (!matched) {
        matched = full_->run(subject) > 0;
        if (!matched) return kc::str_ref(subject);
        find_->run(subject);  // restore find()'s match for the replacement
    }
    return expand(subject, r, arena);
}

void JavaRegex::Replacement::check() const {
    if (!error_.empty()) throw kc::DataException(error_);
}

JavaRegex::Replacement JavaRegex::parse_replacement(std::string_view text) const {
    Replacement r;
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) r.parts_.push_back({std::move(literal), -1});
        literal.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            if (++i == text.size()) {
                r.error_ = "character to be escaped is missing";
                return r;
            }
            literal += text[i];
            continue;
        }
        if (c != '$') {
            literal += c;
            continue;
        }
        if (++i == text.size()) {
            r.error_ = "Illegal group reference: group index is missing";
            return r;
        }
        int group;
        if (text[i] == '{') {
            size_t close = text.find('}', i + 1);
            if (close == std::string_view::npos) {
                r.error_ = "named capturing group is missing trailing '}'";
                return r;
            }
            std::string name(text.substr(i + 1, close - i - 1));
            if (name.empty()) {
                r.error_ = "named capturing group has 0 length name";
                return r;
            }
            int n = pcre2_substring_number_from_name(find_->code,
                                                     reinterpret_cast<PCRE2_SPTR>(name.c_str()));
            if (n <= 0) {
                r.error_ = "No group with name {" + name + "}";
                return r;
            }
            group = n;
            i = close;
        } else {
            if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
                r.error_ = "Illegal group reference";
                return r;
            }
            // Java takes further digits only while the number stays a valid group.
            group = text[i] - '0';
            while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
                int next = group * 10 + (text[i + 1] - '0');
                if (static_cast<size_t>(next) > group_count_) break;
                group = next;
                ++i;
            }
            if (static_cast<size_t>(group) > group_count_) {
                r.error_ = "No group " + std::to_string(group);
                return r;
            }
        }
        flush();
        r.parts_.push_back({{}, group});
    }
    flush();
    return r;
}

kc_str JavaRegex::expand(std::string_view subject, const Replacement& r, kc::Arena& arena) const {
    r.check();
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(find_->match);
    auto group_text = [&](int g) -> std::string_view {
        if (ov[2 * g] == PCRE2_UNSET) return {};  // Java appends nothing for an unset group
        return subject.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    };
    size_t len = ov[0] + (subject.size() - ov[1]);
    for (const auto& p : r.parts_)
        len += p.group >= 0 ? group_text(p.group).size() : p.literal.size();
    char* out = arena.alloc<char>(len);
    char* w = out;
    auto put = [&](std::string_view s) {
        if (!s.empty()) std::memcpy(w, s.data(), s.size());
        w += s.size();
    };
    put(subject.substr(0, ov[0]));
    for (const auto& p : r.parts_)
        put(p.group >= 0 ? group_text(p.group) : std::string_view(p.literal));
    put(subject.substr(ov[1]));
    return kc_str{out, len};
}

}  // namespace kc_transforms
