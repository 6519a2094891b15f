#include "host/runtime/submitted_records.hpp"

#include <spdlog/spdlog.h>

#include "host/storage/offset_json.hpp"
#include "kc/data.hpp"

namespace kc::host::runtime {

SubmittedRecords::Batch* SubmittedRecords::open_batch() {
    std::unique_ptr<Batch> b;
    if (!free_.empty()) {
        b = std::move(free_.back());
        free_.pop_back();
    } else {
        b = std::make_unique<Batch>();
    }
    b->outstanding = 0;
    b->sealed = false;
    same_poll_partition_ = nullptr;  // a new poll: its pointers may repeat old ones
    batches_.push_back(std::move(b));
    return batches_.back().get();
}

void SubmittedRecords::grow() {
    std::vector<Entry> bigger(ring_.size() * 2);
    uint64_t mask = bigger.size() - 1;
    for (uint64_t s = head_; s < next_; ++s)
        bigger[s & mask] = ring_[s & mask_];
    ring_.swap(bigger);
    mask_ = mask;
}

SubmittedRecords::Partition& SubmittedRecords::partition_of(const kc_value* partition) {
    same_poll_partition_ = partition;
    if (last_partition_ < partitions_.size() &&
        value_equals(partitions_[last_partition_].value.raw(), partition))
        return partitions_[last_partition_];
    for (size_t i = 0; i < partitions_.size(); ++i) {
        if (value_equals(partitions_[i].value.raw(), partition)) {
            last_partition_ = i;
            return partitions_[i];
        }
    }
    Partition p{kc::OwnedValue::copy_of(partition), {}, {}};
    try {
        p.key = storage::offset_key(connector_, *partition);
    } catch (const std::invalid_argument& e) {
        // Java's offset writer refuses such partitions at flush: never committed.
        spdlog::error("Not committing offsets of a source partition of connector '{}': {}",
                      connector_, e.what());
    }
    partitions_.push_back(std::move(p));
    last_partition_ = partitions_.size() - 1;
    return partitions_.back();
}

uint64_t SubmittedRecords::submit(Batch* batch, const kc_record* original) {
    if (next_ - head_ == ring_.size()) grow();
    uint64_t seq = next_++;
    ring_[seq & mask_] = Entry{original, batch, false};
    ++batch->outstanding;
    if (const kc_value* partition = original->source_partition;
        partition && original->source_offset) {
        // Within one poll the records and what they point to stay valid, so
        // the same pointer is the same partition: compared by value once per poll.
        Partition& p = partition == same_poll_partition_ ? partitions_[last_partition_]
                                                         : partition_of(partition);
        p.pending.push_back(seq);
    }
    return seq;
}

void SubmittedRecords::seal(Batch* batch) {
    batch->sealed = true;
}

void SubmittedRecords::settle(uint64_t seq) {
    ring_[seq & mask_].settled = true;
}

void SubmittedRecords::take_offsets(Partition& p) {
    // Only the newest settled record's offset counts: the others' records
    // are not read (each would be a cache miss on its batch's memory).
    const Entry* newest = nullptr;
    while (!p.pending.empty() && ring_[p.pending.front() & mask_].settled) {
        newest = &ring_[p.pending.front() & mask_];
        p.pending.pop_front();
    }
    if (!newest || p.key.empty()) return;
    const kc_value* latest = newest->record->source_offset;
    try {
        // A null offset is kept as JSON null: the store reads it as "no offset".
        committable_[p.key] =
            latest->tag == KC_VAL_NULL
                ? "null"
                : storage::offset_map_to_json(storage::offset_map_from_value(*latest));
    } catch (const std::invalid_argument& e) {
        // Java's offset writer refuses such offsets at flush; this one is never committed.
        spdlog::error("Not committing a source offset of connector '{}': {}", connector_, e.what());
    }
}

void SubmittedRecords::advance() {
    // Offsets first, while every record still queued in a partition is in a
    // live batch: the head below only passes records that were settled, and
    // those have just left their partition's queue.
    for (Partition& p : partitions_)
        take_offsets(p);
    // Partitions come and go with some connectors (a file each); forget idle ones.
    if (partitions_.size() > kIdlePartitionsKept) {
        std::erase_if(partitions_, [](const Partition& p) { return p.pending.empty(); });
        last_partition_ = 0;
        same_poll_partition_ = nullptr;
    }
    while (head_ < next_) {
        Entry& e = ring_[head_ & mask_];
        if (!e.settled) break;
        Batch* b = e.batch;
        e = Entry{};
        ++head_;
        if (--b->outstanding == 0 && b->sealed) finish_batch(b);
    }
    // A sealed batch whose records all settled before it was sealed.
    while (!batches_.empty() && batches_.front()->sealed && batches_.front()->outstanding == 0)
        finish_batch(batches_.front().get());
}

void SubmittedRecords::finish_batch(Batch* b) {
    b->arena.reset();
    for (auto it = batches_.begin(); it != batches_.end(); ++it)
        if (it->get() == b) {
            if (free_.size() < kFreeBatches) free_.push_back(std::move(*it));
            batches_.erase(it);
            break;
        }
}

}  // namespace kc::host::runtime
