// The plugin host's API (registry, handles, instance wrappers) as the runtime
// uses it: one include for the runtime and herder sources.
#pragma once

#include "host/plugins/instances.hpp"
#include "host/plugins/plugin_kind.hpp"
#include "host/plugins/plugin_registry.hpp"
