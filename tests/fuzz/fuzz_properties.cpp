// libFuzzer target: the .properties parser on arbitrary text. It either
// parses or throws ConfigError, and whatever it reads is the same on a second
// read. (Adding a final newline is no invariant: Java itself reads "\\\n" as
// the entry "" = "" and "\\\n\n" as nothing.)
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"

using kc::host::config::ConfigError;
using kc::host::config::parse_properties;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    kc::host::config::ConfigMap parsed;
    try {
        parsed = parse_properties(text, "fuzz.properties");
    } catch (const ConfigError&) {
        return 0;
    }
    if (parse_properties(text) != parsed) std::abort();
    return 0;
}
