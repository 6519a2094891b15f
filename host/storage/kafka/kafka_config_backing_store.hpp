// Connector configs in the config topic, as Java's KafkaConfigBackingStore
// keeps them: every worker reads the whole topic through a ConfigTopicState
// (the same reader rules as Java's), and writes the records Java writes, in
// Java's order, each bounded by a timeout.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/storage/config_backing_store.hpp"
#include "host/storage/config_topic_state.hpp"
#include "host/storage/kafka/internal_topic_log.hpp"

namespace kc::host::storage {

class KafkaConfigBackingStore : public ConfigBackingStore {
  public:
    // The topic is config.storage.topic of settings.worker. Nothing is
    // contacted before start().
    explicit KafkaConfigBackingStore(KafkaStoreSettings settings);
    ~KafkaConfigBackingStore() override;  // stop()

    // Checks the topic (creating it, compacted with one partition, when it is
    // missing), reads it to its end and from then on reports changes to the
    // listener. Throws config::ConfigError for a topic with more than one
    // partition (Java's message; the worker must not start) and
    // kafka::KafkaError when Kafka does not answer within start_timeout.
    void start() override;
    void stop() override;

    // Called on the store's reader thread, outside its lock, for records read
    // after start() (ConfigTopicState decides which records are news). The
    // listener should only note the change and wake the herder.
    void set_update_listener(ConfigUpdateListener* listener) override;

    // A copy of the state read so far; thread-safe.
    ClusterConfigState snapshot() const override;
    bool contains(const std::string& connector) const override;
    // Reads the topic to its end; throws StorageError naming the topic when
    // that takes longer than `timeout`.
    void refresh(std::chrono::milliseconds timeout) override;

    // Writes. Each sends its records one after another, waiting for each to be
    // acknowledged, then reads the topic to its end so that the write is in
    // snapshot() when it returns. The whole is bounded by
    // settings.write_timeout; a failure throws StorageError naming the topic.
    // Records are written by the plain producer: the transactional writer of
    // exactly-once support is not implemented (claim_write_privileges is a
    // no-op).

    // target_state (when given) is written first, then the connector record.
    void put_connector_config(const std::string& connector, const config::ConfigMap& raw_config,
                              std::optional<TargetState> target_state) override;
    // Tombstones for connector-<c>, then target-state-<c> (whether or not the
    // connector is known, as Java).
    void remove_connector_config(const std::string& connector) override;
    // Reads to the end, writes task-<c>-<i> for every task, reads to the end
    // again (so every task record is in before its commit), writes
    // commit-<c> {"tasks":N}, reads to the end. No tasks: the commit alone.
    void put_task_configs(const std::string& connector,
                          const std::vector<config::ConfigMap>& tasks) override;
    // A commit of zero tasks (Java does not support removing task configs).
    void remove_task_configs(const std::string& connector) override;
    // STOPPED is written as state PAUSED + state.v2 STOPPED.
    void put_target_state(const std::string& connector, TargetState state) override;
    void put_task_count_record(const std::string& connector, int32_t task_count) override;
    void put_session_key(const SessionKey& key) override;
    void put_restart_request(const RestartRequest& request) override;
    void put_logger_level(const std::string& ns, const std::string& level) override;

    // config.storage.topic.
    std::string topic_name() const;

  private:
    struct Record {
        std::string key;
        std::optional<std::string> value;
    };
    using Deadline = std::chrono::steady_clock::time_point;

    void on_record(const kafka::LogRecord& record);
    // Sends the records in order, each acknowledged before the next, then
    // reads to the end; `what` says what is written, for errors.
    void write(std::string_view what, const std::vector<Record>& records);
    void send_acknowledged(std::string_view what, const Record& record, Deadline deadline);
    void read_to_end(std::string_view what, Deadline deadline);
    kafka::KafkaBasedLog& running_log(std::string_view what) const;

    const KafkaStoreSettings settings_;
    std::unique_ptr<kafka::KafkaBasedLog> log_;  // set by start(); not reset by stop()
    std::mutex write_mu_;  // one write sequence at a time (put_task_configs has several steps)

    mutable std::mutex mu_;  // guards the two below
    ConfigTopicState state_;
    ConfigUpdateListener* listener_ = nullptr;
};

}  // namespace kc::host::storage
