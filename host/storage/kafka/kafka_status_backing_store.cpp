#include "host/storage/kafka/kafka_status_backing_store.hpp"

#include <spdlog/spdlog.h>

#include "host/kafka/kafka_error.hpp"
#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace {

std::string status_key(const ConnectorStatus& s) {
    return connector_status_key(s.connector);
}
std::string status_key(const TaskStatus& s) {
    return task_status_key(s.id);
}
std::optional<std::string> encode_status(const ConnectorStatus& s) {
    return encode_connector_status(s);
}
std::optional<std::string> encode_status(const TaskStatus& s) {
    return encode_task_status(s);
}

std::optional<ConnectorStatus> read_status_of(const StatusBackingStore& cache,
                                              const ConnectorStatus& s) {
    return cache.get(s.connector);
}
std::optional<TaskStatus> read_status_of(const StatusBackingStore& cache, const TaskStatus& s) {
    return cache.get(s.id);
}

}  // namespace

KafkaStatusBackingStore::KafkaStatusBackingStore(KafkaStoreSettings settings)
    : settings_(std::move(settings)) {}

KafkaStatusBackingStore::~KafkaStatusBackingStore() {
    stop();
}

std::string KafkaStatusBackingStore::topic_name() const {
    return settings_.worker.get_or("status.storage.topic", "");
}

void KafkaStatusBackingStore::start() {
    if (log_) return;
    InternalTopicLogOptions options;
    options.client_id_suffix = "statuses";
    // Java's status producer does not retry: the store does, and only while
    // the write is still wanted.
    options.producer_overrides.set("retries", "0");
    auto log = open_internal_topic_log(kafka::InternalTopic::Status, settings_, options,
                                       [this](const kafka::LogRecord& r) { on_record(r); });
    log->start(settings_.start_timeout);
    log_ = std::move(log);
    stopping_ = false;
}

void KafkaStatusBackingStore::stop() {
    if (!log_) return;
    stopping_ = true;  // the failures stop() hands out are not retried
    log_->stop(settings_.write_timeout);
}

template <typename Status>
void KafkaStatusBackingStore::send_status(const Status& status, bool safe) {
    std::string key = status_key(status);
    uint64_t sequence;
    {
        std::lock_guard lock(mu_);
        generation_ = status.generation;
        if (safe && !can_write_status_safely(read_status_of(cache_, status), status)) {
            spdlog::debug("Not writing status '{}' of generation {}: a newer one was read", key,
                          status.generation);
            return;
        }
        sequence = sequences_.next(key);
    }
    auto write = std::make_shared<PendingWrite>();
    write->key = key;
    write->value = encode_status(status);
    write->may_retry = [this, key, sequence, status, safe] {
        return sequences_.is_latest(key, sequence) && status.generation == generation_ &&
               (!safe || can_write_status_safely(read_status_of(cache_, status), status));
    };
    send(std::move(write));
}

void KafkaStatusBackingStore::send(std::shared_ptr<const PendingWrite> write) {
    if (!log_) {
        spdlog::error("Not writing status '{}': the store of status topic '{}' is not started",
                      write->key, topic_name());
        return;
    }
    std::optional<std::string_view> value;
    if (write->value) value = *write->value;
    try {
        log_->send(write->key, value, [this, write](const kafka::SendResult& r) {
            if (r.ok()) return;
            const bool retriable = r.error.retriable();
            if (!retriable || stopping_) {
                spdlog::error("Failed to write status update '{}': {}", write->key, r.message);
                return;
            }
            {
                std::lock_guard lock(mu_);
                if (!write->may_retry()) return;  // superseded: a retry would clobber newer news
            }
            spdlog::warn("Retrying status update '{}' after: {}", write->key, r.message);
            send(write);
        });
    } catch (const kafka::KafkaError& e) {
        spdlog::error("Failed to write status update '{}': {}", write->key, e.what());
    }
}

void KafkaStatusBackingStore::put(const ConnectorStatus& status) {
    send_status(status, false);
}

void KafkaStatusBackingStore::put(const TaskStatus& status) {
    send_status(status, false);
}

void KafkaStatusBackingStore::put_safe(const ConnectorStatus& status) {
    send_status(status, true);
}

void KafkaStatusBackingStore::put_safe(const TaskStatus& status) {
    send_status(status, true);
}

void KafkaStatusBackingStore::send_topic_status(const std::string& connector,
                                                const std::string& topic,
                                                std::optional<std::string> value) {
    std::string key = topic_status_key(topic, connector);
    uint64_t sequence;
    {
        std::lock_guard lock(mu_);
        sequence = sequences_.next(key);
    }
    auto write = std::make_shared<PendingWrite>();
    write->key = key;
    write->value = std::move(value);
    // A retried topic record must not bring back a topic reset since.
    write->may_retry = [this, key, sequence] { return sequences_.is_latest(key, sequence); };
    send(std::move(write));
}

