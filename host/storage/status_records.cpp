#include "host/storage/status_records.hpp"

#include "host/storage/internal_json.hpp"
#include "host/storage/java_key_parts.hpp"
#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace json = internal_json;

namespace {

constexpr std::string_view kConnectorPrefix = "status-connector-";
constexpr std::string_view kTaskPrefix = "status-task-";
constexpr std::string_view kTopicPrefix = "status-topic-";
constexpr std::string_view kTopicSeparator = ":connector-";

[[noreturn]] void invalid_key(std::string_view key, std::string_view why) {
    throw RecordFormatError("status record key '" + std::string(key) +
                            "' is invalid: " + std::string(why));
}

std::string subject(std::string_view key) {
    return "status record '" + std::string(key) + "'";
}

std::string encode_status(ConnectState state, const std::optional<std::string>& trace,
                          std::string_view worker_id, int32_t generation) {
    std::string out = "{";
    json::append_name(out, "state");
    json::append_string(out, connect_state_name(state));
    out.push_back(',');
    json::append_name(out, "trace");
    if (trace) {
        json::append_string(out, *trace);
    } else {
        out.append("null");
    }
    out.push_back(',');
    json::append_name(out, "worker_id");
    json::append_string(out, worker_id);
    out.push_back(',');
    json::append_name(out, "generation");
    out.append(std::to_string(generation)).push_back('}');
    return out;
}

// The fields shared by connector and task statuses.
struct StatusFields {
    ConnectState state;
    std::optional<std::string> trace;
    std::string worker_id;
    int32_t generation;
};

StatusFields decode_status(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    const std::string name = json::required_string(record, "state", what);
    const auto state = parse_connect_state(name);
    if (!state) throw RecordFormatError(what + ": invalid state '" + name + "'");
    return {*state, json::optional_string(record, "trace", what),
            json::optional_string(record, "worker_id", what).value_or(""),
            // Java reads a Long and keeps its low 32 bits.
            static_cast<int32_t>(json::required_long(record, "generation", what))};
}

}  // namespace

std::string connector_status_key(std::string_view connector) {
    return std::string(kConnectorPrefix).append(connector);
}

std::string task_status_key(const ConnectorTaskId& id) {
    return std::string(kTaskPrefix).append(id.connector) + "-" + std::to_string(id.task);
}

std::string topic_status_key(std::string_view topic, std::string_view connector) {
    return std::string(kTopicPrefix).append(topic).append(kTopicSeparator).append(connector);
}

StatusKey parse_status_key(std::string_view key) {
    if (key.starts_with(kConnectorPrefix)) {
        std::string connector(key.substr(kConnectorPrefix.size()));
        if (connector.empty()) invalid_key(key, "no connector name");
        return {StatusKeyKind::Connector, std::move(connector)};
    }
    if (key.starts_with(kTaskPrefix)) {
        auto id = java_key_parts::task_id(key, 2);
        if (!id) invalid_key(key, "not status-task-<connector>-<task number>");
        return {StatusKeyKind::Task, std::move(id->connector), id->task};
    }
    if (key.starts_with(kTopicPrefix)) {
        const std::size_t colon = key.find(':');
        if (colon == std::string_view::npos) invalid_key(key, "no ':' after the topic");
        std::string topic(key.substr(kTopicPrefix.size(), colon - kTopicPrefix.size()));
        if (topic.empty()) invalid_key(key, "empty topic");
        // Java skips the separator's length without checking its text.
        const std::size_t begin = colon + kTopicSeparator.size();
        if (begin > key.size()) invalid_key(key, "no connector after the topic");
        std::string connector(key.substr(begin));
        if (connector.empty()) invalid_key(key, "empty connector");
        return {StatusKeyKind::Topic, std::move(connector), 0, std::move(topic)};
    }
    invalid_key(key, "not a connector, task or topic status key");
}

std::optional<std::string> encode_connector_status(const ConnectorStatus& status) {
    if (status.state == ConnectState::Destroyed) return std::nullopt;
    return encode_status(status.state, status.trace, status.worker_id, status.generation);
}

std::optional<std::string> encode_task_status(const TaskStatus& status) {
    if (status.state == ConnectState::Destroyed) return std::nullopt;
    return encode_status(status.state, status.trace, status.worker_id, status.generation);
}

std::string encode_topic_status(const TopicStatus& status) {
    std::string out = "{";
    json::append_name(out, "topic");
    out.push_back('{');
    json::append_name(out, "name");
    json::append_string(out, status.topic);
    out.push_back(',');
    json::append_name(out, "connector");
    json::append_string(out, status.connector);
    out.push_back(',');
    json::append_name(out, "task");
    out.append(std::to_string(status.task)).push_back(',');
    json::append_name(out, "discoverTimestamp");
    out.append(std::to_string(status.discover_timestamp)).append("}}");
    return out;
}

ConnectorStatus decode_connector_status(std::string_view connector, std::string_view key,
                                        std::string_view value) {
    StatusFields f = decode_status(key, value);
    return {std::string(connector), f.state, std::move(f.trace), std::move(f.worker_id),
            f.generation};
}

TaskStatus decode_task_status(const ConnectorTaskId& id, std::string_view key,
                              std::string_view value) {
    StatusFields f = decode_status(key, value);
    return {id, f.state, std::move(f.trace), std::move(f.worker_id), f.generation};
}

TopicStatus decode_topic_status(std::string_view key, std::string_view value) {
    const std::string what = subject(key);
    const rapidjson::Document doc = json::parse(value, what);
    const rapidjson::Value& record = json::require_object(doc, what);
    const rapidjson::Value* inner = json::find(record, "topic");
    if (!inner || !inner->IsObject()) {
        throw RecordFormatError(what + ": field 'topic' should be an object but is " +
                                std::string(inner ? json::kind_of(*inner) : "missing"));
    }
    return {json::required_string(*inner, "name", what),
            json::required_string(*inner, "connector", what),
            static_cast<int32_t>(json::required_long(*inner, "task", what)),
            json::required_long(*inner, "discoverTimestamp", what)};
}

namespace {

template <typename Status>
bool safe_to_write(const std::optional<Status>& current, const Status& next) {
    return !current || current->worker_id == next.worker_id ||
           current->generation <= next.generation;
}

}  // namespace

bool can_write_status_safely(const std::optional<ConnectorStatus>& current,
                             const ConnectorStatus& next) {
    return safe_to_write(current, next);
}

bool can_write_status_safely(const std::optional<TaskStatus>& current, const TaskStatus& next) {
    return safe_to_write(current, next);
}

bool is_stale_task_status(const std::optional<TaskStatus>& current, const TaskStatus& incoming) {
    return incoming.state == ConnectState::Unassigned && current &&
           current->state == ConnectState::Running && current->generation >= incoming.generation;
}

uint64_t StatusWriteSequence::next(const std::string& key) {
    return ++latest_[key];
}

bool StatusWriteSequence::is_latest(const std::string& key, uint64_t sequence) const {
    auto it = latest_.find(key);
    return it != latest_.end() && it->second == sequence;
}

}  // namespace kc::host::storage
