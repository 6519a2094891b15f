#include "host/storage/offset_storage.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace kc::host::storage {

std::optional<OffsetMap> OffsetStorageReader::offset(const OffsetMap& partition) {
    auto found = offsets({partition});
    if (found.empty()) return std::nullopt;
    return std::move(found.begin()->second);
}

std::map<std::size_t, OffsetMap> OffsetStorageReader::offsets(
    const std::vector<OffsetMap>& partitions) {
    std::vector<std::string> keys;
    keys.reserve(partitions.size());
    for (const OffsetMap& p : partitions)
        keys.push_back(offset_key(connector_, p));
    const std::map<std::string, std::string> stored = store_.get(keys);
    std::map<std::size_t, OffsetMap> out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        auto it = stored.find(keys[i]);
        if (it == stored.end()) continue;
        try {
            out.emplace(i, offset_map_from_json(it->second));
        } catch (const std::invalid_argument& e) {
            spdlog::warn("ignoring malformed stored offset for {}: {}", keys[i], e.what());
        }
    }
    return out;
}

void OffsetStorageWriter::offset(const OffsetMap& partition,
                                 const std::optional<OffsetMap>& offset) {
    std::string key = offset_key(connector_, partition);
    std::optional<std::string> value;
    if (offset) value = offset_map_to_json(*offset);
    std::lock_guard lock(mu_);
    data_[std::move(key)] = std::move(value);
}

bool OffsetStorageWriter::begin_flush() {
    std::lock_guard lock(mu_);
    if (to_flush_) {
        throw std::logic_error("an offset flush for " + connector_ + " is still in progress");
    }
    if (data_.empty()) return false;
    to_flush_ = std::move(data_);
    data_.clear();
    return true;
}

void OffsetStorageWriter::do_flush(OffsetBackingStore::SetCallback done) {
    OffsetEntries entries;
    uint64_t id;
    {
        std::lock_guard lock(mu_);
        if (!to_flush_) {
            if (done) done(nullptr);
            return;
        }
        id = flush_id_;
        entries.assign(to_flush_->begin(), to_flush_->end());
    }
    try {
        store_.set(entries, [this, id, done](std::exception_ptr error) {
            finish_flush(id, error);
            if (done) done(error);
        });
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        finish_flush(id, error);
        if (done) done(error);
    }
}

void OffsetStorageWriter::finish_flush(uint64_t id, std::exception_ptr error) {
    std::lock_guard lock(mu_);
    // A flush that was cancelled (or finished) already is not ours to settle.
    if (id != flush_id_ || !to_flush_) return;
    if (error) {
        // Offsets recorded since the snapshot are newer and win.
        for (auto& [k, v] : data_)
            (*to_flush_)[k] = std::move(v);
        data_ = std::move(*to_flush_);
    }
    to_flush_.reset();
    ++flush_id_;
}

void OffsetStorageWriter::cancel_flush() {
    std::lock_guard lock(mu_);
    if (!to_flush_) return;
    for (auto& [k, v] : data_)
        (*to_flush_)[k] = std::move(v);
    data_ = std::move(*to_flush_);
    to_flush_.reset();
    ++flush_id_;
}

bool OffsetStorageWriter::flush_in_progress() const {
    std::lock_guard lock(mu_);
    return to_flush_.has_value();
}

std::size_t OffsetStorageWriter::pending() const {
    std::lock_guard lock(mu_);
    return data_.size();
}

}  // namespace kc::host::storage
