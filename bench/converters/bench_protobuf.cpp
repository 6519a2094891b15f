// ProtobufConverter beside libprotobuf itself on the same records, in the
// same run: serialise (ours: Connect value -> framed Protobuf bytes, encoded
// straight from the descriptor; baseline: SerializeToString of a dynamic
// message already holding the record)
// and deserialise (ours: framed bytes -> Connect value in the arena;
// baseline: ParseFromString into a reused dynamic message). The baseline is
// what a producer holding libprotobuf messages pays, so the ratio says how
// the Connect mapping compares. Plus, in steady state, heap allocations and registry calls
// per record. The registry is the project's embedded one, in process.
//   bench_protobuf [--seconds S]   (time per measurement, default 0.5)
#include <atomic>
#include <cstdio>
#include <string>

#include "bench_support.hpp"
#include "host/kafka/registry/embedded_schema_registry.hpp"
#include "protobuf_converter.hpp"

extern std::atomic<long> g_allocations;

int main(int argc, char** argv) {
    using namespace bench;
    double seconds = 0.5;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--seconds") seconds = std::atof(argv[i + 1]);

    kc::host::kafka::registry::EmbeddedSchemaRegistry registry;
    // The shapes are unrelated schemas under one subject.
    registry.store().set_global_compatibility("NONE");
    kc_host host = make_host();
    kc_arena data_arena;
    kc::Arena data(&host, &data_arena);
    std::vector<Shape> shapes = make_shapes(data);

    std::printf("%-26s %-12s %12s %9s %12s %9s %7s\n", "shape", "operation", "ours rec/s",
                "ours MB/s", "libpb rec/s", "libpb MB/s", "ratio");
    bool ok = true;
    for (const Shape& shape : shapes) {
        kc_schema_registry::ProtobufConverterImpl conv;
        conv.configure({{"schema.registry.url", registry.url()}}, false);
        kc_arena arena;
        kc::Arena a(&host, &arena);
        const std::string framed(*conv.from_connect("bench", shape.schema, &shape.value, a));

        // The baseline's message: the same .proto, holding the same record.
        const std::string payload = framed.substr(kc_schema_registry::kWireHeaderSize + 1);
        kc_schema_registry::ProtoSchema proto(kc_schema_registry::to_proto_text(shape.schema, {}));
        auto message = proto.new_message(*proto.file().message_type(0));
        message->ParseFromString(payload);
        std::string out;

        Rate ser = measure(seconds, [&] {
            return conv.from_connect("bench", shape.schema, &shape.value, a)->size();
        });
        Rate pb_ser = measure(seconds, [&] {
            message->SerializeToString(&out);
            return out.size();
        });
        std::printf("%-26s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(),
                    "serialise", ser.records_per_s, ser.mb_per_s, pb_ser.records_per_s,
                    pb_ser.mb_per_s, ser.records_per_s / pb_ser.records_per_s);

        size_t n = 0;
        Rate de = measure(seconds, [&] {
            if (++n % 1024 == 0) arena.reset();  // the worker frees per batch
            conv.to_connect("bench", std::string_view(framed), a);
            return framed.size();
        });
        Rate pb_de = measure(seconds, [&] {
            message->ParseFromString(payload);
            return payload.size();
        });
        std::printf("%-26s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(),
                    "deserialise", de.records_per_s, de.mb_per_s, pb_de.records_per_s,
                    pb_de.mb_per_s, de.records_per_s / pb_de.records_per_s);

        // Steady state: caches and buffers warm.
        constexpr int kRecords = 10000;
        const uint64_t calls = conv.client().calls();
        long before = g_allocations.load();
        for (int i = 0; i < kRecords; ++i)
            conv.from_connect("bench", shape.schema, &shape.value, a);
        const double ser_allocs = double(g_allocations.load() - before) / kRecords;
        before = g_allocations.load();
        for (int i = 0; i < kRecords; ++i) {
            if (i % 256 == 0) arena.reset();
            conv.to_connect("bench", std::string_view(framed), a);
        }
        const double de_allocs = double(g_allocations.load() - before) / kRecords;
        before = g_allocations.load();
        for (int i = 0; i < kRecords; ++i)
            message->ParseFromString(payload);
        const double pb_allocs = double(g_allocations.load() - before) / kRecords;
        const double registry_calls = double(conv.client().calls() - calls) / (2 * kRecords);
        std::printf(
            "%-26s heap allocations/record: ser %.3f, deser %.3f (libprotobuf parse %.3f); "
            "registry calls/record %.3f\n",
            shape.name.c_str(), ser_allocs, de_allocs, pb_allocs, registry_calls);
        if (ser_allocs != 0 || de_allocs != 0 || registry_calls != 0) ok = false;
    }
    return ok ? 0 : 1;
}
