#include "host/herder/distributed/member_assignment.hpp"

#include <set>

namespace kc::host::distributed {
namespace {

// Appends the items of `from` that `seen` does not hold yet.
template <typename T>
void append_new(std::vector<T>& to, std::set<T>& seen, const std::vector<T>& from) {
    for (const auto& item : from)
        if (seen.insert(item).second) to.push_back(item);
}

}  // namespace

ConnectorsAndTasks subtract(const ConnectorsAndTasks& from, const ConnectorsAndTasks& remove) {
    std::set<std::string> connectors(remove.connectors.begin(), remove.connectors.end());
    std::set<ConnectorTaskId> tasks(remove.tasks.begin(), remove.tasks.end());
    ConnectorsAndTasks out;
    for (const auto& c : from.connectors)
        if (!connectors.count(c)) out.connectors.push_back(c);
    for (const auto& t : from.tasks)
        if (!tasks.count(t)) out.tasks.push_back(t);
    return out;
}

ConnectAssignment merge_assignment(const std::optional<ConnectAssignment>& previous,
                                   const ConnectAssignment& received,
                                   ConnectProtocolCompatibility protocol) {
    if (protocol == ConnectProtocolCompatibility::Eager) return received;

    ConnectorsAndTasks kept =
        previous ? subtract(previous->assigned, received.revoked) : ConnectorsAndTasks{};
    ConnectAssignment merged = received;
    merged.assigned = {};
    std::set<std::string> seen_connectors;
    std::set<ConnectorTaskId> seen_tasks;
    append_new(merged.assigned.connectors, seen_connectors, received.assigned.connectors);
    append_new(merged.assigned.connectors, seen_connectors, kept.connectors);
    append_new(merged.assigned.tasks, seen_tasks, received.assigned.tasks);
    append_new(merged.assigned.tasks, seen_tasks, kept.tasks);
    return merged;
}

}  // namespace kc::host::distributed
