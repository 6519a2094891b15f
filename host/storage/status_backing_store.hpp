#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host::storage {

// Java AbstractStatus.State; DESTROYED removes the entry.
enum class State { Unassigned, Running, Paused, Failed, Restarting, Stopped, Destroyed };

// The REST/status-topic spelling: UNASSIGNED RUNNING PAUSED FAILED RESTARTING
// STOPPED DESTROYED.
std::string_view state_name(State state);

struct ConnectorStatus {
    std::string connector;
    State state = State::Unassigned;
    std::string trace;  // empty = none
    std::string worker_id;
    int generation = 0;
};

struct TaskStatus {
    std::string connector;
    int task = 0;
    State state = State::Unassigned;
    std::string trace;
    std::string worker_id;
    int generation = 0;
};

// A topic a connector used (KIP-558 topic tracking).
struct TopicStatus {
    std::string topic;
    std::string connector;
    int task = 0;
    int64_t discover_timestamp = 0;
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
    // Written only if no newer generation has written the entry (Java putSafe).
    virtual void put_safe(const ConnectorStatus& status) = 0;
    virtual void put_safe(const TaskStatus& status) = 0;

    virtual std::optional<ConnectorStatus> get(const std::string& connector) const = 0;
    virtual std::optional<TaskStatus> get(const std::string& connector, int task) const = 0;
    // Tasks of a connector, ordered by task id.
    virtual std::vector<TaskStatus> get_all(const std::string& connector) const = 0;
    virtual std::vector<std::string> connectors() const = 0;

    virtual void put(const TopicStatus& status) = 0;
    virtual std::vector<TopicStatus> topics(const std::string& connector) const = 0;
    virtual void delete_topic(const std::string& connector, const std::string& topic) = 0;
};

}  // namespace kc::host::storage
