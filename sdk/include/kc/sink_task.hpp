// kc/sink_task.hpp - Java SinkTask: put() records consumed from Kafka into a
// target system.
//
// Threads: every call is [instance-thread] except stop() [any-thread].
// Memory: records passed to put() are borrowed for the call; copy what you
// keep (data.hpp's OwnedValue / Schema).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/host.hpp"
#include "kc/plugin.hpp"

namespace kc {

namespace detail {
struct SinkTaskAccess;
}

// Consumed offsets per partition (Java Map<TopicPartition, OffsetAndMetadata>).
using TopicPartitionOffsets = std::map<TopicPartition, int64_t>;

class SinkTask : public Plugin {
  public:
    virtual void start(const ConfigMap& props) = 0;
    // Partitions assigned to / revoked from this task.
    virtual void open(const std::vector<TopicPartition>& /*partitions*/) {}
    virtual void close(const std::vector<TopicPartition>& /*partitions*/) {}
    // Each element converts to a RecordView: for (kc::RecordView r : records).
    // Throw RetriableException to have the same batch redelivered later.
    virtual void put(std::span<const kc_record* const> records) = 0;
    // Make everything put() so far durable.
    virtual void flush(const TopicPartitionOffsets& /*currentOffsets*/) {}
    // The offsets safe to commit; Java's default: flush, then all of them.
    virtual TopicPartitionOffsets preCommit(const TopicPartitionOffsets& currentOffsets) {
        flush(currentOffsets);
        return currentOffsets;
    }
    // [any-thread]
    virtual void stop() = 0;

    SinkTaskContext context() const { return SinkTaskContext(host(), hostContext()); }
    // The partitions currently open (assigned), tracked from open()/close().
    const std::vector<TopicPartition>& assignment() const noexcept { return assignment_; }

  private:
    friend struct detail::SinkTaskAccess;
    std::vector<TopicPartition> assignment_;
};

namespace detail {
struct SinkTaskAccess {
    static std::vector<TopicPartition>& assignment(SinkTask& t) { return t.assignment_; }
};
}  // namespace detail

}  // namespace kc
