#include "host/runtime/sink_partitions.hpp"

#include <algorithm>

namespace kc::host::runtime {

void SinkPartitions::add(const std::vector<kafka::TopicPartition>& tps) {
    for (const auto& tp : tps)
        if (!find(tp.topic, tp.partition)) states_.push_back({tp});
}

void SinkPartitions::remove(const std::vector<kafka::TopicPartition>& tps) {
    std::erase_if(states_, [&](const State& s) {
        return std::find(tps.begin(), tps.end(), s.tp) != tps.end();
    });
    last_ = 0;
}

SinkPartitions::State& SinkPartitions::of(const void* topic_handle, std::string_view topic,
                                          int32_t partition) {
    if (last_ < states_.size()) {
        auto& s = states_[last_];
        if (s.topic_handle == topic_handle && s.tp.partition == partition) return s;
    }
    for (std::size_t i = 0; i < states_.size(); ++i) {
        auto& s = states_[i];
        if (s.tp.partition != partition) continue;
        if (s.topic_handle == topic_handle || s.tp.topic == topic) {
            s.topic_handle = topic_handle;
            last_ = i;
            return s;
        }
    }
    states_.push_back({{std::string(topic), partition}, topic_handle});
    last_ = states_.size() - 1;
    return states_.back();
}

SinkPartitions::State* SinkPartitions::find(std::string_view topic, int32_t partition) {
    for (auto& s : states_)
        if (s.tp.partition == partition && s.tp.topic == topic) return &s;
    return nullptr;
}

std::vector<kafka::TopicPartition> SinkPartitions::all() const {
    std::vector<kafka::TopicPartition> out;
    out.reserve(states_.size());
    for (const auto& s : states_)
        out.push_back(s.tp);
    return out;
}

std::vector<kafka::TopicPartition> SinkPartitions::not_paused_by_task() const {
    std::vector<kafka::TopicPartition> out;
    for (const auto& s : states_)
        if (!s.paused_by_task) out.push_back(s.tp);
    return out;
}

int64_t SinkPartitions::active() const {
    int64_t active = 0;
    for (const auto& s : states_)
        if (s.consumed >= 0 && s.committed >= 0)
            active += std::max<int64_t>(0, s.consumed - s.committed);
    return active;
}

void SinkPartitions::forget_commits() {
    for (auto& s : states_)
        s.committed = -1;
}

}  // namespace kc::host::runtime
