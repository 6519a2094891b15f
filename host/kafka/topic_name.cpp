#include "host/kafka/topic_name.hpp"

namespace kc::host::kafka {

namespace {
constexpr std::size_t kMaxTopicNameLength = 249;

bool legal_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}
}  // namespace

std::optional<std::string> topic_name_problem(std::string_view name) {
    if (name.empty()) return "Topic name is illegal, it can't be empty";
    if (name == "." || name == "..") return "Topic name cannot be \".\" or \"..\"";
    if (name.size() > kMaxTopicNameLength)
        return "Topic name is illegal, it can't be longer than " +
               std::to_string(kMaxTopicNameLength) + " characters (it has " +
               std::to_string(name.size()) + ")";
    for (char c : name)
        if (!legal_char(c))
            return "Topic name is illegal, it contains a character other than ASCII "
                   "alphanumerics, '.', '_' and '-'";
    return std::nullopt;
}

}  // namespace kc::host::kafka
