#pragma once

#include <map>
#include <mutex>
#include <utility>

#include "host/storage/status_backing_store.hpp"

namespace kc::host::storage {

// Statuses in memory (standalone mode, as in Java).
class MemoryStatusBackingStore : public StatusBackingStore {
  public:
    void put(const ConnectorStatus& status) override;
    void put(const TaskStatus& status) override;
    void put_safe(const ConnectorStatus& status) override;
    void put_safe(const TaskStatus& status) override;
    std::optional<ConnectorStatus> get(const std::string& connector) const override;
    std::optional<TaskStatus> get(const ConnectorTaskId& id) const override;
    std::vector<TaskStatus> get_all(const std::string& connector) const override;
    std::vector<std::string> connectors() const override;
    void put(const TopicStatus& status) override;
    std::vector<TopicStatus> topics(const std::string& connector) const override;
    void delete_topic(const std::string& connector, const std::string& topic) override;

  private:
    void put_locked(const ConnectorStatus& status);
    void put_locked(const TaskStatus& status);

    mutable std::mutex mu_;
    std::map<std::string, ConnectorStatus> connectors_;
    std::map<ConnectorTaskId, TaskStatus> tasks_;
    std::map<std::pair<std::string, std::string>, TopicStatus> topics_;  // (connector, topic)
};

}  // namespace kc::host::storage
