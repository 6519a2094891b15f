// What the worker's offset tools (KIP-875: read, alter and reset a sink
// connector's offsets) ask of Kafka about one consumer group, from outside
// the group. make_consumer_group_offsets() gives librdkafka's; unit tests
// give a fake (through runtime::KafkaClients).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/kafka/client_config.hpp"
#include "host/kafka/topic_partition.hpp"

namespace kc::host::kafka {

// One thread at a time. Failures throw KafkaError.
class ConsumerGroupOffsets {
  public:
    virtual ~ConsumerGroupOffsets() = default;

    // nullopt when the topic does not exist. Never creates it.
    virtual std::optional<int32_t> partition_count(const std::string& topic, int timeout_ms) = 0;
    // The group's committed offset of each partition, in order; offset < 0
    // for a partition without one.
    virtual std::vector<TopicPartitionOffset> committed(
        const std::vector<TopicPartition>& partitions, int timeout_ms) = 0;
    // The log start offset of each partition, where a consumer reading from
    // the beginning starts.
    virtual std::vector<TopicPartitionOffset> start_offsets(
        const std::vector<TopicPartition>& partitions, int timeout_ms) = 0;
    // Commits `offsets` as the group's, from no member of it (generation -1,
    // as Java's admin client alters offsets), which a broker accepts only
    // while the group is empty: a group that still has members refuses with
    // a KafkaError whose code is unknown_member().
    virtual void commit_from_outside(const std::vector<TopicPartitionOffset>& offsets) = 0;
};

// librdkafka's, for the group.id of `consumer_config`.
std::unique_ptr<ConsumerGroupOffsets> make_consumer_group_offsets(
    const ClientConfig& consumer_config);

}  // namespace kc::host::kafka
