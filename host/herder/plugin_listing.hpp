// Plugin facts both herders answer REST with: the installed plugins as
// GET /connector-plugins lists them, and the type of a connector config.
#pragma once

#include <vector>

#include "host/config/config_map.hpp"
#include "host/herder/herder.hpp"
#include "host/plugins/plugin_registry.hpp"

namespace kc::host {

// Connectors only, or every kind REST lists (not config providers).
std::vector<ConnectorPluginInfo> list_connector_plugins(PluginRegistry& registry,
                                                        bool connectors_only);

// source or sink per the config's connector.class; unknown when it names no
// installed connector.
ConnectorType connector_type_of(PluginRegistry& registry, const config::ConfigMap& config);

}  // namespace kc::host
