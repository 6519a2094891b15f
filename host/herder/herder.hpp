// The Herder: what the REST layer asks of the worker that owns connectors and tasks.
//
// Modelled on Java's org.apache.kafka.connect.runtime.Herder. The standalone herder implements
// it now, the distributed herder later; the REST layer (host/rest) only ever sees this class.
//
// Contract for implementers:
// - Every method is synchronous and may be called concurrently from several REST threads;
//   the implementation serialises internally (Java runs everything on one herder thread).
// - Results are plain structs; the REST layer maps them to Java's JSON shapes.
// - Failures are reported by throwing HerderError with the HTTP status Java would answer
//   (404 unknown connector/task/plugin, 409 already exists or conflicting operation /
//   rebalance, 400 bad request or invalid config, 403 forbidden, 500 anything else). Its
//   message becomes the "message" of the error body verbatim, so write it for the user.
//   Any other exception escaping a method is answered 500 with its what().
// - Configs keep the order the user wrote them in (config::ConfigMap).
// - Config values are passed and returned raw (config provider placeholders such as
//   ${file:/x:y} are never resolved here). Masking of PASSWORD values is done by the REST
//   layer from passwordKeys(); the herder returns values as stored.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/connector_offsets.hpp"

namespace kc::host {

// An error that carries the HTTP status the REST layer must answer with.
class HerderError : public std::runtime_error {
  public:
    HerderError(int http_status, const std::string& message)
        : std::runtime_error(message), http_status(http_status) {}
    int http_status;
};

// PATCH semantics: a value of std::nullopt deletes that key.
using ConfigPatch = std::map<std::string, std::optional<std::string>>;

enum class ConnectorType { Source, Sink, Unknown };

// GET /connectors/{c}: {"name","config","tasks":[{"connector","task"}],"type"}.
struct ConnectorInfo {
    std::string name;
    config::ConfigMap config;
    std::vector<ConnectorTaskId> tasks;
    ConnectorType type = ConnectorType::Unknown;
};

// One connector or task state (never destroyed; stopped only for connectors). worker_id is
// "host:port" of the owning worker.
struct InstanceState {
    ConnectState state = ConnectState::Unassigned;
    std::string worker_id;
    std::optional<std::string> trace;  // set when FAILED: the error and its stack/cause text
};

struct TaskState : InstanceState {
    int id = 0;
};

// GET /connectors/{c}/status.
struct ConnectorStateInfo {
    std::string name;
    InstanceState connector;
    std::vector<TaskState> tasks;
    ConnectorType type = ConnectorType::Unknown;
};

// GET /connectors/{c}/tasks: [{"id":{"connector","task"},"config"}].
struct TaskInfo {
    ConnectorTaskId id;
    config::ConfigMap config;
};

struct PutConnectorResult {
    bool created = false;  // true: the connector did not exist before (REST answers 201)
    ConnectorInfo info;
};

// ConnectorOffset (GET/PATCH /connectors/{c}/offsets) is the worker's:
// runtime/connector_offsets.hpp.

// Java's ConfigKeyInfo. type/importance/width hold Java's enum names: type one of BOOLEAN STRING
// INT SHORT LONG DOUBLE LIST CLASS PASSWORD; importance HIGH MEDIUM LOW; width NONE SHORT
// MEDIUM LONG.
struct ConfigKeyInfo {
    std::string name;
    std::string type;
    bool required = false;  // true when the key has no default
    std::optional<std::string> default_value;
    std::string importance;
    std::string documentation;
    std::optional<std::string> group;
    int order = -1;
    std::string width;
    std::string display_name;
    std::vector<std::string> dependents;
};

// Java's ConfigValueInfo. value is given in clear; the REST layer shows "[hidden]" when the
// key's definition type is PASSWORD.
struct ConfigValueInfo {
    std::string name;
    std::optional<std::string> value;
    std::vector<std::string> recommended_values;
    std::vector<std::string> errors;
    bool visible = true;
};

struct ConfigInfo {
    std::optional<ConfigKeyInfo> definition;  // JSON null when the key has no definition
    ConfigValueInfo value;
};

// PUT /connector-plugins/{p}/config/validate result.
struct ConfigInfos {
    std::string name;  // the connector class validated
    int error_count = 0;
    std::vector<std::string> groups;
    std::vector<ConfigInfo> configs;
};

// GET /connector-plugins entry. type is one of source sink converter header_converter
// transformation predicate. version nullopt (or "undefined") is omitted from the JSON.
struct ConnectorPluginInfo {
    std::string class_name;
    std::string type;
    std::optional<std::string> version;
};

// GET /health. status "healthy" (200), "starting" (503) or "unhealthy" (500).
struct WorkerHealth {
    std::string status;
    std::string message;
};

class Herder {
  public:
    virtual ~Herder() = default;

