// JsonConverter throughput beside RapidJSON on the same documents, in the
// same run: serialise (ours vs rapidjson::Writer re-emitting a parsed DOM) and
// deserialise (ours vs rapidjson::Reader SAX with a null handler, and vs
// rapidjson::Document::Parse), with and without schemas, for three record
// shapes; plus heap allocations per record when serialising in steady state.
//   bench_converters [--seconds S]   (time per measurement, default 0.5)
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "host/converters/json_codec.hpp"

extern std::atomic<long> g_allocations;

namespace {

using kc::host::converters::JsonCodec;
using kc::host::converters::JsonSettings;
using namespace bench;

struct NullHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, NullHandler> {
    bool Default() { return true; }
};

}  // namespace

int main(int argc, char** argv) {
    double seconds = 0.5;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--seconds") seconds = std::atof(argv[i + 1]);

    kc_host host = make_host();
    kc_arena data_arena;
    kc::Arena data(&host, &data_arena);
    std::vector<Shape> shapes = make_shapes(data);

    std::printf("%-26s %-8s %-12s %12s %9s %12s %9s %7s\n", "shape", "schemas", "operation",
                "ours rec/s", "ours MB/s", "rapidjson/s", "rj MB/s", "ratio");
    bool ok = true;
    for (const Shape& shape : shapes) {
        for (bool with_schema : {true, false}) {
            JsonSettings settings;
            settings.schemas_enable = with_schema;
            JsonCodec codec(settings);
            std::string doc(*codec.serialize(shape.schema, &shape.value));
            const char* mode = with_schema ? "on" : "off";

            Rate ser = measure(seconds,
                               [&] { return codec.serialize(shape.schema, &shape.value)->size(); });
            rapidjson::Document dom;
            dom.Parse(doc.c_str(), doc.size());
            rapidjson::StringBuffer sb;
            Rate rj_write = measure(seconds, [&] {
                sb.Clear();
                rapidjson::Writer<rapidjson::StringBuffer> w(sb);
                dom.Accept(w);
                return sb.GetSize();
            });
            std::printf("%-26s %-8s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(),
                        mode, "serialise", ser.records_per_s, ser.mb_per_s, rj_write.records_per_s,
                        rj_write.mb_per_s, ser.records_per_s / rj_write.records_per_s);

            kc_arena arena;
            kc::Arena a(&host, &arena);
            size_t n = 0;
            Rate de = measure(seconds, [&] {
                if (++n % 1024 == 0) arena.reset();  // the worker frees per batch
                codec.deserialize(std::string_view(doc), a);
                return doc.size();
            });
            rapidjson::Reader reader;
            NullHandler null_handler;
            Rate rj_read = measure(seconds, [&] {
                rapidjson::StringStream in(doc.c_str());
                reader.Parse(in, null_handler);
                return doc.size();
            });
            Rate rj_dom = measure(seconds, [&] {
                rapidjson::Document d;
                d.Parse(doc.c_str(), doc.size());
                return doc.size();
            });
            std::printf("%-26s %-8s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(),
                        mode, "deser/SAX", de.records_per_s, de.mb_per_s, rj_read.records_per_s,
                        rj_read.mb_per_s, de.records_per_s / rj_read.records_per_s);
            std::printf("%-26s %-8s %-12s %12.0f %9.1f %12.0f %9.1f %6.2fx\n", shape.name.c_str(),
                        mode, "deser/DOM", de.records_per_s, de.mb_per_s, rj_dom.records_per_s,
                        rj_dom.mb_per_s, de.records_per_s / rj_dom.records_per_s);

            // Steady state: every cache and buffer is warm.
            constexpr int kRecords = 10000;
            long before = g_allocations.load();
            for (int i = 0; i < kRecords; ++i)
                codec.serialize(shape.schema, &shape.value);
            double per_record = double(g_allocations.load() - before) / kRecords;
            std::printf("%-26s %-8s %-12s %.3f heap allocations/record\n", shape.name.c_str(), mode,
                        "serialise", per_record);
            if (per_record != 0) ok = false;
        }
    }
    return ok ? 0 : 1;
}
