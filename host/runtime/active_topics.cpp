#include "host/runtime/active_topics.hpp"

namespace kc::host::runtime {

void ActiveTopics::record(const std::string& connector, std::string_view topic) {
    std::lock_guard lock(mutex_);
    topics_[connector].emplace(topic);
}

std::vector<std::string> ActiveTopics::get(const std::string& connector) const {
    std::lock_guard lock(mutex_);
    auto it = topics_.find(connector);
    if (it == topics_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

void ActiveTopics::reset(const std::string& connector) {
    std::lock_guard lock(mutex_);
    topics_.erase(connector);
    generation_.fetch_add(1, std::memory_order_acq_rel);
}

void TopicRecorder::record_slow(std::string_view topic, uint64_t generation) {
    if (generation != generation_) {
        reported_.clear();
        generation_ = generation;
    }
    last_.assign(topic);
    if (reported_.count(topic)) return;
    reported_.emplace(topic);
    store_->record(connector_, topic);
}

}  // namespace kc::host::runtime
