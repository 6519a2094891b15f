#include "host/herder/worker_herder.hpp"

#include "host/herder/plugin_listing.hpp"
#include "host/runtime/connector_offsets.hpp"

namespace kc::host {

std::string WorkerHerder::change_offsets(const std::string& name,
                                         const std::vector<ConnectorOffset>* offsets) {
    return with_stopped_connector(name, [&](const config::ConfigMap& config) {
        try {
            return runtime::change_connector_offsets(worker_, name, config, offsets);
        } catch (const runtime::OffsetRequestError& e) {
            throw HerderError(400, e.what());
        }
    });
}

std::string WorkerHerder::alterConnectorOffsets(const std::string& name,
                                                const std::vector<ConnectorOffset>& offsets) {
    return change_offsets(name, &offsets);
}

std::string WorkerHerder::resetConnectorOffsets(const std::string& name) {
    return change_offsets(name, nullptr);
}

ConfigInfos WorkerHerder::validateConnectorConfig(const config::ConfigMap& config) {
    return validator_.validate(config);
}

std::vector<ConnectorPluginInfo> WorkerHerder::connectorPlugins(bool connectorsOnly) {
    return list_connector_plugins(worker_.registry(), connectorsOnly);
}

std::vector<ConfigKeyInfo> WorkerHerder::connectorPluginConfig(const std::string& plugin) {
    return validator_.plugin_config(plugin);
}

std::set<std::string> WorkerHerder::passwordKeys(const std::string& name) {
    try {
        return validator_.password_keys(connectorConfig(name));
    } catch (const HerderError&) {
        return {};  // unknown connector: nothing to mask
    }
}

std::string WorkerHerder::kafkaClusterId() {
    return worker_.kafka_cluster_id();
}

}  // namespace kc::host
