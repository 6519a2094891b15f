// A connector's own settings as the runtime reads them (Java ConnectorConfig,
// SinkConnectorConfig): name, class, tasks.max, the transformation chain, error
// handling, sink topics. Parsing collects every problem instead of stopping at
// the first, so validation can report them all against their keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"

namespace kc::host::runtime {

struct ConfigProblem {
    std::string key;
    std::string message;
};

struct PredicateSpec {
    std::string alias;
    std::string type;          // class name or alias
    config::ConfigMap config;  // predicates.<alias>.* without the prefix and without "type"
};

struct TransformSpec {
    std::string alias;
    std::string type;
    config::ConfigMap config;  // transforms.<alias>.* without the prefix, type, predicate, negate
    std::string predicate;     // alias into ConnectorConfig::predicates, empty for none
    bool negate = false;
};

enum class Tolerance { None, All };

struct ErrorSettings {
    int64_t retry_timeout_ms = 0;  // -1 = retry forever
    int64_t retry_delay_max_ms = 60000;
    Tolerance tolerance = Tolerance::None;
    bool log_enable = false;
    bool log_include_messages = false;
    std::string dlq_topic;  // sinks only; empty = no DLQ
    int16_t dlq_replication_factor = 3;
    bool dlq_context_headers = false;
};

struct ConnectorConfig {
    std::string name;
    std::string connector_class;
    int tasks_max = 1;
    bool tasks_max_enforce = true;
    // config.action.reload: restart the connector when a value from a config
    // provider expires (its TTL), or do nothing ("none").
    bool reload_on_expiry = true;
    std::vector<PredicateSpec> predicates;
    std::vector<TransformSpec> transforms;
    ErrorSettings errors;
    std::vector<std::string> topics;  // sinks
    std::string topics_regex;         // sinks
};

// Java's list parsing: comma separated, each item trimmed, empty list for "".
std::vector<std::string> split_list(const std::string& value);

// Parses what the runtime needs; problems are appended to `problems` (key and
// message) and the field keeps its default. `sink` enables the sink-only keys.
ConnectorConfig parse_connector_config(const config::ConfigMap& settings, bool sink,
                                       std::vector<ConfigProblem>& problems);

}  // namespace kc::host::runtime
