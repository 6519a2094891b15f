// What both herders answer the same way, from the worker alone (Java's
// AbstractHerder): plugin listings, config validation, password keys, the
// Kafka cluster id, and the KIP-875 offset changes once the herder has
// checked the connector is STOPPED. The herders hold only what differs:
// where configs live and who may change them.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "host/herder/connector_validator.hpp"
#include "host/herder/herder.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host {

class WorkerHerder : public Herder {
  public:
    std::string alterConnectorOffsets(const std::string& name,
                                      const std::vector<ConnectorOffset>& offsets) override;
    std::string resetConnectorOffsets(const std::string& name) override;
    ConfigInfos validateConnectorConfig(const config::ConfigMap& config) override;
    std::vector<ConnectorPluginInfo> connectorPlugins(bool connectorsOnly) override;
    std::vector<ConfigKeyInfo> connectorPluginConfig(const std::string& plugin) override;
    std::set<std::string> passwordKeys(const std::string& name) override;
    std::string kafkaClusterId() override;

  protected:
    explicit WorkerHerder(runtime::Worker& worker) : worker_(worker), validator_(worker) {}

    using OffsetChange = std::function<std::string(const config::ConfigMap& raw_config)>;
    // Runs `change` with the raw config of connector `name` if its offsets may
    // change now (404 when unknown, 400 unless STOPPED with no tasks), and
    // keeps it so while `change` runs where the herder can. Called on a REST
    // thread; `change` runs the plugin's alterOffsets, never on a herder thread.
    virtual std::string with_stopped_connector(const std::string& name,
                                               const OffsetChange& change) = 0;

    runtime::Worker& worker_;
    ConnectorValidator validator_;

  private:
    // `offsets` null: reset.
    std::string change_offsets(const std::string& name,
                               const std::vector<ConnectorOffset>* offsets);
};

}  // namespace kc::host
