// kc/schema_cache.hpp - a bounded cache of schemas derived from input schemas
// (Java's SynchronizedCache(LRUCache(16)) in the SMTs), keyed by the input
// kc_schema pointer so that a hit costs a compare, and safe where a pointer key
// alone is not:
//
//  - An evicted derived schema may still be what records of a batch in flight
//    point to (a batch of 17 schemas evicts the first while its record waits
//    for put()). Each derived schema handed out is therefore also held by the
//    arena of the call, through kc_host::arena_on_release, and freed only when
//    both the cache and every such arena have let go.
//  - An input schema in an arena dies with its batch, and a later schema may
//    be allocated at the same address. A key is trusted only within the arena
//    generation it was last seen in (the record's schema lives at least as
//    long as the arena of the call, ABI rule); in a later one it is checked
//    against an owned copy of the input with schema_equals, once per entry
//    and generation.
//
// A host without arena_on_release (ABI 1.0) cannot say when records die: the
// cache then keeps every derived schema it ever handed out until it is
// destroyed, and checks keys on every hit. Not thread-safe, like the SMTs
// that own one (an instance is driven by one thread); a release may run on
// any thread.
#pragma once

#include <kc/abi.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "kc/data.hpp"

namespace kc {

struct NoExtra {};

namespace detail {
// Derived schemas handed out into one arena generation; released when the
// host frees that arena (or never, without arena_on_release).
struct ArenaHold {
    std::atomic<bool> released{false};
    std::vector<Schema> kept;
};
}  // namespace detail

template <class Extra = NoExtra>
class SchemaCache {
  public:
    static constexpr size_t kCapacity = 16;  // Java's LRUCache size in the SMTs

    struct Entry {
        const kc_schema* key = nullptr;
        Schema input;   // owned copy of the input the entry was derived from
        Schema schema;  // the derived schema
        Extra extra{};
        uint64_t used = 0;
        uint64_t seen = 0;    // generation the key was last trusted in
        uint64_t pinned = 0;  // hold the derived schema was last added to
    };

    SchemaCache() = default;
    SchemaCache(const SchemaCache&) = delete;
    SchemaCache& operator=(const SchemaCache&) = delete;

    // The entry derived from `key` for a record handed out in `arena`;
    // build() -> pair<Schema, Extra> runs on a miss.
    template <class Build>
    const Entry& get_or_build(const kc_schema* key, const Arena& arena, Build&& build) {
        const uint64_t gen = generation(arena);
        Entry* e = find(key);
        if (!e || (e->seen != gen && !schema_equals(e->input.view(), key))) {
            // A miss, or another schema now lives at that address: its entry
            // is the one replaced.
            auto [schema, extra] = build();
            e = &put(e, key, std::move(schema), std::move(extra), gen);
        }
        e->seen = gen;
        if (e->pinned != hold_id_) {
            hold_->kept.push_back(e->schema);
            e->pinned = hold_id_;
        }
        return *e;
    }

  private:
    Entry* find(const kc_schema* key) noexcept {
        if (last_ && last_->key == key) return last_;
        for (auto& e : entries_)
            if (e.key == key && e.key) {
                e.used = ++clock_;
                last_ = &e;
                return &e;
            }
        return nullptr;
    }
    // Replaces `victim`, or else the least recently used entry; what it held
    // lives on in the holds of the arenas it was handed out in.
    Entry& put(Entry* victim, const kc_schema* key, Schema schema, Extra extra, uint64_t gen) {
        for (auto& e : entries_) {
            if (victim) break;
            if (!e.key) victim = &e;
        }
        if (!victim) {
            victim = &entries_[0];
            for (auto& e : entries_)
                if (e.used < victim->used) victim = &e;
        }
        victim->key = key;
        victim->input = SchemaBuilder::copy_of(key).build();
        victim->schema = std::move(schema);
        victim->extra = std::move(extra);
        victim->used = ++clock_;
        victim->seen = gen;
        victim->pinned = 0;
        last_ = victim;
        return *victim;
    }

    // The generation keys are trusted in for this call: the current hold's,
    // unless the host released its arena or this is another arena.
    uint64_t generation(const Arena& arena) {
        if (!tracked_) {
            if (!hold_) open_hold(arena);  // one hold for the cache's lifetime
            return ++generation_;          // a key is never trusted unchecked
        }
        if (hold_ && hold_arena_ == arena.raw() && !hold_->released.load(std::memory_order_acquire))
            return hold_id_;
        open_hold(arena);
        return hold_id_;
    }
    void open_hold(const Arena& arena) {
        hold_ = std::make_shared<detail::ArenaHold>();
        hold_id_ = ++generation_;
        hold_arena_ = arena.raw();
        const kc_host* host = arena.host();
        tracked_ = host && KC_HAS_FIELD(kc_host, host->struct_size, arena_on_release) &&
                   host->arena_on_release;
        if (!tracked_) return;
        auto* ref = new std::shared_ptr<detail::ArenaHold>(hold_);
        if (!host->arena_on_release(arena.raw(), &release, ref)) {
            delete ref;
            tracked_ = false;  // keep what it hands out for the cache's lifetime
        }
    }
    static void release(void* ctx) {
        auto* ref = static_cast<std::shared_ptr<detail::ArenaHold>*>(ctx);
        (*ref)->released.store(true, std::memory_order_release);
        delete ref;
    }

    std::array<Entry, kCapacity> entries_{};
    Entry* last_ = nullptr;
    uint64_t clock_ = 0;
    std::shared_ptr<detail::ArenaHold> hold_;
    uint64_t hold_id_ = 0;
    uint64_t generation_ = 0;
    kc_arena* hold_arena_ = nullptr;
    bool tracked_ = true;
};

}  // namespace kc
