// Connector, task and topic statuses in the status topic, as Java's
// KafkaStatusBackingStore keeps them: writes are asynchronous and retried by
// the store itself; reads come from what every worker has written, read back
// by the store's reader thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "host/storage/kafka/internal_topic_log.hpp"
#include "host/storage/memory_status_backing_store.hpp"
#include "host/storage/status_backing_store.hpp"
#include "host/storage/status_records.hpp"

namespace kc::host::storage {

class KafkaStatusBackingStore : public StatusBackingStore {
  public:
    // The topic is status.storage.topic of settings.worker
    // (status.storage.partitions, default 5). Nothing is contacted before
    // start().
    explicit KafkaStatusBackingStore(KafkaStoreSettings settings);
    ~KafkaStatusBackingStore() override;  // stop()

    // Checks the topic (creating it when missing) and reads it to its end.
    // Throws kafka::KafkaError when Kafka does not answer within start_timeout.
    void start() override;
    // Waits up to settings.write_timeout for statuses being sent.
    void stop() override;

    // Writes are asynchronous, as Java's: they return once the record is
    // handed to the producer, and get() sees them once read back (refresh()).
    // A retriable send failure is retried while the write is still the key's
    // latest (so a late retry never overwrites a newer write, whatever the
    // kind of write), the worker's generation has not changed since, and
    // (put_safe) the write is still safe; other failures are logged.
    // DESTROYED is written as a tombstone.
    void put(const ConnectorStatus& status) override;
    void put(const TaskStatus& status) override;
    // Java's putSafe: dropped when the status read last for the key came
    // from another worker of a newer generation (can_write_status_safely).
    void put_safe(const ConnectorStatus& status) override;
    void put_safe(const TaskStatus& status) override;

    // What has been read from the topic: the last record of each key wins,
    // except a stale UNASSIGNED task status (is_stale_task_status).
    std::optional<ConnectorStatus> get(const std::string& connector) const override;
    std::optional<TaskStatus> get(const ConnectorTaskId& id) const override;
    std::vector<TaskStatus> get_all(const std::string& connector) const override;
    std::vector<std::string> connectors() const override;

    // KIP-558 topic tracking: status-topic-<topic>:connector-<c>.
    void put(const TopicStatus& status) override;
    std::vector<TopicStatus> topics(const std::string& connector) const override;
    std::optional<TopicStatus> topic(const std::string& connector, const std::string& topic) const;
    void delete_topic(const std::string& connector, const std::string& topic) override;

    // Waits until every status sent so far is acknowledged (Java flush()).
    // Throws StorageError naming the topic after `timeout`.
    void flush(std::chrono::milliseconds timeout);
    // Reads the topic to its end, so get() sees every status written before
    // the call. Throws StorageError naming the topic after `timeout`.
    void refresh(std::chrono::milliseconds timeout);

    // status.storage.topic.
    std::string topic_name() const;

  private:
    // One record on its way, and whether a retry of it is still wanted
    // (evaluated under mu_).
    struct PendingWrite {
        std::string key;
        std::optional<std::string> value;
        std::function<bool()> may_retry;
    };

    template <typename Status>
    void send_status(const Status& status, bool safe);
    void send_topic_status(const std::string& connector, const std::string& topic,
                           std::optional<std::string> value);
    void send(std::shared_ptr<const PendingWrite> write);

    void on_record(const kafka::LogRecord& record);
    void read_status(const StatusKey& key, std::string_view raw_key,
                     std::optional<std::string_view> value);
    // Tombstones: Java forgets the entry and abandons retries of it.
    void remove_connector(const std::string& connector);
    void remove_task(const ConnectorTaskId& id);

    const KafkaStoreSettings settings_;
    std::unique_ptr<kafka::KafkaBasedLog> log_;  // set by start(); not reset by stop()
    std::atomic<bool> stopping_ = false;
    // What has been read. Only the reader thread writes it, so its checks
    // (stale UNASSIGNED) and updates need no lock beyond the cache's own.
    MemoryStatusBackingStore cache_;

    std::mutex mu_;  // guards the two below
    StatusWriteSequence sequences_;
    int32_t generation_ = 0;  // of the last status written (Java's `generation`)
};

}  // namespace kc::host::storage
