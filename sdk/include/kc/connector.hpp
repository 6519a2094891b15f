// kc/connector.hpp - connectors (Java SourceConnector / SinkConnector): take
// the user's config, split the work into task configs, and name the task
// class that runs them (`using Task = MyTask;`).
//
// Threads: start, taskConfigs and stop are [instance-thread]; validate,
// exactlyOnceSupport, canDefineTransactionBoundaries and alterOffsets run on
// a fresh, unstarted instance.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/host.hpp"
#include "kc/plugin.hpp"

namespace kc {

class Connector : public Plugin {
  public:
    virtual void start(const ConfigMap& props) = 0;
    // At most maxTasks configs, one per task to run.
    virtual std::vector<ConfigMap> taskConfigs(int maxTasks) = 0;
    virtual void stop() = 0;
    // Java Connector.validate: one result per key. The default runs the
    // class's ConfigDef; override to add cross-key checks.
    virtual std::vector<ConfigValue> validate(const ConfigMap& props, const ConfigDef& def) {
        return def.validate(props);
    }

    ConnectorContext context() const { return ConnectorContext(host(), hostContext()); }
};

enum class ExactlyOnceSupport { Unsupported = KC_EOS_UNSUPPORTED, Supported = KC_EOS_SUPPORTED };

class SourceConnector : public Connector {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_SOURCE_CONNECTOR;

    virtual ExactlyOnceSupport exactlyOnceSupport(const ConfigMap&) {
        return ExactlyOnceSupport::Unsupported;
    }
    // Java canDefineTransactionBoundaries == CONNECTOR_DEFINED.
    virtual bool canDefineTransactionBoundaries(const ConfigMap&) { return false; }
    // Java SourceConnector.alterOffsets: pairs of (partition, offset or null;
    // an empty list = reset). Return true when the connector acted on them.
    virtual bool alterOffsets(const ConfigMap&,
                              const std::vector<std::pair<ValueView, ValueView>>&) {
        return false;
    }
};

class SinkConnector : public Connector {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_SINK_CONNECTOR;

    // Java SinkConnector.alterOffsets: (partition, offset or nullopt = reset).
    virtual bool alterOffsets(
        const ConfigMap&, const std::vector<std::pair<TopicPartition, std::optional<int64_t>>>&) {
        return false;
    }
};

}  // namespace kc
