// The plugins a worker can use: discovered under plugin.path according to
// plugin.discovery, plus host built-ins; resolved by class name or alias and
// optionally by version; libraries loaded on first use.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "host/plugins/discovery.hpp"
#include "host/plugins/host_services.hpp"
#include "host/plugins/plugin_library.hpp"
#include "kc/abi.h"

namespace kc::host {

struct WorkerPluginConfig {
    std::vector<std::filesystem::path> plugin_path;
    DiscoveryMode discovery = DiscoveryMode::HybridWarn;
    std::filesystem::path scanner_program;  // empty: kc-plugin-scanner beside this executable
    std::chrono::milliseconds scan_timeout{30000};

    // From the worker's plugin.path and plugin.discovery values; throws
    // std::invalid_argument naming a bad plugin.discovery value.
    static WorkerPluginConfig from_values(std::string_view plugin_path, std::string_view discovery);
};

struct PluginInfo {
    kc_plugin_kind kind = KC_KIND_SOURCE_CONNECTOR;
    std::string class_name;
    std::string version;                     // "undefined" when the plugin has none
    std::vector<std::string> extra_aliases;  // from the descriptor / manifest
    std::vector<std::string> aliases;        // usable aliases (unambiguous), computed
    std::filesystem::path location;          // empty for built-ins ("classpath")
    std::filesystem::path library;
    bool builtin = false;
    bool has_manifest = false;
};

// A resolved plugin: its descriptor, and its library kept alive.
class PluginHandle {
  public:
    PluginHandle(const kc_descriptor* descriptor, std::shared_ptr<PluginLibrary> library,
                 PluginInfo info)
        : descriptor_(descriptor), library_(std::move(library)), info_(std::move(info)) {}
    const kc_descriptor* descriptor() const { return descriptor_; }
    const PluginInfo& info() const { return info_; }
    const std::shared_ptr<PluginLibrary>& library() const { return library_; }

  private:
    const kc_descriptor* descriptor_;
    std::shared_ptr<PluginLibrary> library_;  // null for built-ins
    PluginInfo info_;
};

struct DiscoveryProblem {
    std::filesystem::path file;
    std::string reason;
};

// plugin.discovery=hybrid_fail found plugins without manifests or bad libraries.
class PluginDiscoveryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class PluginRegistry {
  public:
    // Discovers per config.discovery. Bad libraries are logged and skipped;
    // hybrid_fail throws PluginDiscoveryError listing them instead.
    explicit PluginRegistry(WorkerPluginConfig config);
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    // A plugin compiled into the host (converters, config providers). The
    // descriptor must outlive the registry.
    void add_builtin(const kc_descriptor* descriptor);

    // By full class name or alias; the newest version unless one is given
    // ("latest" = newest). Loads the library on first use. Throws PluginError
    // (KC_CONFIG) when nothing matches, an alias is ambiguous, or loading fails.
    PluginHandle resolve(kc_plugin_kind kind, std::string_view name,
                         std::optional<std::string_view> version = std::nullopt);
    // Either connector kind.
    PluginHandle resolve_connector(std::string_view name,
                                   std::optional<std::string_view> version = std::nullopt);

    // Every plugin, sorted by kind, class and version.
    std::vector<PluginInfo> plugins() const;
    // Libraries and locations skipped at discovery, with the reason.
    const std::vector<DiscoveryProblem>& problems() const { return problems_; }
    DiscoveryMode mode() const { return config_.discovery; }

  private:
    struct Library {
        std::filesystem::path path;
        std::filesystem::path location;
        std::shared_ptr<LocationNamespace> link_namespace;
    };
    struct Entry {
        PluginInfo info;
        std::optional<size_t> library;           // index into libraries_
        const kc_descriptor* builtin = nullptr;  // built-ins only
    };

    void register_entry(Entry entry);
    void build_from(std::vector<LocationReport>& reports);
    void compute_aliases();
    PluginHandle resolve_matching(std::string_view name, std::optional<std::string_view> version,
                                  bool (*accepts)(kc_plugin_kind, kc_plugin_kind),
                                  kc_plugin_kind kind);
    PluginHandle materialise(const Entry& entry);

    WorkerPluginConfig config_;
    std::vector<Library> libraries_;
    std::vector<Entry> entries_;
    // (kind, class, version) -> index into entries_: finds duplicates without
    // a scan per registration, which made 40,000 manifest entries take seconds.
    std::map<std::tuple<kc_plugin_kind, std::string, std::string>, size_t> entry_index_;
    std::vector<DiscoveryProblem> problems_;
    // alias -> the distinct classes claiming it (usable only when exactly one)
    std::map<std::string, std::vector<std::string>, std::less<>> alias_claims_;
    mutable std::mutex mutex_;
};

}  // namespace kc::host
