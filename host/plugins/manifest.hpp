// The plugin manifest: what a library provides, read without running its
// code, from its .kc_manifest section (written by kc/export.hpp) or a sidecar
// file <lib>.so.kc-manifest.json (the sidecar wins). The JSON:
//   {"kc_abi": {"major": 1, "minor": 1}, "sdk_version": "...",
//    "plugins": [{"kind": "source", "class": "...", "version": "...",
//                 "aliases": ["..."]}]}
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/abi.h"

namespace kc::host {

struct ManifestEntry {
    kc_plugin_kind kind = KC_KIND_SOURCE_CONNECTOR;
    std::string class_name;
    std::vector<std::string> aliases;  // the descriptor's extra aliases only
    std::string version;               // "undefined" when the plugin has none

    bool operator==(const ManifestEntry&) const = default;
};

struct Manifest {
    int abi_major = KC_ABI_MAJOR;
    int abi_minor = KC_ABI_MINOR;
    std::string sdk_version;
    std::vector<ManifestEntry> plugins;
};

struct ManifestParseResult {
    std::optional<Manifest> manifest;
    std::string error;
};

ManifestParseResult parse_manifest(std::string_view json);
std::string manifest_to_json(const Manifest& manifest);

// Same set of plugins (kind, class, version, aliases), whatever the order.
bool same_plugins(const Manifest& a, const Manifest& b);

std::filesystem::path sidecar_path(const std::filesystem::path& library);

// The manifest that applies to a library: the sidecar when present, else the
// embedded one; a disagreement between the two is logged as a warning.
struct EffectiveManifest {
    std::optional<Manifest> manifest;
    enum class Source { None, Embedded, Sidecar } source = Source::None;
    std::string error;  // a manifest exists but cannot be used
};
EffectiveManifest effective_manifest(const std::filesystem::path& library,
                                     const std::optional<std::string>& embedded);

}  // namespace kc::host
