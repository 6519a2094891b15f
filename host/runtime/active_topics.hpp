// Java's topic tracking (KIP-558): the topics each connector's tasks have
// actually written to or read from, for GET /connectors/{c}/topics, cleared by
// PUT /connectors/{c}/topics/reset. Tasks report through a TopicRecorder,
// which remembers what it already reported so that the per-record cost is a
// comparison with the last topic.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host::runtime {

class ActiveTopics {
  public:
    void record(const std::string& connector, std::string_view topic);
    // Sorted; empty for a connector that has used no topic yet.
    std::vector<std::string> get(const std::string& connector) const;
    // Forgets the connector's topics; tasks report them again as they use them.
    void reset(const std::string& connector);
    // Bumped by every reset, so that recorders drop what they remember.
    uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> topics_;
    std::atomic<uint64_t> generation_{0};
};

// One task's reporter; used from the task's own thread only.
class TopicRecorder {
  public:
    // store == nullptr: topic tracking is disabled and record() does nothing.
    TopicRecorder(ActiveTopics* store, std::string connector)
        : store_(store), connector_(std::move(connector)) {}

    void record(std::string_view topic) {
        if (!store_) return;
        const uint64_t generation = store_->generation();
        if (generation == generation_ && topic == last_) return;
        record_slow(topic, generation);
    }

  private:
    void record_slow(std::string_view topic, uint64_t generation);

    ActiveTopics* store_;
    std::string connector_;
    uint64_t generation_ = ~uint64_t{0};
    std::string last_;
    std::set<std::string, std::less<>> reported_;
};

}  // namespace kc::host::runtime
