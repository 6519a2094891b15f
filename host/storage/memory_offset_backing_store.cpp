#include "host/storage/memory_offset_backing_store.hpp"

#include <future>

namespace kc::host::storage {

void OffsetBackingStore::set_sync(const OffsetEntries& entries) {
    std::promise<void> done;
    std::future<void> result = done.get_future();
    set(entries, [&done](std::exception_ptr error) {
        if (error) {
            done.set_exception(error);
        } else {
            done.set_value();
        }
    });
    result.get();
}

std::map<std::string, std::string> MemoryOffsetBackingStore::get(
    const std::vector<std::string>& keys) {
    std::lock_guard lock(mu_);
    std::map<std::string, std::string> out;
    for (const std::string& k : keys) {
        if (const std::string* v = data_.find(k)) out.emplace(k, *v);
    }
    return out;
}

void MemoryOffsetBackingStore::set(const OffsetEntries& entries, SetCallback done) {
    std::exception_ptr error;
    {
        std::lock_guard lock(mu_);
        OffsetIndex next = data_;
        for (const auto& [k, v] : entries)
            next.set(k, v);
        try {
            persist(next.entries());
            data_ = std::move(next);
        } catch (...) {
            error = std::current_exception();
        }
    }
    if (done) done(error);
}

std::map<std::string, std::string> MemoryOffsetBackingStore::all() {
    std::lock_guard lock(mu_);
    return data_.entries();
}

void MemoryOffsetBackingStore::replace(std::map<std::string, std::string> data) {
    OffsetIndex loaded;
    for (auto& [k, v] : data)
        loaded.set(k, std::move(v));
    std::lock_guard lock(mu_);
    data_ = std::move(loaded);
}

}  // namespace kc::host::storage
