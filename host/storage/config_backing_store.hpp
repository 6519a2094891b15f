#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/storage/cluster_config_state.hpp"
#include "host/storage/config_records.hpp"

namespace kc::host::storage {

// Told about changes, as Java's ConfigBackingStore.UpdateListener. Only
// changes read after the store has started are reported: what was there
// before is in the first snapshot. The memory store calls it from the writing
// call; a Kafka-topic store from its reader thread. Never called with the
// store's lock held, so it may take a snapshot.
class ConfigUpdateListener {
  public:
    virtual ~ConfigUpdateListener() = default;
    virtual void on_connector_config_update(const std::string& connector) = 0;
    virtual void on_connector_config_remove(const std::string& connector) = 0;
    // A commit record was read: `tasks` are the ids whose configs it applied
    // (empty when the commit was incomplete and the connector is now
    // inconsistent).
    virtual void on_task_config_update(const std::string& connector,
                                       const std::vector<ConnectorTaskId>& tasks) = 0;
    virtual void on_target_state_change(const std::string& connector) = 0;
    virtual void on_session_key_update(const SessionKey& key) { (void)key; }
    virtual void on_restart_request(const RestartRequest& request) { (void)request; }
    virtual void on_logging_level_update(const std::string& ns, const std::string& level) {
        (void)ns;
        (void)level;
    }
};

// Where connector configs live: memory (standalone) or the config topic
// (Java ConfigBackingStore). Every put is visible in snapshot() when it returns.
class ConfigBackingStore {
  public:
    virtual ~ConfigBackingStore() = default;
    virtual void start() {}
    virtual void stop() {}
    // listener may be nullptr; it must outlive the store.
    virtual void set_update_listener(ConfigUpdateListener* listener) = 0;

    virtual ClusterConfigState snapshot() const = 0;
    virtual bool contains(const std::string& connector) const = 0;
    // Reads everything written so far (Java refresh); throws StorageError when
    // that takes longer than `timeout`.
    virtual void refresh(std::chrono::milliseconds timeout) { (void)timeout; }
    // Takes the exclusive right to write privileged records (the transactional
    // producer under exactly-once support); a no-op elsewhere.
    virtual void claim_write_privileges() {}

    // target_state nullopt keeps the current one (STARTED for a new connector).
    virtual void put_connector_config(const std::string& connector,
                                      const config::ConfigMap& raw_config,
                                      std::optional<TargetState> target_state) = 0;
    // Removes the connector, its tasks and its target state.
    virtual void remove_connector_config(const std::string& connector) = 0;
    // Replaces all task configs of a connector at once (task records, then the
    // commit record).
    virtual void put_task_configs(const std::string& connector,
                                  const std::vector<config::ConfigMap>& tasks) = 0;
    // Leaves the connector with no tasks (a commit of zero tasks).
    virtual void remove_task_configs(const std::string& connector) = 0;
    virtual void put_target_state(const std::string& connector, TargetState state) = 0;
    // The tasks-fencing record of exactly-once source support.
    virtual void put_task_count_record(const std::string& connector, int32_t task_count) = 0;
    virtual void put_session_key(const SessionKey& key) = 0;
    virtual void put_restart_request(const RestartRequest& request) = 0;
    virtual void put_logger_level(const std::string& ns, const std::string& level) = 0;
};

}  // namespace kc::host::storage
