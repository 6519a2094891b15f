// Plugin kinds as Java Kafka Connect names them (manifest "kind", the
// pluginType column, alias suffixes).
#pragma once

#include <optional>
#include <string_view>

#include "kc/abi.h"

namespace kc::host {

// "source", "sink", "converter", ... as in Java's PluginType.
std::string_view kind_name(kc_plugin_kind kind);
std::optional<kc_plugin_kind> kind_from_name(std::string_view name);

// The suffix Java prunes from a simple class name to build the short alias:
// "Connector" for connectors, else the interface's simple name.
std::string_view kind_alias_suffix(kc_plugin_kind kind);

// The interface a plugin of this kind implements, as Java's messages name it.
std::string_view kind_interface(kc_plugin_kind kind);

bool is_connector(kc_plugin_kind kind);

}  // namespace kc::host
