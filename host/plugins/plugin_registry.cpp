#include "host/plugins/plugin_registry.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "host/plugins/aliases.hpp"
#include "host/plugins/plugin_kind.hpp"

namespace kc::host {
namespace fs = std::filesystem;

WorkerPluginConfig WorkerPluginConfig::from_values(std::string_view plugin_path,
                                                   std::string_view discovery) {
    WorkerPluginConfig config;
    config.plugin_path = parse_plugin_path(plugin_path);
    if (!discovery.empty()) {
        auto mode = parse_discovery_mode(discovery);
        if (!mode)
            throw std::invalid_argument(
                "Invalid value " + std::string(discovery) +
                " for configuration plugin.discovery: String must be one of (case insensitive): "
                "ONLY_SCAN, HYBRID_WARN, HYBRID_FAIL, SERVICE_LOAD");
        config.discovery = *mode;
    }
    return config;
}

namespace {

bool same_kind(kc_plugin_kind wanted, kc_plugin_kind actual) {
    return wanted == actual;
}
bool any_connector(kc_plugin_kind, kc_plugin_kind actual) {
    return is_connector(actual);
}

// The (kind, class) pairs a list of entries names, for membership checks in
// logarithmic time: libraries can list tens of thousands of plugins.
using PluginKeys = std::set<std::pair<kc_plugin_kind, std::string>, std::less<>>;

PluginKeys keys_of(const std::vector<ManifestEntry>& entries) {
    PluginKeys keys;
    for (const auto& e : entries)
        keys.emplace(e.kind, e.class_name);
    return keys;
}

bool listed_in(const PluginKeys& keys, const ManifestEntry& e) {
    return keys.count({e.kind, e.class_name}) != 0;
}

std::string missing_manifest_message(const std::vector<std::string>& rows, bool fail) {
    std::string msg =
        "One or more plugins are missing ServiceLoader manifests may not be usable with "
        "plugin.discovery=service_load: [\n";
    for (const auto& row : rows)
        msg += row + "\n";
    msg +=
        "]\nRead the documentation at "
        "https://kafka.apache.org/documentation.html#connect_plugindiscovery for instructions on "
        "migrating your plugins to take advantage of the performance improvements of "
        "service_load mode.";
    msg += fail ? " To silence this error, set plugin.discovery=hybrid_warn in the worker config."
                : " To silence this warning, set plugin.discovery=only_scan in the worker config.";
    return msg;
}

}  // namespace

PluginRegistry::PluginRegistry(WorkerPluginConfig config) : config_(std::move(config)) {
    DiscoveryOptions options;
    options.scan = config_.discovery != DiscoveryMode::ServiceLoad;
    options.scanner_program = config_.scanner_program;
    options.scan_timeout = config_.scan_timeout;
    auto reports = inspect_locations(plugin_locations(config_.plugin_path), options);
    build_from(reports);
    compute_aliases();
}

void PluginRegistry::build_from(std::vector<LocationReport>& reports) {
    const bool scan_mode = config_.discovery != DiscoveryMode::ServiceLoad;
    const bool hybrid = config_.discovery == DiscoveryMode::HybridWarn ||
                        config_.discovery == DiscoveryMode::HybridFail;
    std::vector<std::string> missing;  // Java's rows: location \t class \t type \t version
    std::vector<std::string> without_manifest;
    for (auto& report : reports) {
        if (!report.refused.empty()) {
            problems_.push_back({report.location.path, report.refused});
            continue;
        }
        for (auto& lib : report.libraries) {
            if (!lib.problem.empty()) {
                problems_.push_back({lib.path, lib.problem});
                continue;
            }
            const auto& manifest = lib.manifest.manifest;
            size_t index = libraries_.size();
            libraries_.push_back({lib.path, report.location.path, report.link_namespace});
            const PluginKeys manifest_keys = manifest ? keys_of(manifest->plugins) : PluginKeys{};
            std::vector<ManifestEntry> found;
            if (scan_mode) {
                found = lib.scanned_plugins;
                const PluginKeys found_keys = keys_of(found);
                for (const auto& e : found)
                    if (!listed_in(manifest_keys, e))
                        missing.push_back(report.location.path.string() + "\t" + e.class_name +
                                          "\t" + std::string(kind_name(e.kind)) + "\t" + e.version);
                if (hybrid && manifest)
                    for (const auto& m : manifest->plugins)
                        if (!listed_in(found_keys, m))
                            spdlog::warn(
                                "Plugin library {}: its manifest lists {} {} but the library "
                                "does not provide it; ignoring that manifest entry",
                                lib.path.string(), kind_name(m.kind), m.class_name);
            } else if (manifest) {
                found = manifest->plugins;
            } else {
                without_manifest.push_back(lib.path.string());
            }
            for (auto& e : found) {
                Entry entry;
                entry.info.kind = e.kind;
                entry.info.class_name = e.class_name;
                entry.info.version = e.version;
                entry.info.extra_aliases = e.aliases;
                entry.info.location = report.location.path;
                entry.info.library = lib.path;
                entry.info.has_manifest = listed_in(manifest_keys, e);
                entry.library = index;
                register_entry(std::move(entry));
            }
        }
    }
    for (const auto& p : problems_)
        spdlog::error("Skipping plugin {}: {}", p.file.string(), p.reason);
    if (!without_manifest.empty())
        spdlog::info(
            "plugin.discovery=service_load ignores {} plugin librar{} without a manifest ({}); "
            "run connect-plugin-path sync-manifests to add them",
            without_manifest.size(), without_manifest.size() == 1 ? "y" : "ies",
            fmt::join(without_manifest, ", "));
    if (!hybrid) return;
    bool fail = config_.discovery == DiscoveryMode::HybridFail;
    if (fail && (!missing.empty() || !problems_.empty())) {
        std::string msg;
        if (!missing.empty()) msg = missing_manifest_message(missing, true);
        if (!problems_.empty()) {
            msg += std::string(msg.empty() ? "" : "\n") + "Plugin libraries that cannot be used:";
            for (const auto& p : problems_)
                msg += "\n" + p.file.string() + ": " + p.reason;
        }
        throw PluginDiscoveryError(msg);
    }
    if (!missing.empty())
        spdlog::warn("{}", missing_manifest_message(missing, false));
    else if (!entries_.empty())
        spdlog::warn(
            "All plugins have ServiceLoader manifests, consider reconfiguring "
            "plugin.discovery=service_load");
}

void PluginRegistry::register_entry(Entry entry) {
    auto key = std::make_tuple(entry.info.kind, entry.info.class_name, entry.info.version);
    if (auto it = entry_index_.find(key); it != entry_index_.end()) {
        const Entry& existing = entries_[it->second];
        std::string where = existing.info.builtin ? "the host" : existing.info.library.string();
        std::string msg =
            "Duplicate plugin " + entry.info.class_name + " version " + entry.info.version +
            " in " + (entry.info.builtin ? std::string("the host") : entry.info.library.string()) +
            " (already provided by " + where + "); skipping it";
        // Discovery logs its problems together; a built-in is logged here.
        if (entry.info.builtin) spdlog::warn("{}", msg);
        problems_.push_back({entry.info.library, msg});
        return;
    }
    entry_index_.emplace(std::move(key), entries_.size());
    entries_.push_back(std::move(entry));
}

void PluginRegistry::compute_aliases() {
    alias_claims_.clear();
    auto claim = [&](const std::string& alias, const std::string& cls) {
        auto& classes = alias_claims_[alias];
        if (std::find(classes.begin(), classes.end(), cls) == classes.end()) classes.push_back(cls);
    };
    for (const auto& e : entries_) {
        claim(simple_name(e.info.class_name), e.info.class_name);
        claim(pruned_name(e.info.class_name, e.info.kind), e.info.class_name);
        for (const auto& a : e.info.extra_aliases)
            claim(a, e.info.class_name);
    }
    for (auto& e : entries_) {
        std::vector<std::string> candidates{simple_name(e.info.class_name),
                                            pruned_name(e.info.class_name, e.info.kind)};
        candidates.insert(candidates.end(), e.info.extra_aliases.begin(),
                          e.info.extra_aliases.end());
        e.info.aliases.clear();
        for (const auto& a : candidates) {
            if (alias_claims_[a].size() != 1) {
                spdlog::debug("Alias {} of {} is ambiguous and not usable", a, e.info.class_name);
                continue;
            }
            if (std::find(e.info.aliases.begin(), e.info.aliases.end(), a) == e.info.aliases.end())
                e.info.aliases.push_back(a);
        }
    }
}

void PluginRegistry::add_builtin(const kc_descriptor* descriptor) {
    if (std::string why = descriptor_problem(descriptor); !why.empty())
        throw std::invalid_argument("built-in plugin: " + why);
    std::lock_guard lock(mutex_);
    Entry entry;
    entry.info.kind = descriptor->kind;
    entry.info.class_name = descriptor->class_name;
    entry.info.version = descriptor_version(descriptor);
    for (auto a = descriptor->aliases; a && *a; ++a)
        entry.info.extra_aliases.emplace_back(*a);
    entry.info.builtin = true;
    entry.info.has_manifest = true;
    entry.builtin = descriptor;
    register_entry(std::move(entry));
    compute_aliases();
}

PluginHandle PluginRegistry::resolve(kc_plugin_kind kind, std::string_view name,
                                     std::optional<std::string_view> version) {
    return resolve_matching(name, version, &same_kind, kind);
}

PluginHandle PluginRegistry::resolve_connector(std::string_view name,
                                               std::optional<std::string_view> version) {
    return resolve_matching(name, version, &any_connector, KC_KIND_SOURCE_CONNECTOR);
}

PluginHandle PluginRegistry::resolve_matching(std::string_view name,
                                              std::optional<std::string_view> version,
                                              bool (*accepts)(kc_plugin_kind, kc_plugin_kind),
                                              kc_plugin_kind kind) {
    std::lock_guard lock(mutex_);
    std::string_view what = accepts == &any_connector ? "Connector" : kind_interface(kind);
    std::string cls(name);
    bool by_class = std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return e.info.class_name == name && accepts(kind, e.info.kind);
    });
    if (!by_class) {
        auto it = alias_claims_.find(name);
        if (it != alias_claims_.end() && it->second.size() > 1) {
            std::string classes;
            for (const auto& c : it->second)
                classes += (classes.empty() ? "" : ", ") + c;
            throw PluginError(KC_CONFIG, "Alias " + cls + " is ambiguous: it matches the classes " +
                                             classes + "; use the fully qualified class name");
        }
        if (it != alias_claims_.end()) cls = it->second.front();
    }
    const Entry* best = nullptr;
    std::vector<std::string> versions;
    for (const auto& e : entries_) {
        if (e.info.class_name != cls || !accepts(kind, e.info.kind)) continue;
        versions.push_back(e.info.version);
        bool wanted = !version || *version == "latest" || e.info.version == *version;
        if (wanted && (!best || compare_versions(e.info.version, best->info.version) > 0))
            best = &e;
    }
    if (!best && versions.empty())
        throw PluginError(KC_CONFIG, "Failed to find any class that implements " +
                                         std::string(what) + " and which name matches " +
                                         std::string(name));
    if (!best) {
        std::sort(versions.begin(), versions.end(), [](const std::string& a, const std::string& b) {
            return compare_versions(a, b) < 0;
        });
        std::string list;
        for (const auto& v : versions)
            list += (list.empty() ? "" : ", ") + v;
        throw PluginError(KC_CONFIG, "Plugin " + cls + " has no version " + std::string(*version) +
                                         "; installed versions: " + list);
    }
    return materialise(*best);
}

