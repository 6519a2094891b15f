// The consumed records behind the batch a sink task is given, in batch order,
// and the one behind a record the task reports as errant: the reporters (log,
// dead letter queue) describe the record as it was consumed, as Java's do.
// Touched only by the task's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/runtime/error_handler.hpp"

namespace kc::host::runtime {

class ConsumedBatch {
  public:
    // Starts a batch of up to `capacity` records; what add() returns stays
    // valid until the next start().
    void start(std::size_t capacity);
    const ConsumedRecord& add(const ConsumedRecord& record);

    // The consumed record at these coordinates (a record's original_topic,
    // original_partition, original_kafka_offset), or nullptr. The index is
    // built on the first report of a batch, so batches without reports pay
    // nothing for it.
    const ConsumedRecord* find(std::string_view topic, int32_t partition, int64_t offset);

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

    std::vector<ConsumedRecord> records_;
    std::unordered_map<Coordinates, std::size_t, Hash> index_;
    bool indexed_ = false;
};

}  // namespace kc::host::runtime
