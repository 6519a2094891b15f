#include "host/storage/memory_status_backing_store.hpp"

namespace kc::host::storage {

std::string_view state_name(State state) {
    switch (state) {
        case State::Unassigned:
            return "UNASSIGNED";
        case State::Running:
            return "RUNNING";
        case State::Paused:
            return "PAUSED";
        case State::Failed:
            return "FAILED";
        case State::Restarting:
            return "RESTARTING";
        case State::Stopped:
            return "STOPPED";
        case State::Destroyed:
            return "DESTROYED";
    }
    return "UNASSIGNED";
}

void MemoryStatusBackingStore::put(const ConnectorStatus& status) {
    std::lock_guard lock(mu_);
    if (status.state == State::Destroyed) {
        connectors_.erase(status.connector);
    } else {
        connectors_[status.connector] = status;
    }
}

void MemoryStatusBackingStore::put(const TaskStatus& status) {
    std::lock_guard lock(mu_);
    const auto key = std::make_pair(status.connector, status.task);
    if (status.state == State::Destroyed) {
        tasks_.erase(key);
    } else {
        tasks_[key] = status;
    }
}

void MemoryStatusBackingStore::put_safe(const ConnectorStatus& status) {
    {
        std::lock_guard lock(mu_);
        auto it = connectors_.find(status.connector);
        if (it != connectors_.end() && it->second.generation > status.generation) return;
    }
    put(status);
}

void MemoryStatusBackingStore::put_safe(const TaskStatus& status) {
    {
        std::lock_guard lock(mu_);
        auto it = tasks_.find({status.connector, status.task});
        if (it != tasks_.end() && it->second.generation > status.generation) return;
    }
    put(status);
}

std::optional<ConnectorStatus> MemoryStatusBackingStore::get(const std::string& connector) const {
    std::lock_guard lock(mu_);
    auto it = connectors_.find(connector);
    if (it == connectors_.end()) return std::nullopt;
    return it->second;
}

std::optional<TaskStatus> MemoryStatusBackingStore::get(const std::string& connector,
                                                        int task) const {
    std::lock_guard lock(mu_);
    auto it = tasks_.find({connector, task});
    if (it == tasks_.end()) return std::nullopt;
    return it->second;
}

std::vector<TaskStatus> MemoryStatusBackingStore::get_all(const std::string& connector) const {
    std::lock_guard lock(mu_);
    std::vector<TaskStatus> out;
    for (auto it = tasks_.lower_bound({connector, INT32_MIN});
         it != tasks_.end() && it->first.first == connector; ++it) {
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
