#include "host/storage/config_topic_state.hpp"

#include <spdlog/spdlog.h>

#include "host/storage/internal_json.hpp"
#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string_view require_value(std::optional<std::string_view> value, std::string_view key) {
    if (!value) {
        throw RecordFormatError("config record '" + std::string(key) +
                                "' is unexpectedly null (a tombstone)");
    }
    return *value;
}

}  // namespace

void deliver(const ConfigEvent& event, ConfigUpdateListener& listener) {
    std::visit(
        Overloaded{
            [&](const ConnectorConfigUpdated& e) {
                listener.on_connector_config_update(e.connector);
            },
            [&](const ConnectorConfigRemoved& e) {
                listener.on_connector_config_remove(e.connector);
            },
            [&](const TaskConfigsUpdated& e) {
                listener.on_task_config_update(e.connector, e.tasks);
            },
            [&](const TargetStateChanged& e) { listener.on_target_state_change(e.connector); },
            [&](const SessionKeyUpdated& e) { listener.on_session_key_update(e.key); },
            [&](const RestartRequested& e) { listener.on_restart_request(e.request); },
            [&](const LoggerLevelChanged& e) { listener.on_logging_level_update(e.ns, e.level); },
        },
        event);
}

ConfigApplyResult ConfigTopicState::apply(const ConfigRecord& record) {
    ConfigApplyResult result;
    try {
        // Java converts the value before looking at the key, and a value that
        // does not convert leaves the offset behind: workers compare offsets
        // for equality, so this must match exactly. What converts to null (the
        // literal, or no bytes) is then handled as a tombstone.
        Value value = record.value;
        if (value &&
            internal_json::reads_as_null(*value, "config record '" + std::string(record.key) + "'"))
            value.reset();
        state_.offset = record.offset + 1;

        const ConfigKey key = parse_config_key(record.key);
        std::optional<ConfigEvent> event;
        switch (key.kind) {
            case ConfigKeyKind::TargetState:
                event = apply_target_state(key.name, record.key, value);
                break;
            case ConfigKeyKind::ConnectorConfig:
                event = apply_connector_config(key.name, record.key, value);
                break;
            case ConfigKeyKind::TaskConfig:
                apply_task_config({key.name, key.task}, record.key, value);
                break;
            case ConfigKeyKind::TaskCommit:
                event = apply_task_commit(key.name, record.key, value);
                break;
            case ConfigKeyKind::RestartRequest:
                event = apply_restart_request(record.key, value);
                break;
            case ConfigKeyKind::TaskCountRecord:
                apply_task_count_record(key.name, record.key, value);
                break;
            case ConfigKeyKind::SessionKey:
                event = apply_session_key(record.key, value);
                break;
            case ConfigKeyKind::LoggerLevel:
                event = apply_logger_level(key.name, record.key, value);
                break;
        }
        if (started_) result.event = std::move(event);
    } catch (const RecordFormatError& e) {
        spdlog::error("Ignoring config topic record at offset {}: {}", record.offset, e.what());
        result.skipped = e.what();
    }
    return result;
}

std::optional<ConfigEvent> ConfigTopicState::apply_target_state(const std::string& connector,
                                                                std::string_view key, Value value) {
    if (!value) {
        // Written with the connector's own tombstone; a connector that is
        // somehow still there keeps a valid state. No event: the connector's
        // removal is the news.
        state_.target_states.erase(connector);
        if (state_.contains(connector)) state_.target_states[connector] = TargetState::Started;
        return std::nullopt;
    }
    const TargetState next = decode_target_state(key, *value);
    auto [it, inserted] = state_.target_states.try_emplace(connector, next);
    const bool changed = inserted || it->second != next;
    it->second = next;
    // A state written before its connector (an initial state at creation) is
    // reported with the connector's config.
    if (!changed || !state_.contains(connector)) return std::nullopt;
    return TargetStateChanged{connector};
}

std::optional<ConfigEvent> ConfigTopicState::apply_connector_config(const std::string& connector,
                                                                    std::string_view key,
                                                                    Value value) {
    if (!value) {
        remove_connector(connector);
        spdlog::info("Processed removal of connector '{}'", connector);
        return ConnectorConfigRemoved{connector};
    }
    state_.connector_configs[connector] = decode_config_properties(key, *value);
    // Connectors from before target states existed start STARTED.
    state_.target_states.try_emplace(connector, TargetState::Started);
    return ConnectorConfigUpdated{connector};
}

