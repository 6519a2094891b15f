#include "host/plugins/linker_namespaces.hpp"

#include <link.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <spdlog/spdlog.h>

namespace kc::host {
namespace {

constexpr const char* kTunable = "glibc.rtld.nns=16";
std::mutex budget_mutex;
int reserved = 0;

}  // namespace

bool namespace_tunable_set() {
    const char* t = std::getenv("GLIBC_TUNABLES");
    return t && std::strstr(t, kTunable) != nullptr;
}

void ensure_linker_namespace_tunables(char** argv) {
    if (namespace_tunable_set() || std::getenv("KC_NO_REEXEC")) return;
    const char* existing = std::getenv("GLIBC_TUNABLES");
    std::string value = existing && *existing ? std::string(existing) + ":" + kTunable : kTunable;
    // KC_NO_REEXEC guards against a loop should glibc drop the tunable.
    if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0 || ::setenv("KC_NO_REEXEC", "1", 1) != 0)
        return;
    ::execv("/proc/self/exe", argv);
    spdlog::warn(
        "Could not re-execute with GLIBC_TUNABLES={}: {}; C++ plugins needing isolation "
        "are limited to {} linker namespaces",
        value, std::strerror(errno), namespace_budget(true));
    ::unsetenv("KC_NO_REEXEC");
}

int namespace_budget(bool cpp_plugin) {
    return (cpp_plugin && !namespace_tunable_set()) ? 11 : 15;
}

bool reserve_namespace(bool cpp_plugin) {
    std::lock_guard lock(budget_mutex);
    if (reserved >= namespace_budget(cpp_plugin)) return false;
    ++reserved;
    return true;
}

void release_namespace() {
    std::lock_guard lock(budget_mutex);
    if (reserved > 0) --reserved;
}

int namespaces_reserved() {
    std::lock_guard lock(budget_mutex);
    return reserved;
}

std::set<std::string> host_loaded_sonames() {
    std::set<std::string> names;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) {
            if (info->dlpi_name && *info->dlpi_name)
                static_cast<std::set<std::string>*>(out)->insert(
                    std::filesystem::path(info->dlpi_name).filename().string());
            return 0;
        },
        &names);
    return names;
}

}  // namespace kc::host