    // Names of all connectors known to this worker (any order).
    virtual std::vector<std::string> connectors() = 0;

    // Name, raw config, current task ids and type. 404 "Connector <c> not found" if unknown.
    virtual ConnectorInfo connectorInfo(const std::string& name) = 0;

    // Raw config as stored (placeholders unresolved). 404 if unknown.
    virtual config::ConfigMap connectorConfig(const std::string& name) = 0;

    // Create or replace a connector. `config` already contains "name" == `name` (the REST layer
    // injects/checks it). Must validate the config (as validateConnectorConfig) and throw 400
    // "Connector configuration is invalid and contains the following N error(s):\n<err>\n..."
    // when it has errors. If the connector exists and !allowReplace: 409
    // "Connector <c> already exists". initial_state (KIP-980) applies only on creation;
    // nullopt = started (REST spells it RUNNING). Returns created=true when the connector is new.
    // Java answers POST/PUT only after the config is accepted, not after the connector has started.
    virtual PutConnectorResult putConnectorConfig(const std::string& name,
                                                  const config::ConfigMap& config,
                                                  bool allowReplace,
                                                  std::optional<TargetState> initialState) = 0;

    // KIP-477: merge `patch` into the existing config (nullopt deletes the key), validate like
    // putConnectorConfig and apply. 404 if unknown. Returns the updated info.
    virtual ConnectorInfo patchConnectorConfig(const std::string& name,
                                               const ConfigPatch& patch) = 0;

    // Stop and remove the connector, its tasks and its status. 404 if unknown.
    virtual void deleteConnector(const std::string& name) = 0;

    // Current state of the connector and each task. 404 "No status found for connector <c>".
    virtual ConnectorStateInfo connectorStatus(const std::string& name) = 0;

    // Task configs as generated by the connector, raw. 404 if unknown.
    virtual std::vector<TaskInfo> taskConfigs(const std::string& name) = 0;

    // 404 "No status found for task <c>-<n>" if the connector or task is unknown.
    virtual TaskState taskStatus(const ConnectorTaskId& id) = 0;

    // Target-state changes; idempotent. pause/resume: 404 if unknown (REST answers 202).
    // stop: target STOPPED, shuts down connector and tasks and empties the task set (204).
    virtual void pauseConnector(const std::string& name) = 0;
    virtual void resumeConnector(const std::string& name) = 0;
    virtual void stopConnector(const std::string& name) = 0;

    // Both flags false: restart only the Connector object, return nullopt (REST answers 204).
    // Otherwise (KIP-745) restart the connector unless onlyFailed and it is not FAILED, and
    // when includeTasks each task unless onlyFailed and it is not FAILED; return the status
    // with every instance that will restart shown as RESTARTING (REST answers 202).
    // 404 "Unknown connector: <c>"; 409 when a conflicting operation is underway.
    virtual std::optional<ConnectorStateInfo> restartConnector(const std::string& name,
                                                               bool includeTasks,
                                                               bool onlyFailed) = 0;

