// libFuzzer target: the plugin manifest reader (the JSON of a .kc_manifest
// section or a sidecar file) on arbitrary text. A manifest that parses is
// written back, and what is written parses to the same plugins; no name read
// holds a NUL (which C-string uses would cut short).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "host/plugins/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view json(reinterpret_cast<const char*>(data), size);
    auto parsed = kc::host::parse_manifest(json);
    if (!parsed.manifest) {
        if (parsed.error.empty()) std::abort();  // a refusal always says why
        return 0;
    }
    for (const auto& e : parsed.manifest->plugins) {
        if (e.class_name.find('\0') != std::string::npos) std::abort();
        for (const auto& a : e.aliases)
            if (a.find('\0') != std::string::npos) std::abort();
    }
    auto again = kc::host::parse_manifest(kc::host::manifest_to_json(*parsed.manifest));
    if (!again.manifest || !kc::host::same_plugins(*parsed.manifest, *again.manifest)) std::abort();
    return 0;
}
