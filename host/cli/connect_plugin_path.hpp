// connect-plugin-path: lists the plugins under given locations and writes
// sidecar manifests for them (Java's ConnectPluginPath, for .so plugins).
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <vector>

#include "host/plugins/discovery.hpp"

namespace kc::host::cli {

// A problem the user can fix (exit code 2).
class UserError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One line per library or location that cannot be used, and why: a corrupt or
// empty .so has no plugin row or manifest change to carry its reason.
void report_unusable(const std::vector<LocationReport>& reports, std::ostream& problems);

// Prints the TSV listing and the three summary lines to `out`, as Java does, and
// what cannot be used to `problems`.
void list_plugins(const std::vector<LocationReport>& reports, std::ostream& out,
                  std::ostream& problems);

struct SyncOptions {
    bool dry_run = false;
    bool keep_not_found = false;
};

// Checks every location is present and writable (UserError otherwise) before
// scanning or touching anything, then adds/removes manifest entries by
// writing sidecar manifests; what cannot be used is reported to `problems`.
void sync_manifests(const std::vector<PluginLocation>& locations, const SyncOptions& options,
                    std::ostream& out, std::ostream& problems);

}  // namespace kc::host::cli
