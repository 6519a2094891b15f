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
    b->latest.clear();
    b->outstanding = 0;
    b->sealed = false;
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

uint64_t SubmittedRecords::submit(Batch* batch, const kc_record* original) {
    if (next_ - head_ == ring_.size()) grow();
    uint64_t seq = next_++;
    ring_[seq & mask_] = Entry{original, batch, false};
    ++batch->outstanding;
    return seq;
}

void SubmittedRecords::seal(Batch* batch) {
    batch->sealed = true;
}

void SubmittedRecords::settle(uint64_t seq) {
    ring_[seq & mask_].settled = true;
}

void SubmittedRecords::advance() {
    while (head_ < next_) {
        Entry& e = ring_[head_ & mask_];
        if (!e.settled) break;
        const kc_record* r = e.record;
        if (r->source_partition && r->source_offset) {
            auto& latest = e.batch->latest;
            bool found = false;
            // Records of one poll nearly always share one partition object.
            for (auto& [p, o] : latest) {
                if (p == r->source_partition || value_equals(p, r->source_partition)) {
                    o = r->source_offset;
                    found = true;
                    break;
                }
            }
            if (!found) latest.emplace_back(r->source_partition, r->source_offset);
        }
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
    for (const auto& [p, o] : b->latest) {
        try {
            // A null offset is kept as JSON null: the store reads it as "no offset".
            committable_[storage::offset_key(connector_, *p)] =
                o->tag == KC_VAL_NULL
                    ? "null"
                    : storage::offset_map_to_json(storage::offset_map_from_value(*o));
        } catch (const std::invalid_argument& e) {
            // Java's offset writer refuses such offsets at flush; this one is never committed.
            spdlog::error("Not committing a source offset of connector '{}': {}", connector_,
                          e.what());
        }
    }
    b->latest.clear();
    b->arena.reset();
    for (auto it = batches_.begin(); it != batches_.end(); ++it)
        if (it->get() == b) {
            if (free_.size() < kFreeBatches) free_.push_back(std::move(*it));
            batches_.erase(it);
            break;
        }
}

}  // namespace kc::host::runtime
