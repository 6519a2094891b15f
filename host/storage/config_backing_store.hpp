#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"

namespace kc::host::storage {

// Java TargetState (state.v2 in the config topic).
enum class TargetState { Started, Paused, Stopped };

// A consistent view of every connector's raw config, target state and task
// configs (Java ClusterConfigState). Configs are raw: ${...} left unresolved.
struct ClusterConfigState {
    int64_t offset = -1;  // position in the config log; -1 for stores without one
    std::map<std::string, config::ConfigMap> connector_configs;
    std::map<std::string, TargetState> target_states;
    std::map<std::string, std::vector<config::ConfigMap>> task_configs;

    bool contains(const std::string& connector) const {
        return connector_configs.count(connector) != 0;
    }
};

// Told about changes, as Java's ConfigBackingStore.UpdateListener. The memory
// store calls it synchronously from the writing call; a Kafka-topic store
// calls it from its reader thread.
class ConfigUpdateListener {
  public:
    virtual ~ConfigUpdateListener() = default;
    virtual void on_connector_config_update(const std::string& connector) = 0;
    virtual void on_connector_config_remove(const std::string& connector) = 0;
    virtual void on_task_config_update(const std::string& connector) = 0;
    virtual void on_target_state_change(const std::string& connector) = 0;
};

// Where connector configs live: memory (standalone) or the config topic.
class ConfigBackingStore {
  public:
    virtual ~ConfigBackingStore() = default;
    virtual void start() {}
    virtual void stop() {}
    // listener may be nullptr; it must outlive the store.
    virtual void set_update_listener(ConfigUpdateListener* listener) = 0;

    virtual ClusterConfigState snapshot() const = 0;
    virtual bool contains(const std::string& connector) const = 0;

    // target_state nullopt keeps the current one (Started for a new connector).
    virtual void put_connector_config(const std::string& connector,
                                      const config::ConfigMap& raw_config,
                                      std::optional<TargetState> target_state) = 0;
    // Removes the connector, its tasks and its target state.
    virtual void remove_connector_config(const std::string& connector) = 0;
    // Replaces all task configs of a connector at once (Java's commit record).
    virtual void put_task_configs(const std::string& connector,
                                  const std::vector<config::ConfigMap>& tasks) = 0;
    virtual void remove_task_configs(const std::string& connector) = 0;
    virtual void put_target_state(const std::string& connector, TargetState state) = 0;
};

}  // namespace kc::host::storage
