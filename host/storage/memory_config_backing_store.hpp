#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "host/storage/config_backing_store.hpp"
#include "host/storage/config_topic_state.hpp"

namespace kc::host::storage {

// Connector configs in memory only, as Java's standalone worker keeps them
// (connectors created over REST are lost on restart). Each put is turned into
// the config-topic records Java would write and applied to a ConfigTopicState,
// so standalone and distributed mode follow one set of rules; the snapshot's
// offset counts those records.
class MemoryConfigBackingStore : public ConfigBackingStore {
  public:
    MemoryConfigBackingStore();

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
    void put_task_count_record(const std::string& connector, int32_t task_count) override;
    void put_session_key(const SessionKey& key) override;
    void put_restart_request(const RestartRequest& request) override;
    void put_logger_level(const std::string& ns, const std::string& level) override;

  private:
    struct Record {
        std::string key;
        std::optional<std::string> value;
    };
    // Applies the records in order, then tells the listener (outside the lock).
    void write(const std::vector<Record>& records);

    mutable std::mutex mu_;
    ConfigTopicState state_;
    int64_t next_offset_ = 0;
    ConfigUpdateListener* listener_ = nullptr;
};

}  // namespace kc::host::storage
