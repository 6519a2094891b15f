// plugin.path handling: the comma list and the plugin locations under it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host {

// Splits a plugin.path value at commas, trimming whitespace, dropping empties.
std::vector<std::filesystem::path> parse_plugin_path(std::string_view value);

// One entry directly under a plugin.path directory: a single .so file, or a
// directory holding plugin libraries plus their private dependencies.
struct PluginLocation {
    std::filesystem::path path;
    bool is_directory = false;
    std::vector<std::filesystem::path> libraries;  // every shared object it holds, sorted
};

// The location at `path` itself (used for --plugin-location); empty libraries
// when it holds none.
PluginLocation plugin_location(const std::filesystem::path& path);

// Every location under the given plugin.path directories, in a stable order.
// Missing or unreadable directories are logged and skipped.
std::vector<PluginLocation> plugin_locations(const std::vector<std::filesystem::path>& plugin_path);

// True for names like libfoo.so and libfoo.so.1.2.
bool is_shared_object_name(const std::filesystem::path& file);

}  // namespace kc::host
