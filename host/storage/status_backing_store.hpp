#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/core/connect_types.hpp"

namespace kc::host::storage {

// The last reported state of a connector (Java ConnectorStatus).
// ConnectState::Destroyed removes the entry (a tombstone in the status topic).
struct ConnectorStatus {
    std::string connector;
    ConnectState state = ConnectState::Unassigned;
    std::optional<std::string> trace;  // a FAILED state's stack trace
    std::string worker_id;             // advertised REST host:port
    int32_t generation = 0;            // the worker's group generation

    friend bool operator==(const ConnectorStatus&, const ConnectorStatus&) = default;
};

// The last reported state of a task (Java TaskStatus).
struct TaskStatus {
    ConnectorTaskId id;
    ConnectState state = ConnectState::Unassigned;
    std::optional<std::string> trace;
    std::string worker_id;
    int32_t generation = 0;

    friend bool operator==(const TaskStatus&, const TaskStatus&) = default;
};

// A topic a connector used (KIP-558 topic tracking).
struct TopicStatus {
    std::string topic;
    std::string connector;
    int32_t task = 0;
    int64_t discover_timestamp = 0;

    friend bool operator==(const TopicStatus&, const TopicStatus&) = default;
};

// Where connector and task states live: memory (standalone) or the status
// topic. Implementations are thread-safe.
class StatusBackingStore {
  public:
    virtual ~StatusBackingStore() = default;
    virtual void start() {}
    virtual void stop() {}

    virtual void put(const ConnectorStatus& status) = 0;
    virtual void put(const TaskStatus& status) = 0;
    // Written only when it cannot clobber another worker's newer report (Java
    // putSafe, see can_write_status_safely); used for UNASSIGNED and FAILED.
    virtual void put_safe(const ConnectorStatus& status) = 0;
    virtual void put_safe(const TaskStatus& status) = 0;

    virtual std::optional<ConnectorStatus> get(const std::string& connector) const = 0;
    virtual std::optional<TaskStatus> get(const ConnectorTaskId& id) const = 0;
    // Tasks of a connector, ordered by task id.
    virtual std::vector<TaskStatus> get_all(const std::string& connector) const = 0;
    virtual std::vector<std::string> connectors() const = 0;

    virtual void put(const TopicStatus& status) = 0;
    virtual std::vector<TopicStatus> topics(const std::string& connector) const = 0;
    virtual void delete_topic(const std::string& connector, const std::string& topic) = 0;
};

}  // namespace kc::host::storage
