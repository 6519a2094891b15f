// Finds the consumed message behind a record a sink task reports as errant,
// in the batch the task was given: the reporters (log, dead letter queue)
// describe the record as it was consumed, as Java's do. Touched only by the
// task's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "host/kafka/message_batch.hpp"

namespace kc::host::runtime {

class ConsumedBatch {
  public:
    // The batch the task is given now; it must stay as it is until the next
    // start().
    void start(const kafka::MessageBatch& batch);

    // The consumed message at these coordinates (a record's original_topic,
    // original_partition, original_kafka_offset), or nullptr. The index is
    // built on the first report of a batch, so batches without reports pay
    // nothing for it.
    const kafka::ConsumedMessage* find(std::string_view topic, int32_t partition, int64_t offset);

  private:
    struct Coordinates {
        std::string_view topic;
        int32_t partition;
        int64_t offset;
        bool operator==(const Coordinates&) const = default;
    };
    struct Hash {
        std::size_t operator()(const Coordinates& c) const {
            return std::hash<std::string_view>{}(c.topic) ^
                   (std::hash<int64_t>{}(c.offset) * 31 + static_cast<std::size_t>(c.partition));
        }
    };

    const kafka::MessageBatch* batch_ = nullptr;
    std::unordered_map<Coordinates, std::size_t, Hash> index_;
    bool indexed_ = false;
};

}  // namespace kc::host::runtime
