// JDBC connector throughput: drives the sink task (put) or the source task
// (poll) directly over kc::testing::TestHost and prints rows/s and peak RSS.
// bench/jdbc/run.sh runs it beside the databases' own bulk tools.
//
//   kc_jdbc_bench sink <url> <rows> insert|upsert <table>
//   kc_jdbc_bench source <url> <rows> <table>
#include <sys/resource.h>
#include <kc/logical.hpp>
#include <kc/testing.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "sink/jdbc_sink_task.hpp"
#include "source/jdbc_source_task.hpp"

namespace {

long peak_rss_kb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// The worker hands poll() a bump arena freed in bulk per batch; TestHost's
// arena mallocs every allocation, which would measure malloc, not the task.
struct BumpArena {
    std::vector<std::unique_ptr<char[]>> blocks;
    size_t used = 0, cap = 0;
    void* alloc(size_t size, size_t align) {
        size_t at = (used + align - 1) & ~(align - 1);
        if (blocks.empty() || at + size > cap) {
            cap = std::max<size_t>(size + align, 1 << 20);
            blocks.push_back(std::make_unique<char[]>(cap));
            at = (reinterpret_cast<uintptr_t>(blocks.back().get()) % align)
                     ? align - reinterpret_cast<uintptr_t>(blocks.back().get()) % align
                     : 0;
        }
        used = at + size;
        void* p = blocks.back().get() + at;
        std::memset(p, 0, size);
        return p;
    }
    void reset() {
        if (blocks.size() > 1) blocks.erase(blocks.begin(), blocks.end() - 1);
        used = 0;
    }
};

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void report(const char* what, long rows, double secs) {
    std::printf("%s rows=%ld seconds=%.3f rows_per_s=%.0f peak_rss_kb=%ld\n", what, rows, secs,
                rows / secs, peak_rss_kb());
}

int run_sink(const std::string& url, long rows, const std::string& mode, const std::string& table) {
    kc::testing::TestHost host;
    kcjdbc::JdbcSinkTask task;
    host.bind(task, "bench");
    task.start({{"connection.url", url},
                {"insert.mode", mode},
                {"pk.mode", mode == "upsert" ? "record_value" : "none"},
                {"pk.fields", mode == "upsert" ? "id" : ""},
                {"auto.create", "true"},
                {"table.name.format", table}});
    kc::Schema schema = kc::SchemaBuilder::struct_()
                            .name("bench")
                            .field("id", kc::schemas::int64())
                            .field("name", kc::schemas::string())
                            .field("amount", kc::schemas::float64())
                            .field("ts", kc::logical::timestamp_schema())
                            .build();
    const long batch = 2000;  // records per put(), like one consumer batch
    auto start = std::chrono::steady_clock::now();
    std::vector<kc_record> recs(static_cast<size_t>(batch));
    std::vector<const kc_record*> ptrs(static_cast<size_t>(batch));
    std::vector<std::string> names(static_cast<size_t>(batch));
    for (long done = 0; done < rows;) {
        long n = std::min(batch, rows - done);
        kc::Pool pool;
        for (long i = 0; i < n; ++i) {
            long id = done + i;
            names[i] = "name-" + std::to_string(id);
            kc_value* f = kc::alloc_values(pool, 4);
            f[0] = kc::make_int64(id);
            f[1] = kc::make_string_ref(names[i]);
            f[2] = kc::make_float64(id * 0.25);
            f[3] = kc::make_int64(1704067200000 + id);
            kc_record& r = recs[i];
            r = kc_record{};
            r.struct_size = sizeof(kc_record);
            r.topic = kc::str_ref("bench");
            r.value_schema = schema.raw();
            r.value.tag = KC_VAL_STRUCT;
            r.value.u.strct.schema = schema.raw();
            r.value.u.strct.fields = f;
            r.kafka_offset = id;
            ptrs[i] = &r;
        }
        task.put(std::span<const kc_record* const>(ptrs.data(), static_cast<size_t>(n)));
        done += n;
    }
    report(("sink-" + mode).c_str(), rows, seconds_since(start));
    task.stop();
    return 0;
}

int run_source(const std::string& url, long rows, const std::string& table) {
    kc::testing::TestHost host;
    kcjdbc::JdbcSourceTask task;
    host.bind(task, "bench");
    task.start({{"connection.url", url},
                {"mode", "incrementing"},
                {"incrementing.column.name", "id"},
                {"batch.max.rows", "2000"},
                {"poll.interval.ms", "0"},
                {"tables", table}});
    kc_host bump_host = *host.services();
    bump_host.arena_alloc = [](kc_arena* a, size_t size, size_t align) {
        return reinterpret_cast<BumpArena*>(a)->alloc(size, align);
    };
    BumpArena arena;
    std::vector<const kc_record*> batch;
    long got = 0;
    auto start = std::chrono::steady_clock::now();
    while (got < rows) {
        batch.clear();
        kc::SourceRecords out(kc::Arena(&bump_host, reinterpret_cast<kc_arena*>(&arena)), batch);
        task.poll(out);
        got += static_cast<long>(batch.size());
        arena.reset();  // the worker frees each batch once produced
        if (seconds_since(start) > 600) break;
    }
    report("source", got, seconds_since(start));
    task.stop();
    return got == rows ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 6 && std::string(argv[1]) == "sink")
        return run_sink(argv[2], std::atol(argv[3]), argv[4], argv[5]);
    if (argc >= 5 && std::string(argv[1]) == "source")
        return run_source(argv[2], std::atol(argv[3]), argv[4]);
    std::fprintf(stderr,
                 "usage: %s sink <url> <rows> insert|upsert <table>\n"
                 "       %s source <url> <rows> <table>\n",
                 argv[0], argv[0]);
    return 2;
}
