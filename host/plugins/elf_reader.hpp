// Reads what the host needs from a shared library's ELF file without loading
// it: the .kc_manifest section, the dynamic entries that decide isolation, and
// whether it exports the plugin entry point. No code of the library runs.
// Our own reader, not Boost.DLL's library_info: that one reads neither section
// bytes nor DT_NEEDED/DT_SONAME, and is not bounds-checked against hostile files.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kc::host {

struct ElfInfo {
    std::optional<std::string> manifest;  // .kc_manifest bytes up to the first NUL
    std::vector<std::string> needed;      // DT_NEEDED
    std::string soname;                   // DT_SONAME, empty when absent
    std::vector<std::string> runpath;     // DT_RUNPATH, else DT_RPATH, split at ':'
    bool exports_entry = false;           // defines the kc_plugin_entry dynamic symbol
};

struct ElfReadResult {
    std::optional<ElfInfo> info;
    std::string error;  // why the file is not a usable ELF library, when info is empty
};

// Bounds-checked reader for 64-bit little-endian ELF shared objects; any other
// file yields a precise reason ("not an ELF file", "truncated: ...").
ElfReadResult read_elf(const std::filesystem::path& file);

// The same on bytes already in memory (read_elf maps the file and calls this).
ElfReadResult parse_elf(std::span<const unsigned char> bytes);

}  // namespace kc::host
