#pragma once

#include <kc/abi.h>
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/client_config.hpp"
#include "host/kafka/fetch_waker.hpp"
#include "host/kafka/rd_conf.hpp"
#include "host/kafka/topic_partition.hpp"

namespace kc::host::kafka {

// Told about partition assignment changes, from within Consumer::poll_batch()
// (or close()) on the polling thread. Revoked is called before the partitions
// are given up, so the sink can flush and commit them.
class RebalanceListener {
  public:
    virtual ~RebalanceListener() = default;
    virtual void on_partitions_assigned(const std::vector<TopicPartition>& partitions) = 0;
    virtual void on_partitions_revoked(const std::vector<TopicPartition>& partitions) = 0;
    // Partitions lost without a clean handover (session expired): by default
    // the same as revoked; offsets can no longer be committed for them.
    virtual void on_partitions_lost(const std::vector<TopicPartition>& partitions) {
        on_partitions_revoked(partitions);
    }
};

// A view of one consumed message, valid while its MessageBatch holds it.
class Message {
  public:
    explicit Message(const rd_kafka_message_t* m) : m_(m) {}
    std::string_view topic() const { return rd_kafka_topic_name(m_->rkt); }
    int32_t partition() const { return m_->partition; }
    int64_t offset() const { return m_->offset; }
    // ptr == nullptr for a null key / value.
    kc_str key() const { return {static_cast<const char*>(m_->key), m_->key_len}; }
    kc_str value() const { return {static_cast<const char*>(m_->payload), m_->len}; }
    int64_t timestamp(rd_kafka_timestamp_type_t* type) const {
        return rd_kafka_message_timestamp(m_, type);
    }
    // Headers, or nullptr when there are none; read with rd_kafka_header_get_all.
    const rd_kafka_headers_t* headers() const;
    const rd_kafka_message_t* raw() const { return m_; }

  private:
    const rd_kafka_message_t* m_;
};

// Owns the messages of one poll; reuse it across polls to avoid reallocating.
class MessageBatch {
  public:
    MessageBatch() = default;
    ~MessageBatch() { clear(); }
    MessageBatch(const MessageBatch&) = delete;
    MessageBatch& operator=(const MessageBatch&) = delete;

    std::size_t size() const { return msgs_.size(); }
    bool empty() const { return msgs_.empty(); }
    Message operator[](std::size_t i) const { return Message(msgs_[i]); }
    void clear();

  private:
    friend class Consumer;
    std::vector<rd_kafka_message_t*> msgs_;
};

// A group consumer (subscribe) or a manually assigned one (assign).
// Not thread-safe: one thread drives it, as a sink task does.
class Consumer {
  public:
    // Result of an asynchronous commit, from within poll_batch().
    using CommitCallback =
        std::function<void(rd_kafka_resp_err_t, const std::vector<TopicPartitionOffset>&)>;

    // listener may be nullptr; it must outlive the consumer.
    Consumer(const ClientConfig& config, RebalanceListener* listener = nullptr,
             CommitCallback on_commit = {});
    ~Consumer();  // close()
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Names starting with '^' are regular expressions (Java topics.regex).
    void subscribe(const std::vector<std::string>& topics);
    void unsubscribe();
    // Manual assignment without group management.
    void assign(const std::vector<TopicPartitionOffset>& partitions);
    std::vector<TopicPartition> assignment() const;

    // Clears `out`, then waits up to timeout_ms for the first message and
    // takes what else is ready, up to max. Per-partition errors are logged;
    // a fatal consumer error throws KafkaError. Returns out.size().
    std::size_t poll_batch(MessageBatch& out, std::size_t max, int timeout_ms);

    // Offsets are the next offsets to consume (last processed + 1).
    void commit_sync(const std::vector<TopicPartitionOffset>& offsets);
    void commit_async(const std::vector<TopicPartitionOffset>& offsets);
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartition>& partitions,
                                                int timeout_ms);
    std::vector<TopicPartitionOffset> position(const std::vector<TopicPartition>& partitions);

    // The end offset (high watermark; the last stable offset under
    // read_committed) of each partition, asked of the partition leaders
    // (ListOffsets "latest"). Throws KafkaError naming the first failure.
    std::vector<TopicPartitionOffset> end_offsets(const std::vector<TopicPartition>& partitions,
                                                  int timeout_ms);
    // The log start offset of each partition (ListOffsets "earliest"): where
    // a consumer starting from the beginning reads first. Throws as above.
    std::vector<TopicPartitionOffset> start_offsets(const std::vector<TopicPartition>& partitions,
                                                    int timeout_ms);

    void pause(const std::vector<TopicPartition>& partitions);
    void resume(const std::vector<TopicPartition>& partitions);
    // Sets where the next fetch of an assigned partition starts.
    void seek(const std::vector<TopicPartitionOffset>& offsets, int timeout_ms);

    // Makes a poll_batch() blocked on another thread return at once (or the
    // next one, when none is waiting), as Java's KafkaConsumer.wakeup() does
    // but without an exception: the poll simply returns what it has.
    void wakeup();

    // Times a stalled fetcher was woken while a backlog drained (FetchWaker).
    uint64_t fetch_wakeups() const { return fetch_waker_->wakeups(); }

    // Leaves the group (revoking through the listener). Idempotent.
    void close();
    rd_kafka_t* handle() const { return rk_.get(); }

  private:
    static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t* parts, void* opaque);
    static void commit_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* offsets, void* opaque);
    void commit(const std::vector<TopicPartitionOffset>& offsets, bool async);
    // ListOffsets for `sentinel` (RD_KAFKA_OFFSET_END or _BEGINNING).
    std::vector<TopicPartitionOffset> list_offsets(const std::vector<TopicPartition>& partitions,
                                                   int64_t sentinel, const char* what,
                                                   int timeout_ms);

    RebalanceListener* listener_;
    CommitCallback on_commit_;
    RdKafkaPtr rk_;
    std::unique_ptr<FetchWaker> fetch_waker_;
    bool closed_ = false;
};

}  // namespace kc::host::kafka
