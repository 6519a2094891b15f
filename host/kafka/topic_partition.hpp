#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace kc::host::kafka {

struct TopicPartition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const TopicPartition&) const = default;
};

struct TopicPartitionOffset {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = -1;  // next offset to consume; RD_KAFKA_OFFSET_* sentinels allowed
    auto operator<=>(const TopicPartitionOffset&) const = default;
};

}  // namespace kc::host::kafka
