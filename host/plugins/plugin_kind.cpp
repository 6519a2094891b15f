#include "host/plugins/plugin_kind.hpp"

#include <array>

namespace kc::host {
namespace {

struct KindNames {
    kc_plugin_kind kind;
    std::string_view name;
    std::string_view suffix;
    std::string_view interface;
};

constexpr std::array<KindNames, 9> kKinds{{
    {KC_KIND_SOURCE_CONNECTOR, "source", "Connector", "SourceConnector"},
    {KC_KIND_SINK_CONNECTOR, "sink", "Connector", "SinkConnector"},
    {KC_KIND_CONVERTER, "converter", "Converter", "Converter"},
    {KC_KIND_HEADER_CONVERTER, "header_converter", "HeaderConverter", "HeaderConverter"},
    {KC_KIND_TRANSFORMATION, "transformation", "Transformation", "Transformation"},
    {KC_KIND_PREDICATE, "predicate", "Predicate", "Predicate"},
    {KC_KIND_CONFIG_PROVIDER, "configprovider", "ConfigProvider", "ConfigProvider"},
    {KC_KIND_REST_EXTENSION, "rest_extension", "ConnectRestExtension", "ConnectRestExtension"},
    {KC_KIND_CLIENT_CONFIG_OVERRIDE_POLICY, "connector_client_config_override_policy",
     "ConnectorClientConfigOverridePolicy", "ConnectorClientConfigOverridePolicy"},
}};

const KindNames* find(kc_plugin_kind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind) return &k;
    return nullptr;
}

}  // namespace

std::string_view kind_name(kc_plugin_kind kind) {
    const KindNames* k = find(kind);
    return k ? k->name : "unknown";
}

std::optional<kc_plugin_kind> kind_from_name(std::string_view name) {
    for (const auto& k : kKinds)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::string_view kind_alias_suffix(kc_plugin_kind kind) {
    const KindNames* k = find(kind);
    return k ? k->suffix : "";
}

std::string_view kind_interface(kc_plugin_kind kind) {
    const KindNames* k = find(kind);
    return k ? k->interface : "plugin";
}

bool is_connector(kc_plugin_kind kind) {
    return kind == KC_KIND_SOURCE_CONNECTOR || kind == KC_KIND_SINK_CONNECTOR;
}

}  // namespace kc::host
