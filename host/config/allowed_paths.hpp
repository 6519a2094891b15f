// org.apache.kafka.common.config.internals.AllowedPaths (KIP-993): the
// allowed.paths parameter of the file and directory config providers,
// absolute prefixes a path must lie under, compared by path component. Both
// sides are compared as real paths (symlinks resolved), or a link inside an
// allowed directory would read any file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kc/config.hpp"

namespace kc::host::config {

class AllowedPaths {
  public:
    static constexpr const char* kConfig = "allowed.paths";
    // The allowed.paths key of the providers' ConfigDef.
    static void define(kc::ConfigDef& def);

    // Reads allowed.paths from a provider's configs; throws kc::ConfigException
    // for an entry that is not absolute. Unset or empty: every path.
    void configure(const kc::ConfigMap& configs);
    // The path to read for `untrusted`, or kc::ConfigException naming it when
    // it lies outside every allowed path.
    std::filesystem::path check(const std::string& untrusted) const;
    // Whether `real` (a real path) lies under an allowed path.
    bool allows(const std::filesystem::path& real) const;
    // Symlinks resolved as far as the path exists; a missing rest is kept as written.
    static std::filesystem::path real_path(const std::filesystem::path& p);

  private:
    std::optional<std::vector<std::filesystem::path>> paths_;
};

// A file's bytes; kc::ConfigException naming it when it cannot be read.
std::string read_provider_file(const std::filesystem::path& p);

}  // namespace kc::host::config