void KafkaStatusBackingStore::put(const TopicStatus& status) {
    send_topic_status(status.connector, status.topic, encode_topic_status(status));
}

void KafkaStatusBackingStore::delete_topic(const std::string& connector, const std::string& topic) {
    send_topic_status(connector, topic, std::nullopt);
}

std::optional<ConnectorStatus> KafkaStatusBackingStore::get(const std::string& connector) const {
    return cache_.get(connector);
}

std::optional<TaskStatus> KafkaStatusBackingStore::get(const ConnectorTaskId& id) const {
    return cache_.get(id);
}

std::vector<TaskStatus> KafkaStatusBackingStore::get_all(const std::string& connector) const {
    return cache_.get_all(connector);
}

std::vector<std::string> KafkaStatusBackingStore::connectors() const {
    return cache_.connectors();
}

std::vector<TopicStatus> KafkaStatusBackingStore::topics(const std::string& connector) const {
    return cache_.topics(connector);
}

std::optional<TopicStatus> KafkaStatusBackingStore::topic(const std::string& connector,
                                                          const std::string& topic) const {
    for (TopicStatus& t : cache_.topics(connector)) {
        if (t.topic == topic) return std::move(t);
    }
    return std::nullopt;
}

void KafkaStatusBackingStore::flush(std::chrono::milliseconds timeout) {
    if (!log_) return;
    try {
        log_->flush(timeout);
    } catch (const kafka::KafkaError& e) {
        throw StorageError("Error flushing status updates to Kafka topic '" + log_->topic() +
                           "': " + e.what());
    }
}

void KafkaStatusBackingStore::refresh(std::chrono::milliseconds timeout) {
    if (!log_)
        throw StorageError("The store of status topic '" + topic_name() + "' is not started");
    try {
        log_->read_to_end(timeout);
    } catch (const kafka::KafkaError& e) {
        throw StorageError("Error reading Kafka topic '" + log_->topic() +
                           "' to its end: " + e.what());
    }
}

void KafkaStatusBackingStore::on_record(const kafka::LogRecord& record) {
    if (!record.key) {
        spdlog::warn("Discarding a record with a null key at {}-{} offset {}", topic_name(),
                     record.partition, record.offset);
        return;
    }
    try {
        read_status(parse_status_key(*record.key), *record.key, record.value);
    } catch (const StorageError& e) {
        // Another writer's bad record must not stop this worker: Java skips it.
        spdlog::warn("Discarding status record '{}' at {}-{} offset {}: {}", *record.key,
                     topic_name(), record.partition, record.offset, e.what());
    }
}

void KafkaStatusBackingStore::read_status(const StatusKey& key, std::string_view raw_key,
                                          std::optional<std::string_view> value) {
    switch (key.kind) {
        case StatusKeyKind::Connector:
            if (!value) {
                remove_connector(key.connector);
            } else {
                cache_.put(decode_connector_status(key.connector, raw_key, *value));
            }
            return;
        case StatusKeyKind::Task: {
            const ConnectorTaskId id{key.connector, key.task};
            if (!value) {
                remove_task(id);
                return;
            }
            TaskStatus status = decode_task_status(id, raw_key, *value);
            std::optional<TaskStatus> current = cache_.get(id);
            if (is_stale_task_status(current, status)) {
                spdlog::debug(
                    "Ignoring stale status of task {}-{} (generation {}) in favour of "
                    "RUNNING of generation {}",
                    id.connector, id.task, status.generation, current->generation);
                return;
            }
            cache_.put(status);
            return;
        }
        case StatusKeyKind::Topic:
            // The cache keeps a topic's first status: drop it so the last wins.
            cache_.delete_topic(key.connector, key.topic);
            if (value) cache_.put(decode_topic_status(raw_key, *value));
            return;
    }
}

void KafkaStatusBackingStore::remove_connector(const std::string& connector) {
    // As Java, the connector's tombstone takes its tasks' statuses with it.
    const std::vector<TaskStatus> tasks = cache_.get_all(connector);
    for (const TaskStatus& t : tasks)
        remove_task(t.id);
    cache_.put(ConnectorStatus{connector, ConnectState::Destroyed, std::nullopt, "", 0});
    std::lock_guard lock(mu_);
    sequences_.next(connector_status_key(connector));
}

void KafkaStatusBackingStore::remove_task(const ConnectorTaskId& id) {
    cache_.put(TaskStatus{id, ConnectState::Destroyed, std::nullopt, "", 0});
    std::lock_guard lock(mu_);
    sequences_.next(task_status_key(id));
}

}  // namespace kc::host::storage
