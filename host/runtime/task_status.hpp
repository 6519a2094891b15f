// How task drivers tell their owner (the herder) about state changes. Called
// from the task's own thread; implementations must be thread-safe.
#pragma once

#include <string>

#include "host/herder/herder.hpp"

namespace kc::host::runtime {

enum class TaskStateKind { unassigned, running, paused, failed, restarting, stopped };

class TaskStatusListener {
  public:
    virtual ~TaskStatusListener() = default;
    virtual void on_task_state(const ConnectorTaskId& id, TaskStateKind state,
                               const std::string& trace) = 0;
};

}  // namespace kc::host::runtime
