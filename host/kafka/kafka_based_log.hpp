// A log over one Kafka topic, as Java Connect's util/KafkaBasedLog: the
// worker's config, offsets and status stores are each one of these.
//
// A consumer is assigned every partition of the topic from the beginning (no
// group membership, no commits) and a reader thread hands every record, in
// order within its partition, to a callback. A producer appends records.
// read_to_end() asks the brokers for the end offset of every partition and
// returns once the reader has consumed up to them, so everything written
// before the call (by anyone) has been passed to the callback.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "host/kafka/client_config.hpp"
#include "host/kafka/error_code.hpp"
#include "host/kafka/topic_partition.hpp"

namespace kc::host::kafka {

class Consumer;
class MessageBatch;
class Producer;

// One record of the log. The views are valid during the callback only.
struct LogRecord {
    std::optional<std::string_view> key;    // nullopt: null key
    std::optional<std::string_view> value;  // nullopt: a tombstone
    int32_t partition = 0;
    int64_t offset = 0;
    int64_t timestamp = -1;  // ms since the epoch, -1 when unknown
};

// The outcome of one send().
struct SendResult {
    ErrorCode error;      // none on success
    std::string message;  // empty on success; names the topic and the cause
    int32_t partition = -1;
    int64_t offset = -1;
    bool ok() const { return !error; }
};

class KafkaBasedLog {
  public:
    // Called on the reader thread, in order within each partition. An
    // exception it throws is logged, and the reader goes on.
    using RecordCallback = std::function<void(const LogRecord&)>;
    // Called on the producer's delivery thread (or, for records given up at
    // stop(), on the stopping thread).
    using SendCallback = std::function<void(const SendResult&)>;
    // nullptr once caught up; otherwise why not (the log stopped).
    using ReadToEndCallback = std::function<void(std::exception_ptr)>;

    // producer_config nullopt: a read-only log. The settings come from
    // internal_topic_client_config() with internal_topic_*_defaults(); as in
    // Java, acks=all and one request in flight are forced on the producer,
    // auto.offset.reset=earliest and no auto commit on the consumer, which
    // reads uncommitted records unless isolation.level says otherwise. The
    // consumer needs a group.id for librdkafka's consumer API though it never
    // joins or commits: pass the worker's (Java's consumers carry it too, so
    // the same ACLs apply); without one, "<topic>-reader" is used.
    KafkaBasedLog(std::string topic, std::optional<ClientConfig> producer_config,
                  ClientConfig consumer_config, RecordCallback on_record);
    ~KafkaBasedLog();  // stop()
    KafkaBasedLog(const KafkaBasedLog&) = delete;
    KafkaBasedLog& operator=(const KafkaBasedLog&) = delete;

    // Creates the clients, waits for the topic's partitions (never creating
    // the topic: see TopicAdmin), assigns them all from the beginning, starts
    // the threads and reads to the end, so every record already in the topic
    // has been passed to the callback when it returns. Throws KafkaError
    // (naming the topic) when that does not happen within `timeout`.
    void start(std::chrono::milliseconds timeout);
    // Stops reading, waits up to `flush_timeout` for records being sent, and
    // fails the rest (their callbacks get an error) and pending read_to_end()
    // calls. Idempotent.
    void stop(std::chrono::milliseconds flush_timeout = std::chrono::seconds(5));

    // Appends a record; the partitioner picks the partition from the key. The
    // callback (optional) learns the outcome. Thread-safe. Throws KafkaError
    // when the log is read-only or not started, or the record is refused at
    // once (e.g. too large).
    void send(std::optional<std::string_view> key, std::optional<std::string_view> value,
              SendCallback on_done = {});
    // Waits until every record sent so far is acknowledged or failed. Throws
    // KafkaError (a timeout) after `timeout`.
    void flush(std::chrono::milliseconds timeout);

    // Returns once everything in the topic when it is called has been passed
    // to the callback. Throws KafkaError (a timeout, saying
    // what the reader was waiting for) after `timeout`.
    void read_to_end(std::chrono::milliseconds timeout);
    // The same without blocking: `done` is called on the reader thread.
    void read_to_end(ReadToEndCallback done);

    const std::string& topic() const { return topic_; }
    // The topic's partition count, known once started.
    int32_t partition_count() const { return static_cast<int32_t>(partitions_); }

  private:
    struct PendingSend;

    void read_loop();
    // Reads up to the end offsets the brokers give now; false if stopped or
    // the end offsets could not be had.
    bool catch_up(MessageBatch& batch);
    // The partitions not yet read from `start` (empty: not known) up to
    // `end`, for logs and errors; empty when none.
    std::string lagging(const std::vector<TopicPartition>& partitions,
                        const std::vector<int64_t>& start, const std::vector<int64_t>& end);
    // One poll; passes what it got to the callback.
    void poll_once(MessageBatch& batch, int timeout_ms);
    void set_reader_state(std::string state);

    const std::string topic_;
    std::optional<ClientConfig> producer_config_;
    ClientConfig consumer_config_;
    RecordCallback on_record_;

    std::unique_ptr<Consumer> consumer_;  // guarded by mu_ (moved out at stop)
    std::unique_ptr<Producer> producer_;  // guarded by send_mu_
    std::size_t partitions_ = 0;
    // Per partition, the offset after the last record passed to the callback;
    // before any, the offset reading started at (-1 when not known). Reader
    // thread only after start().
    std::vector<int64_t> next_offsets_;
    // The end offsets asked for at start, for the first read to the end.
    std::optional<std::vector<int64_t>> first_end_offsets_;

    std::mutex mu_;
    std::condition_variable cv_;  // with mu_: a delivery report arrived
    bool started_ = false;
    std::atomic<bool> stopping_ = false;
    std::vector<ReadToEndCallback> read_requests_;  // guarded by mu_
    std::string reader_state_;  // what the reader waits for, for errors; guarded by mu_
    std::mutex send_mu_;        // Producer::produce() is not for concurrent callers
    std::thread reader_;
    std::thread deliverer_;  // serves the producer's delivery reports
};

}  // namespace kc::host::kafka
