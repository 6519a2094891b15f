#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/storage/config_records.hpp"

namespace kc::host::storage {

// A copy of everything the config topic says (Java ClusterConfigState): what a
// herder takes once per tick or rebalance and reads without locks. Configs are
// raw: ${...} placeholders are left for the worker to resolve when it uses them.
struct ClusterConfigState {
    static constexpr int64_t kNoOffset = -1;

    // The offset after the last record read (the next one to read); kNoOffset
    // for stores without a log. Workers compare it for equality in rebalances.
    int64_t offset = kNoOffset;
    std::optional<SessionKey> session_key;
    std::map<std::string, config::ConfigMap> connector_configs;
    std::map<std::string, TargetState> target_states;
    // Committed task configs. May hold ids at or beyond a connector's task
    // count (left by compaction or a shrink); tasks() never lists those.
    std::map<ConnectorTaskId, config::ConfigMap> task_configs;
    std::map<std::string, int32_t> task_counts;
    // The task count of each connector's latest tasks-fencing record.
    std::map<std::string, int32_t> task_count_records;
    // Bumped at each complete commit of task configs, from 0; kept across a
    // connector's deletion so generations never repeat.
    std::map<std::string, int32_t> task_config_generations;
    // The connector config in force when its current task configs were committed.
    std::map<std::string, config::ConfigMap> applied_connector_configs;
    // Connectors with task configs committed after their last tasks-fencing record.
    std::set<std::string> connectors_pending_fencing;
    // Connectors whose last commit found task configs missing: they run no
    // tasks until the connector regenerates them.
    std::set<std::string> inconsistent_connectors;

    bool contains(const std::string& connector) const;
    std::vector<std::string> connectors() const;
    const config::ConfigMap* raw_connector_config(const std::string& connector) const;
    const config::ConfigMap* applied_connector_config(const std::string& connector) const;
    std::optional<TargetState> target_state(const std::string& connector) const;
    const config::ConfigMap* raw_task_config(const ConnectorTaskId& id) const;
    // 0 when the connector has no committed tasks.
    int32_t task_count(const std::string& connector) const;
    // Ids 0..count-1; empty for an inconsistent connector.
    std::vector<ConnectorTaskId> tasks(const std::string& connector) const;
    std::optional<int32_t> task_count_record(const std::string& connector) const;
    std::optional<int32_t> task_config_generation(const std::string& connector) const;
    bool pending_fencing(const std::string& connector) const;
    bool inconsistent(const std::string& connector) const;
};

}  // namespace kc::host::storage
