// What a sink task's driver asks of a consumer. kafka::Consumer (librdkafka)
// implements it; unit tests give the driver a fake.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "host/kafka/message_batch.hpp"
#include "host/kafka/topic_partition.hpp"

namespace kc::host::kafka {

// Told about partition assignment changes, from within poll_batch() (or
// close()) on the polling thread. Revoked is called before the partitions are
// given up, so the sink can flush and commit them.
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

// Not thread-safe except wakeup(): one thread drives it. Failures throw
// (kafka::KafkaError from librdkafka's).
class MessageConsumer {
  public:
    virtual ~MessageConsumer() = default;

    // Names starting with '^' are regular expressions (Java topics.regex).
    virtual void subscribe(const std::vector<std::string>& topics) = 0;
    // Manual assignment without group management.
    virtual void assign(const std::vector<TopicPartitionOffset>& partitions) = 0;

    // Clears `out`, then waits up to timeout_ms for the first message and
    // takes what else is ready, up to max. Returns out.size().
    virtual std::size_t poll_batch(MessageBatch& out, std::size_t max, int timeout_ms) = 0;

    // Offsets are the next offsets to consume (last processed + 1).
    virtual void commit_sync(const std::vector<TopicPartitionOffset>& offsets) = 0;
    virtual void commit_async(const std::vector<TopicPartitionOffset>& offsets) = 0;

    virtual void pause(const std::vector<TopicPartition>& partitions) = 0;
    virtual void resume(const std::vector<TopicPartition>& partitions) = 0;
    // Sets where the next fetch of an assigned partition starts.
    virtual void seek(const std::vector<TopicPartitionOffset>& offsets, int timeout_ms) = 0;

    // Makes a poll_batch() blocked on another thread return at once (or the
    // next one, when none is waiting), as Java's KafkaConsumer.wakeup() does
    // but without an exception: the poll simply returns what it has.
    virtual void wakeup() = 0;
    // Leaves the group (revoking through the listener). Idempotent.
    virtual void close() = 0;
};

}  // namespace kc::host::kafka
