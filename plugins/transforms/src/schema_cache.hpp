// Derived-schema cache: Java's SynchronizedCache(LRUCache(16)) keyed by the
// input kc_schema pointer (the ABI's identity rule), so no schema is rebuilt
// per record. An entry may carry extra per-schema data (field index maps).
#pragma once

#include <kc/data.hpp>

#include <array>
#include <cstdint>
#include <utility>

namespace kc_transforms {

struct NoExtra {};

template <class Extra = NoExtra>
class SchemaCache {
  public:
    static constexpr size_t kCapacity = 16;

    struct Entry {
        const kc_schema* key = nullptr;
        kc::Schema schema;
        Extra extra{};
        uint64_t used = 0;
    };

    // The entry for key, or nullptr. A hit makes it the most recently used.
    Entry* get(const kc_schema* key) noexcept {
        if (last_ && last_->key == key) return last_;
        for (auto& e : entries_)
            if (e.key == key && e.key) {
                e.used = ++clock_;
                last_ = &e;
                return &e;
            }
        return nullptr;
    }
    // Inserts, evicting the least recently used entry when full.
    Entry& put(const kc_schema* key, kc::Schema schema, Extra extra = {}) {
        Entry* victim = &entries_[0];
        for (auto& e : entries_) {
            if (!e.key) {
                victim = &e;
                break;
            }
            if (e.used < victim->used) victim = &e;
        }
        victim->key = key;
        victim->schema = std::move(schema);
        victim->extra = std::move(extra);
        victim->used = ++clock_;
        last_ = victim;
        return *victim;
    }
    template <class Build>
    Entry& get_or_build(const kc_schema* key, Build&& build) {
        if (Entry* e = get(key)) return *e;
        auto [schema, extra] = build();
        return put(key, std::move(schema), std::move(extra));
    }

  private:
    std::array<Entry, kCapacity> entries_{};
    Entry* last_ = nullptr;
    uint64_t clock_ = 0;
};

}  // namespace kc_transforms
