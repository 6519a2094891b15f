// What a herder hears from the connectors and tasks running on this worker
// (ConnectorLifecycle). Called from their threads; implementations must be
// thread-safe, must return promptly and must not call back into the
// lifecycle's waiting operations.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/runtime/task_status.hpp"

namespace kc::host::runtime {

class LifecycleListener : public TaskStatusListener {
  public:
    // `trace` is set when `state` is failed.
    virtual void on_connector_state(const std::string& connector, ConnectState state,
                                    const std::string& trace) = 0;
    // The connector's tasks have stopped: their states are gone.
    virtual void on_tasks_stopped(const std::string& connector) = 0;
    // The connector generated its task configs (after it started, or when
    // asked to generate them again).
    virtual void on_task_configs(const std::string& connector,
                                 const std::vector<config::ConfigMap>& configs) = 0;
    // The connector asked for its task configs to be generated again.
    virtual void on_reconfiguration_request(const std::string& connector) = 0;
    // Values its config providers gave the connector expire: TTL in ms by
    // provider path (config.action.reload=restart).
    virtual void on_config_ttls(const std::string& connector,
                                const std::map<std::string, int64_t>& ttls) = 0;
};

// A listener that can be cut off: plugin threads that were abandoned may
// report long after their owner stopped listening, so they report through
// this link, which drops everything once detached. detach() returns only when
// no report is being delivered.
class ListenerLink : public TaskStatusListener {
  public:
    explicit ListenerLink(LifecycleListener& listener) : listener_(&listener) {}

    void detach() {
        std::lock_guard lock(mutex_);
        listener_ = nullptr;
    }
    template <class F>
    void deliver(F&& report) {
        std::lock_guard lock(mutex_);
        if (listener_) report(*listener_);
    }
    void on_task_state(const ConnectorTaskId& id, ConnectState state,
                       const std::string& trace) override {
        deliver([&](LifecycleListener& l) { l.on_task_state(id, state, trace); });
    }

  private:
    std::mutex mutex_;
    LifecycleListener* listener_;
};

}  // namespace kc::host::runtime
