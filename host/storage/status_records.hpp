// The status topic's records, as Java's KafkaStatusBackingStore writes and
// reads them, and its two ordering rules as pure functions. Keys are strings;
// values schemaless JsonConverter JSON; nullopt is a tombstone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "host/core/connect_types.hpp"
#include "host/storage/status_backing_store.hpp"

namespace kc::host::storage {

// ---- keys ----

std::string connector_status_key(std::string_view connector);  // status-connector-<c>
std::string task_status_key(const ConnectorTaskId& id);        // status-task-<c>-<n>
// status-topic-<topic>:connector-<c>
std::string topic_status_key(std::string_view topic, std::string_view connector);

enum class StatusKeyKind { Connector, Task, Topic };

struct StatusKey {
    StatusKeyKind kind;
    std::string connector;
    int32_t task = 0;     // task only
    std::string topic{};  // topic only
};

// Java's parse: the connector name is what follows "status-connector-"; a task
// key splits as the config topic's task keys do; a topic key is cut at its
// first ':' and the connector starts ":connector-".size() later. Throws
// RecordFormatError for a key Java discards.
StatusKey parse_status_key(std::string_view key);

// ---- values ----

// {"state":"RUNNING","trace":null,"worker_id":"host:port","generation":N};
// nullopt (a tombstone) for DESTROYED.
std::optional<std::string> encode_connector_status(const ConnectorStatus& status);
std::optional<std::string> encode_task_status(const TaskStatus& status);
// {"topic":{"name":"t","connector":"c","task":n,"discoverTimestamp":ms}}
std::string encode_topic_status(const TopicStatus& status);

// Throw RecordFormatError naming the key and field for a value Java would not
// read: not an object, a state that is not a state name, a trace or worker_id
// that is not a string, a generation that is not an integer. A missing
// worker_id reads as "".
ConnectorStatus decode_connector_status(std::string_view connector, std::string_view key,
                                        std::string_view value);
TaskStatus decode_task_status(const ConnectorTaskId& id, std::string_view key,
                              std::string_view value);
TopicStatus decode_topic_status(std::string_view key, std::string_view value);

// ---- rules ----

// Java putSafe (used for UNASSIGNED and FAILED): write only if nothing is
// known for the key, or the known status came from the same worker, or from a
// generation no newer than this one.
bool can_write_status_safely(const std::optional<ConnectorStatus>& current,
                             const ConnectorStatus& next);
bool can_write_status_safely(const std::optional<TaskStatus>& current, const TaskStatus& next);

// The reader's one exception to "last record wins": an UNASSIGNED task status
// no newer than the RUNNING status it would replace is stale (a worker that
// had not yet read the RUNNING one sent it during a rebalance) and is ignored.
bool is_stale_task_status(const std::optional<TaskStatus>& current, const TaskStatus& incoming);

// Per-key write sequence numbers (Java's CacheEntry sequence). Each write to a
// key takes the next number; a failed send may be retried only while its
// number is still the key's latest, so a retry never overwrites a newer write.
class StatusWriteSequence {
  public:
    // The number of a new write to `key` (1 for the first).
    uint64_t next(const std::string& key);
    // True while no later write to `key` has been numbered.
    bool is_latest(const std::string& key, uint64_t sequence) const;

  private:
    std::map<std::string, uint64_t> latest_;
};

}  // namespace kc::host::storage
