// kc/java_hash_map.hpp - the order in which a java.util.HashMap iterates
// string keys, so that maps Java builds as HashMaps (JsonConverter's objects,
// most SMTs' schemaless values) print and serialize in Java's order.
//
// A HashMap iterates its table bucket by bucket, each bucket in the order its
// keys arrived (resizing splits buckets without reordering them). A key's
// bucket is (h ^ h >>> 16) & (capacity - 1), h being String.hashCode() over
// the key's UTF-16 units. So the order depends on the keys, the order of the
// puts and the final capacity, which depends on how the map was built: this
// header covers maps built by put() calls into `new HashMap<>()`,
// `new HashMap<>(n)` or `new HashMap<>(otherMap)`, each of which starts with
// a table size of its own (java_hash_map_*_table below).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "kc/abi.h"
#include "kc/utf8.hpp"

namespace kc {

// String.hashCode() of the UTF-8 text `s` (malformed bytes count as U+FFFD,
// as Java's decoder would have produced).
inline int32_t java_string_hash(std::string_view s) noexcept {
    uint32_t h = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {  // most keys are ASCII: one unit a byte
            h = 31 * h + p[i++];
            continue;
        }
        uint32_t cp;
        if (size_t len = utf8_sequence_length(p + i, n - i)) {
            cp = p[i] & (0x7f >> len);
            for (size_t k = 1; k < len; ++k)
                cp = (cp << 6) | (p[i + k] & 0x3f);
            i += len;
        } else {
            cp = 0xfffd;
            i += java_malformed_utf8_length(p + i, n - i);
        }
        if (cp >= 0x10000) {  // a surrogate pair in UTF-16
            cp -= 0x10000;
            h = 31 * h + (0xd800 + (cp >> 10));
            cp = 0xdc00 + (cp & 0x3ff);
        }
        h = 31 * h + cp;
    }
    return static_cast<int32_t>(h);
}

// Table sizes a HashMap has at its first put, by constructor:
// `new HashMap<>()`.
inline constexpr size_t kJavaHashMapDefaultTable = 16;

// `new HashMap<>(n)`: the least power of two >= n.
inline size_t java_hash_map_sized_table(size_t n) noexcept {
    size_t size = 1;
    while (size < n)
        size *= 2;
    return size;
}

// `new HashMap<>(m)` with m of n entries, which then puts m's entries in m's
// order. Sized as JDK 17 does, from n / 0.75f + 1 in float; JDK 19 and later
// size from ceil(n / 0.75) instead, a table half as big when n is 3 times a
// power of two, which can change the order.
inline size_t java_hash_map_copy_table(size_t n) noexcept {
    if (n == 0) return kJavaHashMapDefaultTable;  // copies nothing, sizes nothing
    return java_hash_map_sized_table(static_cast<size_t>(static_cast<float>(n) / 0.75f + 1.0f));
}

