// glibc linker namespaces (dlmopen) as an isolation resource: the budget, the
// re-exec that raises it, and the sonames the host process already holds.
//
// glibc offers 15 namespaces beyond the base one, but a C++ plugin's namespace
// exhausts static TLS after 11 unless GLIBC_TUNABLES=glibc.rtld.nns=16 was set
// when the process started. C++ namespaces are never reclaimed.
#pragma once

#include <set>
#include <string>

namespace kc::host {

// Call first in main(): re-executes the process once with
// glibc.rtld.nns=16 added to GLIBC_TUNABLES (tunables are read only at
// start-up). Does nothing when already set or when KC_NO_REEXEC is set.
void ensure_linker_namespace_tunables(char** argv);

// True when this process started with glibc.rtld.nns raised.
bool namespace_tunable_set();

// How many namespaces a location of this kind may use in this process.
int namespace_budget(bool cpp_plugin);

// Process-wide accounting of namespaces reserved for plugin locations.
bool reserve_namespace(bool cpp_plugin);
void release_namespace();
int namespaces_reserved();

// Sonames (file names) of every object mapped in the base namespace now.
// Walks dl_iterate_phdr: Boost.DLL cannot list the objects a process holds.
std::set<std::string> host_loaded_sonames();

}  // namespace kc::host
