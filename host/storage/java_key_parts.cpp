#include "host/storage/java_key_parts.hpp"

#include <charconv>
#include <string>
#include <vector>

namespace kc::host::storage::java_key_parts {
namespace {

std::vector<std::string_view> split_dash(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dash = s.find('-', start);
        if (dash == std::string_view::npos) {
            parts.push_back(s.substr(start));
            break;
        }
        parts.push_back(s.substr(start, dash - start));
        start = dash + 1;
    }
    while (!parts.empty() && parts.back().empty())
        parts.pop_back();
    return parts;
}

// Integer.parseInt for text without '-' (the split removed them): an optional
// '+', then decimal digits, within int range.
std::optional<int> parse_java_int(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

}  // namespace

std::optional<ConnectorTaskId> task_id(std::string_view key, std::size_t prefix_parts) {
    const std::vector<std::string_view> parts = split_dash(key);
    if (parts.size() < prefix_parts + 2) return std::nullopt;
    const auto task = parse_java_int(parts.back());
    if (!task) return std::nullopt;
    std::string connector;
    for (std::size_t i = prefix_parts; i + 1 < parts.size(); ++i) {
        if (i > prefix_parts) connector.push_back('-');
        connector.append(parts[i]);
    }
    return ConnectorTaskId{std::move(connector), *task};
}

}  // namespace kc::host::storage::java_key_parts