namespace detail {

struct HashSlot {
    uint32_t spread;  // h ^ h >>> 16
    uint32_t index;   // place among the puts
};

// The table size a HashMap reaches after put() of slots[0, n) (distinct keys)
// in order: `capacity` buckets at the first put, doubled when the size passes
// 3/4 of them, or when a put makes a bucket of 9 while the table has fewer
// than 64 buckets (HashMap resizes instead of treeifying).
inline size_t java_hash_map_capacity(const HashSlot* slots, size_t n, size_t capacity) {
    if (n <= 8 && n <= capacity * 3 / 4) return capacity;  // no resize possible
    thread_local std::vector<uint32_t> per_bucket;
    const auto recount = [&](size_t puts) {
        per_bucket.assign(capacity, 0);
        for (size_t k = 0; k < puts; ++k)
            ++per_bucket[slots[k].spread & (capacity - 1)];
    };
    recount(0);
    for (size_t i = 0; i < n; ++i) {
        if (++per_bucket[slots[i].spread & (capacity - 1)] >= 9 && capacity < 64) {
            capacity *= 2;
            recount(i + 1);
        }
        if (i + 1 > capacity * 3 / 4) {
            capacity *= 2;
            recount(i + 1);
        }
    }
    return capacity;
}

// Drops the repeats of a key from slots[0, n), giving the first put of the
// key the value of the last; returns the count left. Rare: JSON objects with a
// key written twice.
inline size_t merge_repeated_keys(kc_map_entry* entries, HashSlot* slots, size_t n) {
    const auto key = [&](uint32_t i) {
        return std::string_view(entries[i].key.u.str.ptr, entries[i].key.u.str.len);
    };
    constexpr uint32_t kRepeat = UINT32_MAX;
    std::vector<HashSlot> by_hash(slots, slots + n);
    std::sort(by_hash.begin(), by_hash.end(), [](const HashSlot& a, const HashSlot& b) {
        return a.spread != b.spread ? a.spread < b.spread : a.index < b.index;
    });
    std::vector<bool> repeat(n);  // by position in slots, which is the place among the puts here
    for (size_t run = 0; run < n;) {
        size_t end = run + 1;
        while (end < n && by_hash[end].spread == by_hash[run].spread)
            ++end;
        for (size_t j = run + 1; j < end; ++j) {
            for (size_t k = run; k < j; ++k) {
                if (by_hash[k].index == kRepeat || key(by_hash[k].index) != key(by_hash[j].index))
                    continue;
                entries[by_hash[k].index].value = entries[by_hash[j].index].value;
                repeat[by_hash[j].index] = true;
                by_hash[j].index = kRepeat;
                break;
            }
        }
        run = end;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i)
        if (!repeat[slots[i].index]) slots[kept++] = slots[i];
    return kept;
}

// The iteration order of entries[0, count) put in this order: perm[0, n) gets
// the places among the puts of the n distinct keys, bucket by bucket, for a
// map of `table` buckets at the first put. A repeated key's first put takes
// the value of its last (sets *merged).
inline size_t java_hash_map_order(kc_map_entry* entries, size_t count, size_t table, uint32_t* perm,
                                  bool* merged) {
    constexpr size_t kSmall = 16;  // most objects: their work stays on the stack
    HashSlot small_slots[kSmall];
    uint32_t small_order[kSmall];
    uint32_t small_starts[kSmall + 1];
    thread_local std::vector<HashSlot> big_slots;
    thread_local std::vector<uint32_t> big_order, big_starts;
    HashSlot* slots = small_slots;
    uint32_t* order = small_order;  // positions in slots, bucket by bucket
    if (count > kSmall) {
        big_slots.resize(count);
        big_order.resize(count);
        slots = big_slots.data();
        order = big_order.data();
    }
    const auto key = [&](uint32_t i) {
        return std::string_view(entries[i].key.u.str.ptr, entries[i].key.u.str.len);
    };
    for (size_t i = 0; i < count; ++i) {
        const auto h = static_cast<uint32_t>(java_string_hash(key(static_cast<uint32_t>(i))));
        slots[i] = {h ^ (h >> 16), static_cast<uint32_t>(i)};
    }
    size_t n = count;
    *merged = false;
    while (true) {
        const size_t capacity = java_hash_map_capacity(slots, n, table);
        const auto mask = static_cast<uint32_t>(capacity - 1);
        // Bucket by bucket, each in the order of the puts: a counting sort.
        uint32_t* starts = small_starts;
        if (capacity > kSmall) {
            big_starts.assign(capacity + 1, 0);
            starts = big_starts.data();
        } else {
            std::fill(small_starts, small_starts + kSmall + 1, 0);
        }
        for (size_t i = 0; i < n; ++i)
            ++starts[(slots[i].spread & mask) + 1];
        for (size_t b = 1; b <= capacity; ++b)
            starts[b] += starts[b - 1];
        for (size_t i = 0; i < n; ++i)
            order[starts[slots[i].spread & mask]++] = static_cast<uint32_t>(i);
        if (*merged) break;
        // A repeated key lands in its first put's bucket: look there only.
        bool repeats = false;
        for (size_t i = 1; i < n && !repeats; ++i) {
            const HashSlot& s = slots[order[i]];
            for (size_t k = i; k-- > 0 && (slots[order[k]].spread & mask) == (s.spread & mask);)
                if (slots[order[k]].spread == s.spread &&
                    key(slots[order[k]].index) == key(s.index))
                    repeats = true;
        }
        if (!repeats) break;
        n = merge_repeated_keys(entries, slots, n);
        *merged = true;
    }
    for (size_t i = 0; i < n; ++i)
        perm[i] = slots[order[i]].index;
    return n;
}

// memcmp(a, b, n) == 0 without a library call or a loop a byte: map keys are
// mostly a few bytes, where either costs more than the compare. Short keys are
// read as two overlapping words.
inline bool same_key_bytes(const char* a, const char* b, size_t n) noexcept {
    const auto word = [](const char* p, auto zero) {
        decltype(zero) v;
        std::memcpy(&v, p, sizeof v);
        return v;
    };
    if (n >= 8) {
        for (; n > 8; a += 8, b += 8, n -= 8)
            if (word(a, uint64_t{}) != word(b, uint64_t{})) return false;
        return word(a + n - 8, uint64_t{}) == word(b + n - 8, uint64_t{});
    }
    if (n >= 4)
        return word(a, uint32_t{}) == word(b, uint32_t{}) &&
               word(a + n - 4, uint32_t{}) == word(b + n - 4, uint32_t{});
    if (n >= 2)
        return word(a, uint16_t{}) == word(b, uint16_t{}) &&
               word(a + n - 2, uint16_t{}) == word(b + n - 2, uint16_t{});
    return n == 0 || *a == *b;
}

// The orders computed last on this thread, by key sequence and first table
// size: the objects of a topic mostly repeat their keys, and comparing keys
// costs less than hashing and sorting them again.
class JavaOrderMemo {
  public:
    static constexpr size_t kShapes = 8, kMaxKeys = 256;

