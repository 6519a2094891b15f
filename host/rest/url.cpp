#include "host/rest/url.hpp"

#include <cctype>

namespace kc::host::rest {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string percent_encode_segment(std::string_view in) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

namespace {

// RFC 9112 3.2.2: a server must accept the absolute form ("http://host:port/path?q") a client
// sends to a proxy; only its path and query address the resource here.
std::string without_scheme_and_authority(std::string_view target) {
    const auto starts_with_nocase = [&](std::string_view prefix) {
        if (target.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(target[i])) != prefix[i]) return false;
        return true;
    };
    std::size_t authority;
    if (starts_with_nocase("http://"))
        authority = 7;
    else if (starts_with_nocase("https://"))
        authority = 8;
    else
        return std::string(target);
    const auto path = target.find_first_of("/?", authority);
    if (path == std::string_view::npos) return "/";
    if (target[path] == '?') return "/" + std::string(target.substr(path));
    return std::string(target.substr(path));
}

}  // namespace

std::optional<SplitTarget> split_target(std::string_view raw_target) {
    const std::string origin_form = without_scheme_and_authority(raw_target);
    const std::string_view target = origin_form;
    SplitTarget out;
    auto q = target.find('?');
    out.path = std::string(target.substr(0, q));
    if (q == std::string_view::npos) return out;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto name = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
        if (!name || !value) return std::nullopt;
        out.query.emplace(*name, *value);
    }
    return out;
}

}  // namespace kc::host::rest
