// How task drivers tell their owner (the herder) about state changes. Called
// from the task's own thread; implementations must be thread-safe.
#pragma once

#include <string>

#include "host/core/connect_types.hpp"

namespace kc::host::runtime {

class TaskStatusListener {
  public:
    virtual ~TaskStatusListener() = default;
    // `trace` is set when `state` is failed.
    virtual void on_task_state(const ConnectorTaskId& id, ConnectState state,
                               const std::string& trace) = 0;
};

}  // namespace kc::host::runtime
