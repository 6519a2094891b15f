// The plugin host's API (registry, handles, instance wrappers) as the runtime
// includes it. kc::host::PluginInfo names two different structs today: the
// registry's listing entry (host/plugins/plugin_registry.hpp) and the REST
// listing entry (host/herder/herder.hpp), and the herder needs both in one
// translation unit. Until one of them is renamed, the registry's is seen here
// as RegistryPluginInfo (same layout, so the plugin library links unchanged).
// Every runtime/herder file includes the plugin host only through this header.
#pragma once

#define PluginInfo RegistryPluginInfo
#include "host/plugins/instances.hpp"
#include "host/plugins/plugin_kind.hpp"
#include "host/plugins/plugin_registry.hpp"
#undef PluginInfo