    struct Shape {
        size_t count = SIZE_MAX;  // none yet
        size_t table = 0;
        bool in_order = false;  // perm is 0, 1, 2, ...
        std::string keys;       // the keys, end to end
        std::vector<uint32_t> lengths;
        std::vector<uint32_t> perm;
    };

    // A sequence of string keys seen before, or null. The shape found last is
    // tried first: a task's maps mostly come one shape after another.
    const Shape* find(const kc_map_entry* entries, size_t count, size_t table) {
        for (size_t tried = 0, at = last_; tried < kShapes; ++tried, at = (at + 1) % kShapes) {
            const Shape& s = shapes_[at];
            if (s.count != count || s.table != table) continue;
            const char* stored = s.keys.data();
            size_t i = 0;
            for (; i < count; ++i) {
                const kc_value& k = entries[i].key;
                if (k.tag != KC_VAL_STRING || k.u.str.len != s.lengths[i] ||
                    !same_key_bytes(k.u.str.ptr, stored, k.u.str.len))
                    break;
                stored += k.u.str.len;
            }
            if (i == count) {
                last_ = at;
                return &s;
            }
        }
        return nullptr;
    }
    void add(const kc_map_entry* entries, size_t count, size_t table, const uint32_t* perm) {
        if (count > kMaxKeys) return;
        Shape& s = shapes_[next_];
        last_ = next_;
        next_ = (next_ + 1) % kShapes;
        s.count = count;
        s.table = table;
        s.keys.clear();
        s.lengths.clear();
        for (size_t i = 0; i < count; ++i) {
            s.keys.append(entries[i].key.u.str.ptr, entries[i].key.u.str.len);
            s.lengths.push_back(static_cast<uint32_t>(entries[i].key.u.str.len));
        }
        s.perm.assign(perm, perm + count);
        s.in_order = true;
        for (size_t i = 0; i < count && s.in_order; ++i)
            s.in_order = perm[i] == i;
    }

  private:
    std::array<Shape, kShapes> shapes_;
    size_t next_ = 0, last_ = 0;
};

// Where a HashMap filled by put() of entries[0, count) in order iterates each
// of them: null when it iterates them in their own order, else places in the
// entries, *n of them (the count of distinct keys), valid until the next call
// on this thread. `table` is the map's table size at the first put,
// kJavaHashMapDefaultTable for `new HashMap<>()`. A key put again keeps its
// first place and takes the later value, as put() does (so the entries'
// values can change). Maps with keys other than strings are left in their
// order. Not modelled: a bucket of 8 or more colliding keys in a table of 64
// or more buckets, which Java turns into a tree with an order of its own.
inline const uint32_t* java_hash_map_permutation(kc_map_entry* entries, size_t count, size_t table,
                                                 size_t* n) {
    *n = count;
    if (count < 2) return nullptr;
    thread_local JavaOrderMemo memo;
    if (const auto* known = memo.find(entries, count, table))
        return known->in_order ? nullptr : known->perm.data();
    for (size_t i = 0; i < count; ++i)
        if (entries[i].key.tag != KC_VAL_STRING) return nullptr;
    thread_local std::vector<uint32_t> fresh;
    fresh.resize(count);
    bool merged = false;
    *n = java_hash_map_order(entries, count, table, fresh.data(), &merged);
    if (!merged) memo.add(entries, count, table, fresh.data());  // else not a pure reordering
    if (*n != count) return fresh.data();
    for (size_t i = 0; i < count; ++i)
        if (fresh[i] != i) return fresh.data();
    return nullptr;
}

}  // namespace detail

// Reorders entries[0, count) in place into the order that
// detail::java_hash_map_permutation gives; returns the count of distinct
// keys, which now lead the array.
inline size_t order_as_java_hash_map(kc_map_entry* entries, size_t count,
                                     size_t table = kJavaHashMapDefaultTable) {
    size_t n;
    const uint32_t* perm = detail::java_hash_map_permutation(entries, count, table, &n);
    if (!perm) return n;
    if (n == count && n <= 64) {
        // A permutation: move each cycle along, one entry held aside (each
        // entry moves once; 4-8 ns less per transform than copying out and back).
        uint64_t placed = 0;
        for (size_t start = 0; start < n; ++start) {
            if ((placed >> start & 1) || perm[start] == start) continue;
            const kc_map_entry held = entries[start];
            size_t at = start;
            for (; perm[at] != start; at = perm[at]) {
                entries[at] = entries[perm[at]];
                placed |= uint64_t{1} << at;
            }
            entries[at] = held;
            placed |= uint64_t{1} << at;
        }
        return n;
    }
    constexpr size_t kSmall = 16;
    kc_map_entry small_out[kSmall];
    thread_local std::vector<kc_map_entry> big_out;
    kc_map_entry* out = small_out;
    if (n > kSmall) {
        big_out.resize(n);
        out = big_out.data();
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = entries[perm[i]];
    std::copy(out, out + n, entries);
    return n;
}

}  // namespace kc