void ConfigTopicState::apply_task_config(const ConnectorTaskId& id, std::string_view key,
                                         Value value) {
    config::ConfigMap properties = decode_config_properties(key, require_value(value, key));
    // Never applied on its own: only a commit makes a set of task configs current.
    deferred_[id.connector][id.task] = std::move(properties);
}

std::optional<ConfigEvent> ConfigTopicState::apply_task_commit(const std::string& connector,
                                                               std::string_view key, Value value) {
    const config::ConfigMap* connector_config = state_.raw_connector_config(connector);
    if (!connector_config) {
        // The connector was deleted and compaction removed its config and
        // tombstone: these task configs belong to nobody.
        remove_connector(connector);
        spdlog::debug("Ignoring task configs of connector '{}', which no longer exists", connector);
        return std::nullopt;
    }
    const int32_t task_count = decode_task_commit(key, require_value(value, key));

    auto deferred_it = deferred_.find(connector);
    std::map<int32_t, config::ConfigMap> empty;
    std::map<int32_t, config::ConfigMap>& deferred =
        deferred_it != deferred_.end() ? deferred_it->second : empty;
    // Complete iff ids 0..N-1 are all there. Extra ids are fine: compaction can
    // leave a higher id from an older, larger generation behind.
    bool complete = true;
    for (int32_t i = 0; i < task_count && complete; ++i)
        complete = deferred.count(i) != 0;

    TaskConfigsUpdated event{connector, {}};
    if (!complete) {
        spdlog::debug(
            "Incomplete set of task configs for connector '{}' (probably compaction); "
            "it stays inconsistent until they are written again",
            connector);
        state_.inconsistent_connectors.insert(connector);
    } else {
        if (deferred_it != deferred_.end()) {
            for (auto& [task, config] : deferred) {
                state_.task_configs[{connector, task}] = std::move(config);
                event.tasks.push_back({connector, task});
            }
            auto [gen, first] = state_.task_config_generations.try_emplace(connector, 0);
            if (!first) ++gen->second;
        }
        state_.inconsistent_connectors.erase(connector);
        state_.applied_connector_configs[connector] = *connector_config;
    }
    // Even unapplied, they are stale now: a consistent set must be written anew.
    deferred.clear();
    state_.task_counts[connector] = task_count;
    // New task configs need a round of zombie fencing before their tasks start.
    state_.connectors_pending_fencing.insert(connector);
    return event;
}

void ConfigTopicState::apply_task_count_record(const std::string& connector, std::string_view key,
                                               Value value) {
    state_.task_count_records[connector] = decode_task_count_record(key, require_value(value, key));
    state_.connectors_pending_fencing.erase(connector);
}

std::optional<ConfigEvent> ConfigTopicState::apply_session_key(std::string_view key, Value value) {
    state_.session_key = decode_session_key(key, require_value(value, key));
    return SessionKeyUpdated{*state_.session_key};
}

std::optional<ConfigEvent> ConfigTopicState::apply_restart_request(std::string_view key,
                                                                   Value value) {
    return RestartRequested{decode_restart_request(key, require_value(value, key))};
}

std::optional<ConfigEvent> ConfigTopicState::apply_logger_level(const std::string& ns,
                                                                std::string_view key, Value value) {
    std::string level = decode_logger_level(key, require_value(value, key));
    if (!started_) {
        spdlog::trace("Ignoring logging level {} for namespace {} written before start-up", level,
                      ns);
        return std::nullopt;
    }
    return LoggerLevelChanged{ns, std::move(level)};
}

void ConfigTopicState::remove_connector(const std::string& connector) {
    // As Java: generations, fencing records and the inconsistent mark stay,
    // so a re-created connector never reuses a task generation.
    state_.connector_configs.erase(connector);
    state_.task_counts.erase(connector);
    std::erase_if(state_.task_configs,
                  [&](const auto& entry) { return entry.first.connector == connector; });
    deferred_.erase(connector);
    state_.applied_connector_configs.erase(connector);
}

}  // namespace kc::host::storage
