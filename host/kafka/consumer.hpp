// librdkafka's consumer behind MessageConsumer, plus what the worker's
// offset tools ask of one (committed offsets, positions, log start and end).
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
#include "host/kafka/message_consumer.hpp"
#include "host/kafka/rd_conf.hpp"
#include "host/kafka/topic_partition.hpp"

namespace kc::host::kafka {

// A group consumer (subscribe) or a manually assigned one (assign).
// Not thread-safe: one thread drives it, as a sink task does.
class Consumer : public MessageConsumer {
  public:
    // Result of an asynchronous commit, from within poll_batch().
    using CommitCallback =
        std::function<void(rd_kafka_resp_err_t, const std::vector<TopicPartitionOffset>&)>;

    // listener may be nullptr; it must outlive the consumer.
    Consumer(const ClientConfig& config, RebalanceListener* listener = nullptr,
             CommitCallback on_commit = {});
    ~Consumer() override;  // close()
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    void subscribe(const std::vector<std::string>& topics) override;
    void unsubscribe();
    void assign(const std::vector<TopicPartitionOffset>& partitions) override;
    std::vector<TopicPartition> assignment() const;

    // Per-partition errors are logged; a fatal consumer error throws KafkaError.
    std::size_t poll_batch(MessageBatch& out, std::size_t max, int timeout_ms) override;

    void commit_sync(const std::vector<TopicPartitionOffset>& offsets) override;
    void commit_async(const std::vector<TopicPartitionOffset>& offsets) override;
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

    void pause(const std::vector<TopicPartition>& partitions) override;
    void resume(const std::vector<TopicPartition>& partitions) override;
    void seek(const std::vector<TopicPartitionOffset>& offsets, int timeout_ms) override;
    void wakeup() override;

    // Times a stalled fetcher was woken while a backlog drained (FetchWaker).
    uint64_t fetch_wakeups() const { return fetch_waker_->wakeups(); }

    void close() override;
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
