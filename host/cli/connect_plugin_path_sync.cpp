#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>

#include "connect_plugin_path.hpp"
#include "host/plugins/manifest.hpp"

namespace kc::host::cli {
namespace fs = std::filesystem;
namespace {

// access(W_OK) says yes to root for any directory, so also honour the mode
// bits and a read-only mount: "read-only" must mean the same for everyone.
bool writable(const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || ::access(dir.c_str(), W_OK) != 0) return false;
    if ((st.st_mode & 0222) == 0) return false;
    struct statvfs vfs {};
    return ::statvfs(dir.c_str(), &vfs) != 0 || (vfs.f_flag & ST_RDONLY) == 0;
}

void check_writable(const std::vector<PluginLocation>& locations) {
    for (const auto& loc : locations) {
        std::error_code ec;
        if (!fs::exists(loc.path, ec)) throw UserError(loc.path.string() + " does not exist");
        fs::path dir = loc.is_directory ? loc.path : loc.path.parent_path();
        if (!writable(dir)) throw UserError("Path " + dir.string() + " must be writable");
        for (const auto& lib : loc.libraries) {
            fs::path sidecar = sidecar_path(lib);
            if (fs::exists(sidecar, ec) && ::access(sidecar.c_str(), W_OK) != 0)
                throw UserError(sidecar.string() + " is not writable");
        }
    }
}

bool same_entry(const ManifestEntry& a, const ManifestEntry& b) {
    return a.kind == b.kind && a.class_name == b.class_name && a.version == b.version;
}

bool contains(const std::vector<ManifestEntry>& v, const ManifestEntry& e) {
    return std::any_of(v.begin(), v.end(),
                       [&](const ManifestEntry& x) { return same_entry(x, e); });
}

struct LibraryChange {
    fs::path library;
    Manifest desired;
    bool remove_sidecar = false;  // nothing left to list and nothing embedded
    std::vector<std::string> added, removed;
};

std::optional<LibraryChange> change_for(const LibraryReport& lib, bool keep_not_found) {
    const auto& current = lib.manifest.manifest;
    // A manifest for another ABI major describes the library correctly; the
    // host cannot load it whatever the manifest says.
    if (current && current->abi_major != KC_ABI_MAJOR) return std::nullopt;
    if (!lib.scanned && !current) return std::nullopt;
    LibraryChange change;
    change.library = lib.path;
    change.desired.sdk_version = current ? current->sdk_version : "";
    if (change.desired.sdk_version.empty()) change.desired.sdk_version = "connect-plugin-path";
    change.desired.plugins = lib.scanned_plugins;
    std::vector<ManifestEntry> listed = current ? current->plugins : std::vector<ManifestEntry>{};
    for (const auto& e : listed) {
        if (contains(change.desired.plugins, e)) continue;
        if (keep_not_found)
            change.desired.plugins.push_back(e);
        else
            change.removed.push_back(e.class_name);
    }
    for (const auto& e : change.desired.plugins)
        if (!contains(listed, e)) change.added.push_back(e.class_name);
    if (change.added.empty() && change.removed.empty()) return std::nullopt;
    change.remove_sidecar = change.desired.plugins.empty() && !(lib.elf && lib.elf->manifest);
    return change;
}

void write_sidecar(const LibraryChange& change) {
    fs::path target = sidecar_path(change.library);
    if (change.remove_sidecar) {
        fs::remove(target);
        return;
    }
    fs::path temp = target.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << manifest_to_json(change.desired);
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + temp.string());
    }
    fs::rename(temp, target);
}

}  // namespace

void sync_manifests(const std::vector<PluginLocation>& locations, const SyncOptions& options,
                    std::ostream& out, std::ostream& problems) {
    check_writable(locations);
    if (options.dry_run) out << "Dry run started: No changes will be committed.\n";
    out << "Scanning for plugins...\n";
    DiscoveryOptions discovery;
    discovery.scan = true;
    auto reports = inspect_locations(locations, discovery);
    report_unusable(reports, problems);
    std::vector<LibraryChange> changes;
    for (const auto& report : reports) {
        std::vector<LibraryChange> here;
        for (const auto& lib : report.libraries)
            if (auto c = change_for(lib, options.keep_not_found)) here.push_back(std::move(*c));
        if (here.empty()) continue;
        size_t adds = 0, removes = 0;
        for (const auto& c : here)
            adds += c.added.size(), removes += c.removed.size();
        out << (options.dry_run ? "Dry Run " : "") << "Sync\t" << report.location.path.string()
            << " Add " << adds << " Remove " << removes << "\n";
        for (const auto& c : here) {
            for (const auto& cls : c.added)
                out << "\tAdd\t" << cls << "\n";
            for (const auto& cls : c.removed)
                out << "\tRemove\t" << cls << "\n";
        }
        std::move(here.begin(), here.end(), std::back_inserter(changes));
    }
    if (changes.empty()) {
        out << "No changes required.\n";
        return;
    }
    if (options.dry_run) {
        out << "Dry run passed: All above changes can be committed to disk if re-run with dry run "
               "disabled.\n";
        return;
    }
    out << "Writing changes to plugins...\n";
    try {
        for (const auto& c : changes)
            write_sidecar(c);
    } catch (const std::exception& e) {
        throw std::runtime_error(
            std::string(e.what()) +
            "\nSync incomplete due to exception; plugin path may be corrupted. Discard the "
            "contents of the plugin.path before retrying.");
    }
    out << "All loadable plugins have accurate ServiceLoader manifests.\n";
}

}  // namespace kc::host::cli
