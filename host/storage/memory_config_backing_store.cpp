#include "host/storage/memory_config_backing_store.hpp"

namespace kc::host::storage {

MemoryConfigBackingStore::MemoryConfigBackingStore() {
    // Nothing to catch up on: every record from here on is news.
    state_.mark_started();
}

void MemoryConfigBackingStore::set_update_listener(ConfigUpdateListener* listener) {
    std::lock_guard lock(mu_);
    listener_ = listener;
}

ClusterConfigState MemoryConfigBackingStore::snapshot() const {
    std::lock_guard lock(mu_);
    return state_.state();
}

bool MemoryConfigBackingStore::contains(const std::string& connector) const {
    std::lock_guard lock(mu_);
    return state_.state().contains(connector);
}

void MemoryConfigBackingStore::write(const std::vector<Record>& records) {
    std::vector<ConfigEvent> events;
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        for (const Record& r : records) {
            std::optional<std::string_view> value;
            if (r.value) value = *r.value;
            ConfigApplyResult applied = state_.apply({next_offset_++, r.key, value});
            if (applied.event) events.push_back(std::move(*applied.event));
        }
        listener = listener_;
    }
    if (!listener) return;
    for (const ConfigEvent& e : events)
        deliver(e, *listener);
}

void MemoryConfigBackingStore::put_connector_config(const std::string& connector,
                                                    const config::ConfigMap& raw_config,
                                                    std::optional<TargetState> target_state) {
    // Java writes an explicit initial state first, so the connector never
    // appears in a state it was not created in.
    std::vector<Record> records;
    if (target_state)
        records.push_back({target_state_key(connector), encode_target_state(*target_state)});
    records.push_back({connector_config_key(connector), encode_config_properties(raw_config)});
    write(records);
}

void MemoryConfigBackingStore::remove_connector_config(const std::string& connector) {
    if (!contains(connector)) return;
    write({{connector_config_key(connector), std::nullopt},
           {target_state_key(connector), std::nullopt}});
}

void MemoryConfigBackingStore::put_task_configs(const std::string& connector,
                                                const std::vector<config::ConfigMap>& tasks) {
    std::vector<Record> records;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        records.push_back({task_config_key({connector, static_cast<int>(i)}),
                           encode_config_properties(tasks[i])});
    }
    records.push_back(
        {task_commit_key(connector), encode_task_commit(static_cast<int32_t>(tasks.size()))});
    write(records);
}

void MemoryConfigBackingStore::remove_task_configs(const std::string& connector) {
    if (!contains(connector)) return;
    put_task_configs(connector, {});
}

void MemoryConfigBackingStore::put_target_state(const std::string& connector, TargetState state) {
    write({{target_state_key(connector), encode_target_state(state)}});
}

void MemoryConfigBackingStore::put_task_count_record(const std::string& connector,
                                                     int32_t task_count) {
    write({{task_count_record_key(connector), encode_task_count_record(task_count)}});
}

void MemoryConfigBackingStore::put_session_key(const SessionKey& key) {
    write({{std::string(kSessionKeyKey), encode_session_key(key)}});
}

void MemoryConfigBackingStore::put_restart_request(const RestartRequest& request) {
    write({{restart_request_key(request.connector), encode_restart_request(request)}});
}

void MemoryConfigBackingStore::put_logger_level(const std::string& ns, const std::string& level) {
    write({{logger_level_key(ns), encode_logger_level(level)}});
}

}  // namespace kc::host::storage
