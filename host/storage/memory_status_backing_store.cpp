#include "host/storage/memory_status_backing_store.hpp"

#include <climits>

#include "host/storage/status_records.hpp"

namespace kc::host::storage {
namespace {

template <typename Map>
std::optional<typename Map::mapped_type> get_locked_or_none(const Map& map,
                                                            const typename Map::key_type& key) {
    auto it = map.find(key);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

}  // namespace

void MemoryStatusBackingStore::put_locked(const ConnectorStatus& status) {
    if (status.state == ConnectState::Destroyed) {
        connectors_.erase(status.connector);
    } else {
        connectors_[status.connector] = status;
    }
}

void MemoryStatusBackingStore::put_locked(const TaskStatus& status) {
    if (status.state == ConnectState::Destroyed) {
        tasks_.erase(status.id);
    } else {
        tasks_[status.id] = status;
    }
}

void MemoryStatusBackingStore::put(const ConnectorStatus& status) {
    std::lock_guard lock(mu_);
    put_locked(status);
}

void MemoryStatusBackingStore::put(const TaskStatus& status) {
    std::lock_guard lock(mu_);
    put_locked(status);
}

void MemoryStatusBackingStore::put_safe(const ConnectorStatus& status) {
    std::lock_guard lock(mu_);
    if (can_write_status_safely(get_locked_or_none(connectors_, status.connector), status))
        put_locked(status);
}

void MemoryStatusBackingStore::put_safe(const TaskStatus& status) {
    std::lock_guard lock(mu_);
    if (can_write_status_safely(get_locked_or_none(tasks_, status.id), status)) put_locked(status);
}

std::optional<ConnectorStatus> MemoryStatusBackingStore::get(const std::string& connector) const {
    std::lock_guard lock(mu_);
    return get_locked_or_none(connectors_, connector);
}

std::optional<TaskStatus> MemoryStatusBackingStore::get(const ConnectorTaskId& id) const {
    std::lock_guard lock(mu_);
    return get_locked_or_none(tasks_, id);
}

std::vector<TaskStatus> MemoryStatusBackingStore::get_all(const std::string& connector) const {
    std::lock_guard lock(mu_);
    std::vector<TaskStatus> out;
    for (auto it = tasks_.lower_bound({connector, INT_MIN});
         it != tasks_.end() && it->first.connector == connector; ++it) {
        out.push_back(it->second);
    }
    return out;
}

std::vector<std::string> MemoryStatusBackingStore::connectors() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& [name, status] : connectors_)
        out.push_back(name);
    return out;
}

void MemoryStatusBackingStore::put(const TopicStatus& status) {
    std::lock_guard lock(mu_);
    topics_.emplace(std::make_pair(status.connector, status.topic), status);
}

std::vector<TopicStatus> MemoryStatusBackingStore::topics(const std::string& connector) const {
    std::lock_guard lock(mu_);
    std::vector<TopicStatus> out;
    for (auto it = topics_.lower_bound({connector, ""});
         it != topics_.end() && it->first.first == connector; ++it) {
        out.push_back(it->second);
    }
    return out;
}

void MemoryStatusBackingStore::delete_topic(const std::string& connector,
                                            const std::string& topic) {
    std::lock_guard lock(mu_);
    topics_.erase({connector, topic});
}

}  // namespace kc::host::storage
