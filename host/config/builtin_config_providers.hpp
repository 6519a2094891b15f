// The config providers built into the host, under Java's class names, as
// descriptors for PluginRegistry::add_builtin() (kind KC_KIND_CONFIG_PROVIDER;
// their validate() needs kc::set_linked_plugin_host(), kc/export.hpp):
//   org.apache.kafka.common.config.provider.FileConfigProvider
//   org.apache.kafka.common.config.provider.DirectoryConfigProvider
//   org.apache.kafka.common.config.provider.EnvVarConfigProvider
// Each is an SDK class (kc::ConfigProvider) in its own file.
#pragma once

#include <kc/abi.h>

#include <span>

namespace kc::host {

std::span<const kc_descriptor* const> builtin_config_providers();

}  // namespace kc::host
