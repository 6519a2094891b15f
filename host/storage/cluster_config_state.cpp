#include "host/storage/cluster_config_state.hpp"

namespace kc::host::storage {
namespace {

template <typename Map>
const typename Map::mapped_type* find_in(const Map& map, const typename Map::key_type& key) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

template <typename Map>
std::optional<typename Map::mapped_type> get_in(const Map& map, const typename Map::key_type& key) {
    if (const auto* v = find_in(map, key)) return *v;
    return std::nullopt;
}

}  // namespace

bool ClusterConfigState::contains(const std::string& connector) const {
    return connector_configs.count(connector) != 0;
}

std::vector<std::string> ClusterConfigState::connectors() const {
    std::vector<std::string> out;
    out.reserve(connector_configs.size());
    for (const auto& [name, config] : connector_configs)
        out.push_back(name);
    return out;
}

const config::ConfigMap* ClusterConfigState::raw_connector_config(
    const std::string& connector) const {
    return find_in(connector_configs, connector);
}

const config::ConfigMap* ClusterConfigState::applied_connector_config(
    const std::string& connector) const {
    return find_in(applied_connector_configs, connector);
}

std::optional<TargetState> ClusterConfigState::target_state(const std::string& connector) const {
    return get_in(target_states, connector);
}

const config::ConfigMap* ClusterConfigState::raw_task_config(const ConnectorTaskId& id) const {
    return find_in(task_configs, id);
}

int32_t ClusterConfigState::task_count(const std::string& connector) const {
    return get_in(task_counts, connector).value_or(0);
}

std::vector<ConnectorTaskId> ClusterConfigState::tasks(const std::string& connector) const {
    std::vector<ConnectorTaskId> out;
    if (inconsistent(connector)) return out;
    const int32_t n = task_count(connector);
    for (int32_t i = 0; i < n; ++i)
        out.push_back({connector, i});
    return out;
}

std::optional<int32_t> ClusterConfigState::task_count_record(const std::string& connector) const {
    return get_in(task_count_records, connector);
}

std::optional<int32_t> ClusterConfigState::task_config_generation(
    const std::string& connector) const {
    return get_in(task_config_generations, connector);
}

bool ClusterConfigState::pending_fencing(const std::string& connector) const {
    return connectors_pending_fencing.count(connector) != 0;
}

bool ClusterConfigState::inconsistent(const std::string& connector) const {
    return inconsistent_connectors.count(connector) != 0;
}

}  // namespace kc::host::storage
