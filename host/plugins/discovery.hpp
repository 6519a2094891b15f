// Inspecting plugin locations: ELF facts and manifests of every library (no
// code runs), the isolation plan, and optionally a scan of each library's
// entry point in the scanner process. The registry and connect-plugin-path
// both start from this.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/plugins/elf_reader.hpp"
#include "host/plugins/manifest.hpp"
#include "host/plugins/plugin_library.hpp"
#include "host/plugins/plugin_path.hpp"

namespace kc::host {

// plugin.discovery, with Java's meaning.
enum class DiscoveryMode { OnlyScan, HybridWarn, HybridFail, ServiceLoad };
std::optional<DiscoveryMode> parse_discovery_mode(std::string_view value);  // case-insensitive
std::string_view discovery_mode_name(DiscoveryMode mode);

struct LibraryReport {
    std::filesystem::path path;
    std::optional<ElfInfo> elf;
    EffectiveManifest manifest;
    bool scanned = false;                        // the scanner enumerated it
    std::vector<ManifestEntry> scanned_plugins;  // what its entry point reported
    std::string problem;                         // why it is unusable; empty when fine
};

struct LocationReport {
    PluginLocation location;
    std::vector<LibraryReport> libraries;  // plugin libraries (not private dependencies)
    std::vector<std::string> bundled_sonames;
    std::string clash;    // why the location needs its own namespace; empty if it does not
    std::string refused;  // non-empty: the location cannot be used at all
    std::shared_ptr<LocationNamespace> link_namespace;
};

struct DiscoveryOptions {
    bool scan = false;                      // run each library's entry point in the scanner process
    std::filesystem::path scanner_program;  // empty: default_scanner_path()
    std::chrono::milliseconds scan_timeout{30000};
};

std::vector<LocationReport> inspect_locations(const std::vector<PluginLocation>& locations,
                                              const DiscoveryOptions& options);

}  // namespace kc::host