    // Restart one task. 404 "Unknown task: <c>-<n>" (or unknown connector); 409 on conflict.
    virtual void restartTask(const ConnectorTaskId& id) = 0;

    // Topics the connector has used since tracking began (topic.tracking.enable).
    // 403 "Topic tracking is disabled." when disabled; 404 if unknown.
    virtual std::vector<std::string> connectorActiveTopics(const std::string& name) = 0;
    // 403 "Topic tracking is disabled." / "Topic tracking reset is disabled."; 404 if unknown.
    virtual void resetConnectorActiveTopics(const std::string& name) = 0;

    // KIP-875. Read the committed offsets. 404 if unknown.
    virtual std::vector<ConnectorOffset> connectorOffsets(const std::string& name) = 0;
    // Alter (PATCH) or reset (DELETE) offsets; the connector must be STOPPED with 0 tasks, else
    // 400 "Connectors must be in the STOPPED state before their offsets can be modified. This can
    // be done for the specified connector by issuing a 'PUT' request to the
    // '/connectors/<c>/stop' endpoint". 404 if unknown. An empty `offsets` is rejected by the
    // REST layer before the call. Returns Java's success message ("The offsets for this
    // connector have been altered successfully" or the framework-managed variant).
    virtual std::string alterConnectorOffsets(const std::string& name,
                                              const std::vector<ConnectorOffset>& offsets) = 0;
    virtual std::string resetConnectorOffsets(const std::string& name) = 0;

    // Validate a connector config (connector.class resolved by FQCN or alias) including
    // transforms.*, predicates.*, converters and *.override.*; always returns results, errors
    // included, as Java's ConfigInfos. 400 "Connector config <..> contains no connector type"
    // when connector.class is missing; 400 when the class is unknown.
    virtual ConfigInfos validateConnectorConfig(const config::ConfigMap& config) = 0;

    // Installed plugins: connectors only (source, sink) or, when !connectorsOnly, also
    // converter header_converter transformation predicate. One entry per implemented type.
    virtual std::vector<ConnectorPluginInfo> connectorPlugins(bool connectorsOnly) = 0;

    // Config definition of a plugin given by FQCN or alias. 404 "Unknown plugin <p>."; 400
    // "Invalid plugin class <p>. Valid types are sink, source, converter, header_converter,
    // transformation, predicate." for other kinds.
    virtual std::vector<ConfigKeyInfo> connectorPluginConfig(const std::string& plugin) = 0;

    // Keys of the connector's effective config definition (connector, converters, transforms,
    // predicates; fully prefixed, e.g. "transforms.x.secret") whose type is PASSWORD. The REST
    // layer masks these keys in config, tasks and validate responses. Empty if unknown.
    virtual std::set<std::string> passwordKeys(const std::string& name) = 0;

    // Kafka cluster id the worker is connected to (GET /). Never throws.
    virtual std::string kafkaClusterId() = 0;

    // GET /health (KIP-1017): "starting" until startup completes, "unhealthy" when the herder
    // cannot process a no-op within 10 s (message names the stage it is stuck in).
    virtual WorkerHealth health() = 0;

    // PUT /admin/loggers/{ns}?scope=cluster (KIP-976). True when the level was
    // handed to the cluster (distributed: written to the config topic, and
    // every worker applies it as it reads the record back, this one included);
    // false when this worker is the whole cluster and the caller applies it.
    virtual bool setClusterLoggerLevel(const std::string& ns, const std::string& level) {
        (void)ns;
        (void)level;
        return false;
    }
    // Who applies a level the cluster sets (the REST layer's logger
    // registry); called on a herder-owned thread. nullptr detaches it.
    using LoggerLevelApplier = std::function<void(const std::string& ns, const std::string& level)>;
    virtual void setLoggerLevelApplier(LoggerLevelApplier apply) { (void)apply; }
};

}  // namespace kc::host