PluginHandle PluginRegistry::materialise(const Entry& entry) {
    if (entry.builtin) return PluginHandle(entry.builtin, nullptr, entry.info);
    const Library& lib = libraries_[*entry.library];
    std::shared_ptr<PluginLibrary> loaded;
    try {
        loaded = PluginLibrary::load(lib.path, lib.location, *lib.link_namespace);
    } catch (const PluginLoadError& e) {
        throw PluginError(KC_CONFIG, "Cannot load plugin library " + lib.path.string() + " for " +
                                         entry.info.class_name + ": " + e.what());
    }
    for (const kc_descriptor* d : loaded->descriptors())
        if (d->kind == entry.info.kind && entry.info.class_name == d->class_name &&
            descriptor_version(d) == entry.info.version)
            return PluginHandle(d, loaded, entry.info);
    throw PluginError(KC_CONFIG, "Plugin library " + lib.path.string() + " does not provide " +
                                     std::string(kind_name(entry.info.kind)) + " " +
                                     entry.info.class_name + " version " + entry.info.version +
                                     " although its manifest lists it");
}

std::vector<PluginInfo> PluginRegistry::plugins() const {
    std::lock_guard lock(mutex_);
    std::vector<PluginInfo> result;
    for (const auto& e : entries_)
        result.push_back(e.info);
    std::sort(result.begin(), result.end(), [](const PluginInfo& a, const PluginInfo& b) {
        int v = compare_versions(a.version, b.version);
        return std::tie(a.kind, a.class_name) < std::tie(b.kind, b.class_name) ||
               (std::tie(a.kind, a.class_name) == std::tie(b.kind, b.class_name) && v < 0);
    });
    return result;
}

}  // namespace kc::host
