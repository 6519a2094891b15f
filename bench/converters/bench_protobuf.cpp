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
#include <string>

#include "protobuf_converter.hpp"
#include "registry_bench.hpp"

int main(int argc, char** argv) {
    using namespace bench;
    RegistryBench b(argc, argv, "libpb rec/s", "libpb MB/s");
    bool ok = true;
    for (const Shape& shape : b.shapes) {
        kc_schema_registry::ProtobufConverterImpl conv;
        conv.configure({{"schema.registry.url", b.registry.url()}}, false);
        kc_arena arena;
        kc::Arena a(&b.host, &arena);
        const std::string framed(*conv.from_connect("bench", shape.schema, &shape.value, a));

        // The baseline's message: the same .proto, holding the same record.
        const std::string payload = framed.substr(kc_schema_registry::kWireHeaderSize + 1);
        kc_schema_registry::ProtoSchema proto(kc_schema_registry::to_proto_text(shape.schema, {}));
        auto message = proto.new_message(*proto.file().message_type(0));
        message->ParseFromString(payload);
        std::string out;

        Rate ser = measure(b.seconds, [&] {
            return conv.from_connect("bench", shape.schema, &shape.value, a)->size();
        });
        Rate pb_ser = measure(b.seconds, [&] {
            message->SerializeToString(&out);
            return out.size();
        });
        RegistryBench::row(shape, "serialise", ser, pb_ser);

        size_t n = 0;
        Rate de = measure(b.seconds, [&] {
            if (++n % 1024 == 0) arena.reset();  // the worker frees per batch
            conv.to_connect("bench", std::string_view(framed), a);
            return framed.size();
        });
        Rate pb_de = measure(b.seconds, [&] {
            message->ParseFromString(payload);
            return payload.size();
        });
        RegistryBench::row(shape, "deserialise", de, pb_de);

        const double pb_allocs = RegistryBench::allocations_per_record(
            RegistryBench::kRecords, [&](int) { message->ParseFromString(payload); });
        ok = b.steady_state(conv, shape, framed, arena, a, "libprotobuf parse", pb_allocs) && ok;
    }
    return ok ? 0 : 1;
}
