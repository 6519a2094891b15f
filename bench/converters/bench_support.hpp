// What the converter benchmarks share: a bump arena standing in for the
// worker's per-batch arena, a host table over it, CPU-time measurement, and
// the record shapes every converter is measured on.
#pragma once

#include <kc/abi.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kc/data.hpp"
#include "kc/logical.hpp"

// A bump arena standing in for the worker's per-batch arena.
struct kc_arena {
    std::vector<std::unique_ptr<char[]>> blocks;
    size_t used = 0, cap = 0;
    char* cur = nullptr;
    void* alloc(size_t size, size_t align) {
        size_t at = (used + align - 1) & ~(align - 1);
        if (!cur || at + size > cap) {
            cap = std::max<size_t>(1 << 20, size + align);
            blocks.emplace_back(new char[cap]);
            cur = blocks.back().get();
            at = 0;
        }
        used = at + size;
        std::memset(cur + at, 0, size);
        return cur + at;
    }
    void reset() {
        if (blocks.size() > 1) blocks.erase(blocks.begin(), blocks.end() - 1);
        used = 0;
    }
};

namespace bench {

inline kc_host make_host() {
    kc_host h{};
    h.struct_size = sizeof(kc_host);
    h.abi_major = KC_ABI_MAJOR;
    h.arena_alloc = [](kc_arena* a, size_t size, size_t align) { return a->alloc(size, align); };
    return h;
}

struct Shape {
    std::string name;
    kc::Schema schema;
    kc_value value;
};

struct Rate {
    double records_per_s;
    double mb_per_s;
};

// This thread's CPU time: on a shared machine, wall time would also count
// the time other processes hold the core, skewing the ratios.
inline double thread_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Runs op repeatedly for about `seconds` of CPU time; op returns bytes processed.
inline Rate measure(double seconds, const std::function<size_t()>& op) {
    for (int i = 0; i < 100; ++i)
        op();  // warm caches and buffers
    size_t records = 0, bytes = 0;
    double start = thread_seconds();
    double elapsed = 0;
    do {
        for (int i = 0; i < 256; ++i) {
            bytes += op();
            ++records;
        }
        elapsed = thread_seconds() - start;
    } while (elapsed < seconds);
    return {records / elapsed, bytes / elapsed / 1e6};
}

inline std::vector<Shape> make_shapes(kc::Arena& a) {
    using namespace kc;
    std::vector<Shape> shapes;
    {
        Schema s = SchemaBuilder::struct_()
                       .name("bench.Flat")
                       .field("id", schemas::int64())
                       .field("count", schemas::int32())
                       .field("name", schemas::string())
                       .field("email", schemas::string())
                       .field("city", schemas::optional_string())
                       .field("score", schemas::float64())
                       .field("ratio", schemas::float32())
                       .field("active", schemas::boolean())
                       .field("level", schemas::int16())
                       .field("created", logical::timestamp_schema())
                       .build();
        StructBuilder<Arena> b(a, s);
        b.put("id", make_int64(1234567890123LL))
            .put("count", make_int32(42))
            .put("name", make_string_ref("Ada Lovelace"))
            .put("email", make_string_ref("ada@example.com"))
            .put("city", make_string_ref("London"))
            .put("score", make_float64(98.625))
            .put("ratio", make_float32(0.75f))
            .put("active", make_bool(true))
            .put("level", make_int16(7))
            .put("created", make_int64(1700000000123LL));
        shapes.push_back({"flat 10-field struct", s, b.build()});
    }
    {
        Schema inner = SchemaBuilder::struct_()
                           .field("street", schemas::string())
                           .field("zip", schemas::int32())
                           .build();
        Schema s =
            SchemaBuilder::struct_()
                .name("bench.Nested")
                .field("id", schemas::int64())
                .field("tags", SchemaBuilder::array(schemas::string()).build())
                .field("metrics", SchemaBuilder::map(schemas::string(), schemas::float64()).build())
                .field("address", inner)
                .build();
        static const char* tag_names[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
        std::vector<kc_value> tags;
        for (const char* t : tag_names)
            tags.push_back(make_string_ref(t));
        std::vector<kc_map_entry> metrics;
        static const char* metric_names[] = {"cpu", "mem", "disk", "net"};
        double x = 1.5;
        for (const char* m : metric_names)
            metrics.push_back({make_string_ref(m), make_float64(x *= 3.25)});
        StructBuilder<Arena> ib(a, inner);
        ib.put("street", make_string_ref("1 Infinite Loop")).put("zip", make_int32(95014));
        StructBuilder<Arena> b(a, s);
        b.put("id", make_int64(99))
            .put("tags", make_array(a, std::span<const kc_value>(tags)))
            .put("metrics", make_map(a, std::span<const kc_map_entry>(metrics)))
            .put("address", ib.build());
        shapes.push_back({"nested struct+array+map", s, b.build()});
    }
    {
        Schema s = SchemaBuilder::struct_()
                       .name("bench.Blob")
                       .field("id", schemas::int64())
                       .field("body", schemas::string())
                       .build();
        static std::string body;
        for (int i = 0; body.size() < 1024; ++i)
            body += "lorem ipsum dolor sit amet " + std::to_string(i) + " ";
        body.resize(1024);
        StructBuilder<Arena> b(a, s);
        b.put("id", make_int64(7)).put("body", make_string_ref(body));
        shapes.push_back({"1 KB string", s, b.build()});
    }
    return shapes;
}

}  // namespace bench
