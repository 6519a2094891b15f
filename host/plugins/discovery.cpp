#include "host/plugins/discovery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/scanner_client.hpp"

namespace kc::host {
namespace fs = std::filesystem;

std::optional<DiscoveryMode> parse_discovery_mode(std::string_view value) {
    std::string lower(value);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto mode : {DiscoveryMode::OnlyScan, DiscoveryMode::HybridWarn, DiscoveryMode::HybridFail,
                      DiscoveryMode::ServiceLoad})
        if (discovery_mode_name(mode) == lower) return mode;
    return std::nullopt;
}

std::string_view discovery_mode_name(DiscoveryMode mode) {
    switch (mode) {
        case DiscoveryMode::OnlyScan:
            return "only_scan";
        case DiscoveryMode::HybridWarn:
            return "hybrid_warn";
        case DiscoveryMode::HybridFail:
            return "hybrid_fail";
        case DiscoveryMode::ServiceLoad:
            return "service_load";
    }
    return "hybrid_warn";
}

namespace {

bool has_sidecar(const fs::path& library) {
    std::error_code ec;
    return fs::exists(sidecar_path(library), ec);
}

// Reads every file of the location; splits plugin libraries from the private
// dependencies they bundle.
LocationReport inspect(const PluginLocation& location) {
    LocationReport report;
    report.location = location;
    for (const fs::path& file : location.libraries) {
        LibraryReport lib;
        lib.path = file;
        ElfReadResult elf = read_elf(file);
        if (!elf.info) {
            lib.problem = "not a usable ELF shared library: " + elf.error;
            report.libraries.push_back(std::move(lib));
            continue;
        }
        bool plugin = !location.is_directory || elf.info->manifest || elf.info->exports_entry ||
                      has_sidecar(file);
        if (!plugin) {
            report.bundled_sonames.push_back(elf.info->soname.empty() ? file.filename().string()
                                                                      : elf.info->soname);
            continue;
        }
        lib.manifest = effective_manifest(file, elf.info->manifest);
        if (!lib.manifest.error.empty()) {
            lib.problem = lib.manifest.error;
        } else if (lib.manifest.manifest && lib.manifest.manifest->abi_major != KC_ABI_MAJOR) {
            lib.problem = "its manifest declares plugin ABI major " +
                          std::to_string(lib.manifest.manifest->abi_major) +
                          "; this host speaks major " + std::to_string(KC_ABI_MAJOR);
        } else if (!elf.info->exports_entry) {
            lib.problem = "exports no " KC_PLUGIN_ENTRY_SYMBOL
                          " symbol (not a Kafka Connect native plugin library)";
        }
        lib.elf = std::move(elf.info);
        report.libraries.push_back(std::move(lib));
    }
    return report;
}

bool links_cpp(const LocationReport& report) {
    for (const auto& lib : report.libraries)
        if (lib.elf && std::find(lib.elf->needed.begin(), lib.elf->needed.end(),
                                 "libstdc++.so.6") != lib.elf->needed.end())
            return true;
    return false;
}

// A location bundling a soname that the host or an earlier location already
// holds in the base namespace would silently get the other copy: give it its
// own namespace while the budget lasts, else refuse it.
void plan_isolation(std::vector<LocationReport>& reports) {
    const std::set<std::string> host = host_loaded_sonames();
    std::map<std::string, fs::path> base_owner;  // soname -> location holding it in the base
    for (auto& report : reports) {
        report.link_namespace = std::make_shared<LocationNamespace>();
        for (const auto& soname : report.bundled_sonames) {
            if (host.count(soname)) {
                report.clash = "it bundles " + soname + ", which the host process already loaded";
                break;
            }
            if (auto it = base_owner.find(soname); it != base_owner.end()) {
                report.clash = "it bundles " + soname + ", which plugin location " +
                               it->second.string() + " also bundles";
                break;
            }
        }
        if (report.clash.empty()) {
            for (const auto& soname : report.bundled_sonames)
                base_owner.emplace(soname, report.location.path);
            continue;
        }
        bool cpp = links_cpp(report);
        if (reserve_namespace(cpp)) {
            report.link_namespace->isolated = true;
            report.link_namespace->holds_reservation = true;
            spdlog::info("Plugin location {} gets its own linker namespace: {}",
                         report.location.path.string(), report.clash);
        } else {
            report.refused =
                "plugin location needs its own linker namespace because " + report.clash +
                ", but all " + std::to_string(namespace_budget(cpp)) +
                " linker namespaces this process can create are used" +
                (cpp && !namespace_tunable_set() ? " (11 for C++ plugins unless started with "
                                                   "GLIBC_TUNABLES=glibc.rtld.nns=16)"
                                                 : "") +
                "; link the dependency statically with hidden symbols instead";
        }
    }
}

void scan(std::vector<LocationReport>& reports, const DiscoveryOptions& options) {
    std::vector<scanner::ScanRequest> requests;
    std::vector<LibraryReport*> targets;
    for (auto& report : reports) {
        if (!report.refused.empty()) continue;
        for (auto& lib : report.libraries) {
            if (!lib.problem.empty()) continue;
            requests.push_back({lib.path, report.location.path, report.link_namespace->isolated});
            targets.push_back(&lib);
        }
    }
    fs::path program =
        options.scanner_program.empty() ? default_scanner_path() : options.scanner_program;
    auto replies = scan_libraries(requests, program, options.scan_timeout);
    for (size_t i = 0; i < replies.size(); ++i) {
        if (replies[i].ok) {
            targets[i]->scanned = true;
            targets[i]->scanned_plugins = std::move(replies[i].plugins);
        } else {
            targets[i]->problem = replies[i].error;
        }
    }
}

}  // namespace

std::vector<LocationReport> inspect_locations(const std::vector<PluginLocation>& locations,
                                              const DiscoveryOptions& options) {
    std::vector<LocationReport> reports;
    reports.reserve(locations.size());
    for (const auto& location : locations)
        reports.push_back(inspect(location));
    plan_isolation(reports);
    if (options.scan) scan(reports, options);
    return reports;
}

}  // namespace kc::host
