// kc/source_task.hpp - Java SourceTask: poll() records out of a source system.
//
// Threads: start, poll, commit and commitRecord run on the task's own thread
// [instance-thread]; stop() may arrive from another thread while poll() runs
// [any-thread], so it should only flag the task and wake poll() up.
// Memory: records poll() adds are built in the batch's arena (out.arena()) or
// live in the task until the batch is done; the host frees the arena.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/host.hpp"
#include "kc/plugin.hpp"

namespace kc {

namespace detail {
struct SourceTaskAccess;
}

// The batch poll() fills: records are added in order.
class SourceRecords {
  public:
    SourceRecords(Arena arena, std::vector<const kc_record*>& records)
        : arena_(arena), records_(records) {}
    // Where this batch's records, schemas built per record and values go.
    Arena& arena() noexcept { return arena_; }
    void add(const kc_record* record) { records_.push_back(record); }
    void add(RecordBuilder& record) { records_.push_back(record.build()); }
    size_t size() const noexcept { return records_.size(); }

  private:
    Arena arena_;
    std::vector<const kc_record*>& records_;
};

// What Kafka acknowledged for a record (Java RecordMetadata).
struct RecordMetadata {
    std::string_view topic;
    int32_t partition;
    int64_t offset;
    std::optional<int64_t> timestamp;
};

class SourceTask : public Plugin {
  public:
    virtual void start(const ConfigMap& props) = 0;
    // Add the records available now; add nothing when there are none (the
    // host calls again). May block briefly; must return soon after stop().
    virtual void poll(SourceRecords& out) = 0;
    // Offsets up to the last acknowledged record have been flushed.
    virtual void commit() {}
    // A record was written to Kafka (metadata set) or dropped by a transform
    // (metadata null).
    virtual void commitRecord(RecordView /*record*/, const RecordMetadata* /*metadata*/) {}
    // [any-thread]
    virtual void stop() = 0;

    OffsetStorageReader offsetStorageReader() const {
        return OffsetStorageReader(host(), hostContext());
    }
    TransactionContext transactionContext() const {
        return TransactionContext(host(), hostContext());
    }

  private:
    friend struct detail::SourceTaskAccess;
    std::vector<const kc_record*> batch_;  // reused across polls: no per-poll heap growth
};

namespace detail {
struct SourceTaskAccess {
    static std::vector<const kc_record*>& batch(SourceTask& t) { return t.batch_; }
};
}  // namespace detail

}  // namespace kc
