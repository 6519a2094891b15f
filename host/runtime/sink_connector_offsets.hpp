// A sink connector's offsets (KIP-875) are its consumer group's committed
// offsets: read, altered and reset here through host/kafka's
// ConsumerGroupOffsets, in Java's partition and offset maps
// ({"kafka_topic","kafka_partition"} -> {"kafka_offset"}).
#pragma once

#include <string>
#include <vector>

#include "host/kafka/consumer_group_offsets.hpp"
#include "host/runtime/connector_offsets.hpp"

namespace kc::host::runtime {

// The group's committed offsets of every partition of `topics` (missing
// topics and partitions without an offset are left out).
std::vector<ConnectorOffset> read_sink_connector_offsets(kafka::ConsumerGroupOffsets& group,
                                                         const std::vector<std::string>& topics);

// Commits `offsets` for connector `name`'s group; with `reset`, or for an
// entry whose offset is null, the partition goes back to its log start (0
// when that cannot be read). Throws OffsetRequestError for a malformed entry
// (before committing anything), std::runtime_error with Java's message while
// the group still has members, kafka::KafkaError when Kafka fails.
void change_sink_connector_offsets(kafka::ConsumerGroupOffsets& group, const std::string& name,
                                   const std::vector<ConnectorOffset>& offsets, bool reset);

}  // namespace kc::host::runtime
