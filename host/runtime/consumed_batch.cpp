#include "host/runtime/consumed_batch.hpp"

namespace kc::host::runtime {

void ConsumedBatch::start(std::size_t capacity) {
    records_.clear();
    // add() hands out references: the vector must not move while a batch lasts.
    records_.reserve(capacity);
    index_.clear();
    indexed_ = false;
}

const ConsumedRecord& ConsumedBatch::add(const ConsumedRecord& record) {
    records_.push_back(record);
    if (indexed_)
        index_.emplace(Coordinates{record.topic, record.partition, record.offset},
                       records_.size() - 1);
    return records_.back();
}

const ConsumedRecord* ConsumedBatch::find(std::string_view topic, int32_t partition,
                                          int64_t offset) {
    if (!indexed_) {
        index_.reserve(records_.size());
        for (std::size_t i = 0; i < records_.size(); ++i)
            index_.emplace(
                Coordinates{records_[i].topic, records_[i].partition, records_[i].offset}, i);
        indexed_ = true;
    }
    const auto it = index_.find(Coordinates{topic, partition, offset});
    return it == index_.end() ? nullptr : &records_[it->second];
}

}  // namespace kc::host::runtime
