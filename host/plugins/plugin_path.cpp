#include "host/plugins/plugin_path.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace kc::host {
namespace fs = std::filesystem;

std::vector<fs::path> parse_plugin_path(std::string_view value) {
    std::vector<fs::path> result;
    while (true) {
        size_t comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        size_t b = item.find_first_not_of(" \t\r\n");
        size_t e = item.find_last_not_of(" \t\r\n");
        if (b != std::string_view::npos)
            result.emplace_back(std::string(item.substr(b, e - b + 1)));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return result;
}

bool is_shared_object_name(const fs::path& file) {
    std::string name = file.filename().string();
    if (name.ends_with(".so")) return true;
    size_t pos = name.find(".so.");
    if (pos == std::string::npos) return false;
    // Only a numeric version may follow (libfoo.so.1.2), not a sidecar's suffix.
    return std::all_of(name.begin() + pos + 4, name.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

PluginLocation plugin_location(const fs::path& path) {
    PluginLocation loc;
    loc.path = path;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        loc.is_directory = true;
        // Private dependencies may sit beside the plugin or in a nested lib dir.
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (it.depth() > 2) it.disable_recursion_pending();
            if (it->is_regular_file(ec) && is_shared_object_name(it->path()))
                loc.libraries.push_back(it->path());
        }
        if (ec)
            spdlog::warn("Cannot fully list plugin location {}: {}", path.string(), ec.message());
        std::sort(loc.libraries.begin(), loc.libraries.end());
    } else if (fs::is_regular_file(path, ec) && is_shared_object_name(path)) {
        loc.libraries.push_back(path);
    }
    return loc;
}

std::vector<PluginLocation> plugin_locations(const std::vector<fs::path>& plugin_path) {
    std::vector<PluginLocation> result;
    for (const fs::path& dir : plugin_path) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            spdlog::error("plugin.path entry {} is not a directory; skipping it", dir.string());
            continue;
        }
        std::vector<fs::path> entries;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            entries.push_back(it->path());
        if (ec) spdlog::error("Cannot list plugin.path entry {}: {}", dir.string(), ec.message());
        std::sort(entries.begin(), entries.end());
        for (const fs::path& entry : entries) {
            PluginLocation loc = plugin_location(entry);
            if (!loc.libraries.empty()) result.push_back(std::move(loc));
        }
    }
    return result;
}

}  // namespace kc::host
