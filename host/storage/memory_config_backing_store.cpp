#include "host/storage/memory_config_backing_store.hpp"

namespace kc::host::storage {

// Listeners are called after the lock is released, so they may read the store.

void MemoryConfigBackingStore::set_update_listener(ConfigUpdateListener* listener) {
    std::lock_guard lock(mu_);
    listener_ = listener;
}

ClusterConfigState MemoryConfigBackingStore::snapshot() const {
    std::lock_guard lock(mu_);
    return state_;
}

bool MemoryConfigBackingStore::contains(const std::string& connector) const {
    std::lock_guard lock(mu_);
    return state_.contains(connector);
}

void MemoryConfigBackingStore::put_connector_config(const std::string& connector,
                                                    const config::ConfigMap& raw_config,
                                                    std::optional<TargetState> target_state) {
    ConfigUpdateListener* listener;
    bool state_changed = false;
    {
        std::lock_guard lock(mu_);
        state_.connector_configs[connector] = raw_config;
        auto it = state_.target_states.find(connector);
        if (target_state) {
            state_changed = it != state_.target_states.end() && it->second != *target_state;
            state_.target_states[connector] = *target_state;
        } else if (it == state_.target_states.end()) {
            state_.target_states[connector] = TargetState::Started;
        }
        listener = listener_;
    }
    if (listener) {
        listener->on_connector_config_update(connector);
        if (state_changed) listener->on_target_state_change(connector);
    }
}

void MemoryConfigBackingStore::remove_connector_config(const std::string& connector) {
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        if (state_.connector_configs.erase(connector) == 0) return;
        state_.target_states.erase(connector);
        state_.task_configs.erase(connector);
        listener = listener_;
    }
    if (listener) listener->on_connector_config_remove(connector);
}

void MemoryConfigBackingStore::put_task_configs(const std::string& connector,
                                                const std::vector<config::ConfigMap>& tasks) {
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        state_.task_configs[connector] = tasks;
        listener = listener_;
    }
    if (listener) listener->on_task_config_update(connector);
}

void MemoryConfigBackingStore::remove_task_configs(const std::string& connector) {
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        if (state_.task_configs.erase(connector) == 0) return;
        listener = listener_;
    }
    if (listener) listener->on_task_config_update(connector);
}

void MemoryConfigBackingStore::put_target_state(const std::string& connector, TargetState state) {
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        auto& current = state_.target_states[connector];
        if (current == state && state_.contains(connector)) return;
        current = state;
        listener = listener_;
    }
    if (listener) listener->on_target_state_change(connector);
}

}  // namespace kc::host::storage
