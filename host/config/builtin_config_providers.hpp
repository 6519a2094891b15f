#pragma once

#include <kc/abi.h>

#include <span>

namespace kc::host {

// The config providers built into the host, under Java's class names, as
// descriptors for PluginRegistry::add_builtin() (kind KC_KIND_CONFIG_PROVIDER):
//   org.apache.kafka.common.config.provider.FileConfigProvider
//       ${file:<properties file>:<key>}; param allowed.paths (KIP-993)
//   org.apache.kafka.common.config.provider.DirectoryConfigProvider
//       ${directory:<dir>:<file name>} = that file's content; param allowed.paths
//   org.apache.kafka.common.config.provider.EnvVarConfigProvider
//       ${env:<VAR>} (a non-empty path is an error); param allowlist.pattern
//       (KIP-887, full match, default .*)
// allowed.paths: comma-separated absolute paths; a path outside all of them
// (after normalisation) is refused with an error naming it.
// None of the values expire (ttl -1). All three are thread-safe.
std::span<const kc_descriptor* const> builtin_config_providers();

// The descriptors' validate() allocates through a services table; the worker
// passes its own once at start-up. Until then validate() returns KC_FATAL.
// Instances use the table given to create().
void set_builtin_config_provider_host(const kc_host* host);

}  // namespace kc::host
