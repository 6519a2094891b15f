// The partitions a sink task's consumer holds and, per partition, how far it
// was consumed and committed and whether the task paused it (Java
// WorkerSinkTask's currentOffsets, lastCommittedOffsets and pausedPartitions).
// Touched only by the task's thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "host/kafka/topic_partition.hpp"

namespace kc::host::runtime {

class SinkPartitions {
  public:
    struct State {
        kafka::TopicPartition tp;
        const void* topic_handle = nullptr;  // identifies the topic in consumed messages, once seen
        int64_t consumed = -1;               // next offset to consume, -1 = nothing yet
        int64_t committed = -1;
        bool paused_by_task = false;
    };

    // Partitions newly assigned are added; known ones keep their state.
    void add(const std::vector<kafka::TopicPartition>& tps);
    void remove(const std::vector<kafka::TopicPartition>& tps);

    // The state of a consumed message's partition. Messages of one partition
    // arrive in runs, so the last partition found is tried first; after that
    // topic_handle (the address of the topic's name in consumed messages,
    // see kafka::ConsumedMessage) identifies the topic without comparing names. A partition never
    // announced is added.
    State& of(const void* topic_handle, std::string_view topic, int32_t partition);
    // The state of a partition, or nullptr when it is not held.
    State* find(std::string_view topic, int32_t partition);

    std::vector<kafka::TopicPartition> all() const;
    // What the worker pauses and resumes as a whole: those the task has not paused.
    std::vector<kafka::TopicPartition> not_paused_by_task() const;
    // Records consumed but not committed yet (sink-record-active-count).
    int64_t active() const;
    // After a failed commit: nothing counts as committed, so the next commit
    // sends every partition's offset again.
    void forget_commits();

    std::size_t size() const { return states_.size(); }
    auto begin() { return states_.begin(); }
    auto end() { return states_.end(); }
    auto begin() const { return states_.begin(); }
    auto end() const { return states_.end(); }

  private:
    std::vector<State> states_;
    std::size_t last_ = 0;
};

}  // namespace kc::host::runtime
