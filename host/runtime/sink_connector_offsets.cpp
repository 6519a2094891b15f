#include "host/runtime/sink_connector_offsets.hpp"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <variant>

#include "host/kafka/kafka_error.hpp"
#include "host/kafka/topic_name.hpp"

namespace kc::host::runtime {
namespace {

// A partition or offset map's field, or nullptr when the map has none.
const storage::OffsetPrimitive* field(const storage::OffsetMap& map, std::string_view key) {
    for (const auto& [k, v] : map)
        if (k == key) return &v;
    return nullptr;
}

// Java's answer when the sink connector's consumer group still has members.
std::string group_not_empty(const std::string& name) {
    return "Failed to alter consumer group offsets for connector " + name +
           " either because its tasks haven't stopped completely yet or the connector was "
           "resumed before the request to alter its offsets could be successfully completed. If "
           "the connector is in a stopped state, this operation can be safely retried. If it "
           "doesn't eventually succeed, the Connect cluster may need to be restarted to get rid "
           "of the zombie sink tasks.";
}

// The partition an entry names, checked as Java's request validation does.
kafka::TopicPartition sink_partition(const ConnectorOffset& o) {
    const storage::OffsetPrimitive* t = field(o.partition, "kafka_topic");
    const storage::OffsetPrimitive* p = field(o.partition, "kafka_partition");
    if (!t || !p || !std::holds_alternative<std::string>(*t) ||
        !std::holds_alternative<std::int64_t>(*p))
        throw OffsetRequestError(
            "Sink connector offsets need kafka_topic (string) and "
            "kafka_partition (integer) in each partition");
    const std::string& topic = std::get<std::string>(*t);
    if (auto problem = kafka::topic_name_problem(topic))
        throw OffsetRequestError("Invalid kafka_topic in a sink connector offset: " + *problem);
    const std::int64_t number = std::get<std::int64_t>(*p);
    if (number < 0 || number > std::numeric_limits<int32_t>::max())
        throw OffsetRequestError("Invalid kafka_partition " + std::to_string(number) +
                                 " in a sink connector offset: partitions are "
                                 "non-negative 32-bit integers");
    return {topic, static_cast<int32_t>(number)};
}

}  // namespace

std::vector<ConnectorOffset> read_sink_connector_offsets(kafka::ConsumerGroupOffsets& group,
                                                         const std::vector<std::string>& topics) {
    std::vector<kafka::TopicPartition> tps;
    for (const auto& t : topics)
        if (auto n = group.partition_count(t, 5000))
            for (int32_t p = 0; p < *n; ++p)
                tps.push_back({t, p});
    std::vector<ConnectorOffset> out;
    if (tps.empty()) return out;
    for (const auto& tpo : group.committed(tps, 10000)) {
        if (tpo.offset < 0) continue;
        out.push_back(
            {{{"kafka_topic", tpo.topic}, {"kafka_partition", std::int64_t{tpo.partition}}},
             storage::OffsetMap{{"kafka_offset", std::int64_t{tpo.offset}}}});
    }
    return out;
}

void change_sink_connector_offsets(kafka::ConsumerGroupOffsets& group, const std::string& name,
                                   const std::vector<ConnectorOffset>& offsets, bool reset) {
    std::vector<kafka::TopicPartitionOffset> commit;
    for (const auto& o : offsets) {
        kafka::TopicPartition tp = sink_partition(o);
        int64_t offset = -1;
        if (!reset && o.offset) {
            const storage::OffsetPrimitive* ko = field(*o.offset, "kafka_offset");
            if (!ko || !std::holds_alternative<std::int64_t>(*ko) ||
                std::get<std::int64_t>(*ko) < 0)
                throw OffsetRequestError(
                    "Sink connector offsets need a non-negative integer kafka_offset");
            offset = std::get<std::int64_t>(*ko);
        }
        if (offset < 0) {
            // Reset: back to the earliest retained offset (the embedded broker
            // cannot delete consumer groups), 0 when it cannot be read.
            try {
                offset = group.start_offsets({tp}, 5000).at(0).offset;
            } catch (const kafka::KafkaError& e) {
                spdlog::warn("Reading the start offset of {}-{}: {}", tp.topic, tp.partition,
                             e.what());
                offset = 0;
            }
        }
        commit.push_back({std::move(tp.topic), tp.partition, offset});
    }
    try {
        group.commit_from_outside(commit);
    } catch (const kafka::KafkaError& e) {
        // Java's retriable error; the embedded broker, which never forgets a
        // group, always answers so once the group has existed.
        if (e.unknown_member()) throw std::runtime_error(group_not_empty(name));
        throw;
    }
}

}  // namespace kc::host::runtime
