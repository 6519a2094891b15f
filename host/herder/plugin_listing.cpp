#include "host/herder/plugin_listing.hpp"

#include "host/plugins/plugin_kind.hpp"

namespace kc::host {

std::vector<ConnectorPluginInfo> list_connector_plugins(PluginRegistry& registry,
                                                        bool connectors_only) {
    std::vector<ConnectorPluginInfo> out;
    for (const auto& p : registry.plugins()) {
        const bool connector =
            p.kind == KC_KIND_SOURCE_CONNECTOR || p.kind == KC_KIND_SINK_CONNECTOR;
        const bool listed = connector || (!connectors_only && p.kind <= KC_KIND_PREDICATE);
        if (!listed) continue;
        ConnectorPluginInfo info;
        info.class_name = p.class_name;
        info.type = std::string(kind_name(p.kind));
        if (p.version != "undefined") info.version = p.version;
        out.push_back(std::move(info));
    }
    return out;
}

ConnectorType connector_type_of(PluginRegistry& registry, const config::ConfigMap& config) {
    try {
        const auto handle = registry.resolve_connector(config.get_or("connector.class", ""));
        return handle.descriptor()->kind == KC_KIND_SINK_CONNECTOR ? ConnectorType::Sink
                                                                   : ConnectorType::Source;
    } catch (const std::exception&) {
        return ConnectorType::Unknown;
    }
}

}  // namespace kc::host
