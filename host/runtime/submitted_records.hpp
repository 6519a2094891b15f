// Source records handed to the producer and not yet settled (Java
// SubmittedRecords). As in Java, offsets are tracked per source partition: a
// record's offset becomes committable once it and every earlier record of the
// same source partition are settled (acknowledged, dropped by a transform or
// skipped under errors.tolerance=all), whatever other partitions' records
// still wait for. Records live in the arenas of their poll batches; a batch's
// arena is recycled once every record submitted up to its last has settled.
// No per-record heap allocation beyond the partitions' queues of sequence
// numbers: a ring buffer of entries and pooled batches.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/plugins/host_services.hpp"
#include "kc/abi.h"
#include "kc/data.hpp"

namespace kc::host::runtime {

class SubmittedRecords {
  public:
    struct Batch {
        Arena arena{256 * 1024};
        size_t outstanding = 0;
        bool sealed = false;  // no more records will be added
    };

    explicit SubmittedRecords(std::string connector) : connector_(std::move(connector)) {}

    // A fresh batch whose arena receives the next poll.
    Batch* open_batch();
    // Adds a record of the open batch; returns its sequence number.
    uint64_t submit(Batch* batch, const kc_record* original);
    // No more records for this batch (after the whole poll was processed).
    void seal(Batch* batch);
    // Marks a record settled.
    void settle(uint64_t seq);
    const kc_record* record(uint64_t seq) const { return ring_[seq & mask_].record; }

    // Moves committable offsets into `committable()`; recycles finished batches.
    void advance();
    // partition key JSON -> offset JSON, everything committable and not yet taken.
    std::map<std::string, std::string>& committable() { return committable_; }
    size_t in_flight() const { return static_cast<size_t>(next_ - head_); }

  private:
    struct Entry {
        const kc_record* record = nullptr;
        Batch* batch = nullptr;
        bool settled = false;
    };
    // One source partition's records whose offsets are not yet taken into
    // committable(), oldest first (Java's per-partition deque).
    struct Partition {
        kc::OwnedValue value;
        std::string key;  // its offset-store key; empty when the partition is unusable
        std::deque<uint64_t> pending;
    };
    void grow();
    void finish_batch(Batch* b);
    Partition& partition_of(const kc_value* partition);
    void take_offsets(Partition& p);

    std::string connector_;
    // Starts small (a worker may run hundreds of mostly idle tasks) and
    // doubles when full.
    std::vector<Entry> ring_ = std::vector<Entry>(256);
    uint64_t mask_ = 255;
    uint64_t head_ = 0, next_ = 0;
    std::deque<std::unique_ptr<Batch>> batches_;  // open or unfinished, oldest first
    // Finished batches kept for reuse with their arenas' chunks; a few are
    // enough since batches finish roughly in order.
    static constexpr size_t kFreeBatches = 4;
    std::vector<std::unique_ptr<Batch>> free_;
    // Few in practice (one per file, table or query); the last one used is
    // looked at first. Past kIdlePartitionsKept, those with nothing pending
    // are forgotten (a returning one is simply added again).
    static constexpr size_t kIdlePartitionsKept = 64;
    std::vector<Partition> partitions_;
    size_t last_partition_ = 0;
    const kc_value* same_poll_partition_ = nullptr;  // partitions_[last_partition_] in this poll
    std::map<std::string, std::string> committable_;
};

}  // namespace kc::host::runtime
