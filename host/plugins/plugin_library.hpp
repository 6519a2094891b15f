// A loaded plugin library: mapped through Boost.DLL (or dlmopen into the
// location's own linker namespace), entry point and ABI checks, init(), and
// its descriptors.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kc/abi.h"

namespace kc::host {

class PluginLoadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// How the libraries of one plugin location are linked. Shared by every
// library of the location: the first isolated load creates the namespace.
struct LocationNamespace {
    bool isolated = false;
    bool holds_reservation = false;  // a budget slot, returned if never used
    std::optional<long> lmid;        // Lmid_t once created
    LocationNamespace() = default;
    LocationNamespace(const LocationNamespace&) = delete;
    LocationNamespace& operator=(const LocationNamespace&) = delete;
    ~LocationNamespace();
};

class PluginLibrary {
  public:
    // Loads the library once per process (later calls return the same object,
    // or rethrow the same failure). Never unloaded: plugins may keep static
    // state referenced by instances, and C++ namespaces cannot be reclaimed.
    static std::shared_ptr<PluginLibrary> load(const std::filesystem::path& library,
                                               const std::filesystem::path& location,
                                               LocationNamespace& ns);

    const std::filesystem::path& path() const { return path_; }
    const kc_plugin_entry& entry() const { return *entry_; }
    const std::vector<const kc_descriptor*>& descriptors() const { return descriptors_; }
    bool isolated() const { return isolated_; }

    // The mapped code and its symbol lookup (defined in plugin_library.cpp).
    class Code;
    PluginLibrary(std::filesystem::path path, std::unique_ptr<Code> code, bool isolated);
    ~PluginLibrary();

  private:
    void initialise(const std::filesystem::path& location);

    std::filesystem::path path_;
    std::unique_ptr<Code> code_;
    bool isolated_;
    const kc_plugin_entry* entry_ = nullptr;
    std::vector<const kc_descriptor*> descriptors_;
};

// Checks one descriptor's shape; returns why it is unusable, or "".
std::string descriptor_problem(const kc_descriptor* d);

std::string descriptor_version(const kc_descriptor* d);

}  // namespace kc::host
