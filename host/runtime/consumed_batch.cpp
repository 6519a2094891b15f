#include "host/runtime/consumed_batch.hpp"

namespace kc::host::runtime {

void ConsumedBatch::start(const kafka::MessageBatch& batch) {
    batch_ = &batch;
    index_.clear();
    indexed_ = false;
}

const kafka::ConsumedMessage* ConsumedBatch::find(std::string_view topic, int32_t partition,
                                                  int64_t offset) {
    if (!batch_) return nullptr;
    const kafka::MessageBatch& batch = *batch_;
    if (!indexed_) {
        index_.reserve(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i)
            index_.emplace(Coordinates{batch[i].topic, batch[i].partition, batch[i].offset}, i);
        indexed_ = true;
    }
    const auto it = index_.find(Coordinates{topic, partition, offset});
    return it == index_.end() ? nullptr : &batch[it->second];
}

}  // namespace kc::host::runtime
