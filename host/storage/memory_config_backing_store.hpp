#pragma once

#include <mutex>

#include "host/storage/config_backing_store.hpp"

namespace kc::host::storage {

// Connector configs in memory only, as Java's standalone worker keeps them
// (connectors created over REST are lost on restart).
class MemoryConfigBackingStore : public ConfigBackingStore {
  public:
    void set_update_listener(ConfigUpdateListener* listener) override;
    ClusterConfigState snapshot() const override;
    bool contains(const std::string& connector) const override;
    void put_connector_config(const std::string& connector, const config::ConfigMap& raw_config,
                              std::optional<TargetState> target_state) override;
    void remove_connector_config(const std::string& connector) override;
    void put_task_configs(const std::string& connector,
                          const std::vector<config::ConfigMap>& tasks) override;
    void remove_task_configs(const std::string& connector) override;
    void put_target_state(const std::string& connector, TargetState state) override;

  private:
    mutable std::mutex mu_;
    ClusterConfigState state_;
    ConfigUpdateListener* listener_ = nullptr;
};

}  // namespace kc::host::storage
