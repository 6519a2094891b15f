// Runs plugin code for discovery outside the worker: spawns kc-plugin-scanner,
// sends it one library at a time, and survives it crashing, calling exit() or
// hanging (the culprit is reported and the scan goes on in a fresh process).
#pragma once

#include <chrono>
#include <filesystem>
#include <vector>

#include "host/plugins/scanner_protocol.hpp"

namespace kc::host {

// kc-plugin-scanner next to the running executable, unless KC_PLUGIN_SCANNER
// names another one.
std::filesystem::path default_scanner_path();

// One reply per request, in order. Throws std::runtime_error when the scanner
// cannot be started at all.
std::vector<scanner::ScanReply> scan_libraries(const std::vector<scanner::ScanRequest>& requests,
                                               const std::filesystem::path& scanner_program,
                                               std::chrono::milliseconds timeout);

}  // namespace kc::host
