#include "host/herder/connector_name.hpp"

#include <kc/utf8.hpp>

#include <cstdio>

namespace kc::host {

std::optional<std::string> connector_name_problem(std::string_view name) {
    if (name.empty()) return "Connector name must not be empty";
    if (name.size() > kMaxConnectorNameBytes)
        return "Connector name is " + std::to_string(name.size()) + " bytes long; the limit is " +
               std::to_string(kMaxConnectorNameBytes);
    if (auto bad = invalid_utf8_offset(name))
        return "Connector name is not valid UTF-8 (byte " + std::to_string(*bad) + ")";
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        // C1 controls (U+0080..U+009F) are encoded C2 80..C2 9F.
        const bool c1 =
            c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) <= 0x9f;
        if (c < 0x20 || c == 0x7f || c1) {
            const unsigned code = c1 ? static_cast<unsigned char>(name[i + 1]) : c;
            char hex[8];
            std::snprintf(hex, sizeof hex, "U+%04X", code);
            return std::string("Connector name may not contain control characters; it has ") + hex +
                   " at byte " + std::to_string(i);
        }
    }
    return std::nullopt;
}

}  // namespace kc::host
