// What the schema-registry converter benchmarks (bench_avro, bench_protobuf)
// share: the command line, the embedded registry in process, the host and
// the record shapes, the table they print (ours beside a baseline library,
// as a ratio), and the steady-state check (heap allocations and registry
// calls per record, which must be zero).
//   bench_<format> [--seconds S]   (time per measurement, default 0.5)
#pragma once

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench_support.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

extern std::atomic<long> g_allocations;  // alloc_counter.cpp

namespace bench {

class RegistryBench {
  public:
    // Reads --seconds and prints the table's header, naming the baseline's columns.
    RegistryBench(int argc, char** argv, const char* baseline_rate, const char* baseline_mb) {
        for (int i = 1; i + 1 < argc; ++i)
            if (std::string(argv[i]) == "--seconds") seconds = std::atof(argv[i + 1]);
        // The shapes are unrelated schemas under one subject.
        registry.store().set_global_compatibility("NONE");
        std::printf("%-26s %-12s %12s %9s %12s %9s %7s\n", "shape", "operation", "ours rec/s",
                    "ours MB/s", baseline_rate, baseline_mb, "ratio");
    }

    static void row(const Shape& shape, const char* operation, Rate ours, Rate baseline) {
        std::printf("%-26s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(), operation,
                    ours.records_per_s, ours.mb_per_s, baseline.records_per_s, baseline.mb_per_s,
                    ours.records_per_s / baseline.records_per_s);
    }

    // Heap allocations per call of `op`, over `records` calls.
    template <class Op>
    static double allocations_per_record(int records, Op op) {
        const long before = g_allocations.load();
        for (int i = 0; i < records; ++i)
            op(i);
        return double(g_allocations.load() - before) / records;
    }

    // Steady state, caches and buffers warm: serialising `shape` and reading
    // `framed` back must allocate nothing on the heap and ask the registry
    // nothing. Prints the figures beside the baseline's allocations
    // (`baseline_allocs` of `baseline_what`); false when a figure is not zero.
    template <class Converter>
    bool steady_state(Converter& conv, const Shape& shape, std::string_view framed, kc_arena& arena,
                      kc::Arena& a, const char* baseline_what, double baseline_allocs) const {
        const uint64_t calls = conv.client().calls();
        const double ser = allocations_per_record(
            kRecords, [&](int) { conv.from_connect("bench", shape.schema, &shape.value, a); });
        const double de = allocations_per_record(kRecords, [&](int i) {
            // Often enough that the stand-in arena never needs a new block:
            // its blocks are the host's, not the converter's, allocations.
            if (i % 256 == 0) arena.reset();
            conv.to_connect("bench", framed, a);
        });
        const double registry_calls = double(conv.client().calls() - calls) / (2 * kRecords);
        std::printf(
            "%-26s heap allocations/record: ser %.3f, deser %.3f (%s %.3f); "
            "registry calls/record %.3f\n",
            shape.name.c_str(), ser, de, baseline_what, baseline_allocs, registry_calls);
        return ser == 0 && de == 0 && registry_calls == 0;
    }

    static constexpr int kRecords = 10000;
    double seconds = 0.5;
    kc::host::rest::registry::EmbeddedSchemaRegistry registry;
    kc_host host = make_host();
    kc_arena data_arena;
    kc::Arena data{&host, &data_arena};
    std::vector<Shape> shapes = make_shapes(data);
};

}  // namespace bench
