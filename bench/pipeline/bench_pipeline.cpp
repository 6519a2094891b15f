// Pipeline benchmark: N lines of 100 bytes, file -> broker -> file.
//
// This process hosts the embedded broker (librdkafka mock cluster) so that
// kcat and connect-standalone workers share it and topics can be created with
// enough partitions for the mock's ~5 MiB-per-partition retention. Per run:
//   baseline  kcat -P (file -> topic), again with the producer settings the
//             worker takes from Java Connect, and kcat -C (topic -> file)
//   connect   a source-only worker (FileStreamSource -> topic) and then a
//             sink-only worker (topic -> FileStreamSink), StringConverter;
//             then again with JsonConverter (schemaless) and a 2-transform
//             chain (HoistField + InsertField) on the source; and with
//             AvroConverter on both sides, against the embedded schema
//             registry this process also serves.
// Every run checks that every record arrived (topic high watermarks, output
// line counts), so a run that lost data to retention fails.
//
// Usage: kc-bench-pipeline <build-dir> [lines...]   (default 1000000 5000000)
// KC_BENCH_ROUNDS (default 3): rounds per size; the summary gives medians
// (of the rates, and of the per-round ratios).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "host/kafka/embedded_broker.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Both kcat and the worker send keyless records to one partition at a time,
// as both clients do by default (librdkafka sticks for 10 ms, Java's producer
// for a batch), but switch every millisecond: 10 ms windows (~1 MB each at
// 1M records/s) would pile more onto one partition than the mock broker keeps
// (5 MiB). 1 ms windows hold 0.1-0.4 MB, and a partition's 1-1.4 MB average
// (see main) is then far enough from 5 MiB; the run checks it. No stickiness
// at all (0) sends each record to a random partition: every produce request
// then carries a few hundred records, a load that penalises one request in
// flight (Java Connect's setting) far more than real clients see.
constexpr const char* kSpreadEvenly = "sticky.partitioning.linger.ms=1";

// KC_BENCH_WORKER_EXTRA: worker settings appended to every worker's config,
// one per line ("\n"-separated), to measure a tuning without a rebuild.
std::string extra_worker_settings() {
    const char* extra = std::getenv("KC_BENCH_WORKER_EXTRA");
    return extra ? std::string(extra) + "\n" : std::string();
}

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ) != 0)
        throw std::runtime_error("cannot run " + argv[0]);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

// Waits for pid; its CPU time (user + system, seconds) goes to *cpu if given.
int wait_exit(pid_t pid, double* cpu = nullptr) {
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    if (cpu) {
        *cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Sum of the topic's end offsets in one ListOffsets round trip: cheap enough
// to poll while a worker runs, unlike a watermark query per partition, which
// kept the broker thread busy and slowed the worker being measured.
int64_t topic_end(rd_kafka_t* rk, const std::string& topic, int partitions) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_END;
    int64_t total = 0;
    if (rd_kafka_offsets_for_times(rk, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (int i = 0; i < list->cnt; ++i)
            if (!list->elems[i].err && list->elems[i].offset > 0) total += list->elems[i].offset;
    }
    rd_kafka_topic_partition_list_destroy(list);
    return total;
}

// Sum of the topic's high watermarks (records in the topic); fails if the
// broker's retention dropped any.
int64_t topic_records(rd_kafka_t* rk, const std::string& topic, int partitions) {
    int64_t total = 0;
    for (int p = 0; p < partitions; ++p) {
        int64_t lo = 0, hi = 0;
        if (rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &lo, &hi, 5000) == 0) {
            if (lo != 0) throw std::runtime_error("retention dropped data from " + topic);
            total += hi;
        }
    }
    return total;
}

int64_t count_lines(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    int64_t n = 0;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        for (std::streamsize i = 0; i < in.gcount(); ++i)
            n += buf[i] == '\n';
    }
    return n;
}

bool file_contains(const std::string& path, const std::string& text) {
    std::ifstream in(path, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.find(text) != std::string::npos;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

struct Bench {
    std::string build, work, bootstrap, plugin_path, registry_url;
    kc::host::kafka::EmbeddedBroker* broker;
    rd_kafka_t* rk;
    int partitions;

    // Runs a worker with one connector until done() or timeout; returns seconds
    // from the worker's start to done, and from the first line of its log
    // containing `mark` (if given) to done.
    struct Timing {
        double total = 0, after_mark = 0, cpu = 0;
    };
    Timing run_worker(const std::string& name, const std::string& worker_extra,
                      const std::string& connector, const std::function<bool()>& done,
                      const std::string& mark = "") {
        std::string cfg = work + "/" + name + ".properties";
        write_file(cfg, "bootstrap.servers=" + bootstrap +
                            "\nkey.converter=org.apache.kafka.connect.storage.StringConverter"
                            "\nvalue.converter=org.apache.kafka.connect.storage.StringConverter"
                            "\noffset.storage.file.filename=" +
                            work + "/" + name + ".offsets" +
                            "\nlisteners=http://127.0.0.1:0\nplugin.path=" + plugin_path +
                            "\nproducer." + kSpreadEvenly + "\n" + worker_extra +
                            extra_worker_settings());
        std::string conn = work + "/" + name + "-connector.properties";
        write_file(conn, connector);
        auto start = Clock::now();
        const std::string out = work + "/" + name + ".out";
        pid_t pid =
            spawn({build + "/bin/connect-standalone", cfg, conn}, out, work + "/" + name + ".log");
        std::optional<Clock::time_point> marked;
        while (!done()) {
            if (!mark.empty() && !marked && file_contains(out, mark)) marked = Clock::now();
            if (seconds_since(start) > 600) {
                kill(pid, SIGKILL);
                wait_exit(pid);
                throw std::runtime_error(name + ": timed out; see " + work + "/" + name + ".log");
            }
            int st;
            if (waitpid(pid, &st, WNOHANG) == pid)
                throw std::runtime_error(name + ": worker exited; see " + work + "/" + name +
                                         ".log");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        Timing t;
        t.total = seconds_since(start);
        t.after_mark = marked ? seconds_since(*marked) : t.total;
        kill(pid, SIGTERM);
        if (wait_exit(pid, &t.cpu) != 0) throw std::runtime_error(name + ": unclean exit");
        return t;
    }
};

// Seconds (and CPU seconds) of one side of the pipeline, one entry per round.
struct Side {
    std::vector<double> secs, cpu;
    void add(double s, double c) {
        secs.push_back(s);
        cpu.push_back(c);
    }
};

// Rounds repeat the whole comparison (kcat, then each worker variant) so that
// each ratio compares runs made minutes apart at most; the summary is the
// median of the rounds, with the per-round ratios' range beside it.
int rounds_from_env() {
    const char* r = std::getenv("KC_BENCH_ROUNDS");
    return r ? std::max(1, std::atoi(r)) : 3;
}

void run(Bench& b, int64_t lines, int rounds) {
    const std::string tag = std::to_string(lines);
    const std::string input = b.work + "/input-" + tag + ".txt";
    {
        std::ofstream out(input, std::ios::binary);
        std::string line(99, 'x');
        for (int64_t i = 0; i < lines; ++i) {
            std::string n = std::to_string(i);
            std::copy(n.begin(), n.end(), line.begin());
            out << line << '\n';  // 100 bytes with the newline
        }
    }
    const double mb = lines * 100.0 / 1e6;
    auto create = [&](const std::string& t) {
        if (b.broker->create_topic(t, b.partitions, 1))
            throw std::runtime_error("cannot create topic " + t);
    };

    struct Variant {
        std::string name, worker_extra, source_extra, sink_extra;
        Side source, sink;
        std::vector<double> joins;
    };
    std::vector<Variant> variants{
        {"string", "", "", "", {}, {}, {}},
        {"json+2smt",
         "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
         "value.converter.schemas.enable=false\n",
         "transforms=HoistField,InsertField\n"
         "transforms.HoistField.type=org.apache.kafka.connect.transforms.HoistField$Value\n"
         "transforms.HoistField.field=line\n"
         "transforms.InsertField.type=org.apache.kafka.connect.transforms.InsertField$Value\n"
         "transforms.InsertField.static.field=data_source\n"
         "transforms.InsertField.static.value=bench\n",
         "",
         {},
         {},
         {}},
        {"avro",
         "value.converter=io.confluent.connect.avro.AvroConverter\n"
         "value.converter.schema.registry.url=" +
             b.registry_url + "\n",
         "",
         "",
         {},
         {},
         {}},
    };
    // kcat -P twice: with librdkafka's defaults (the baseline), and with the
    // settings the worker's source producers take from Java Connect (one
    // request in flight, acks=all), to tell the worker's own cost from theirs.
    Side kcat_p, kcat_pj, kcat_c;
    auto kcat_produce = [&](const std::string& topic, std::vector<std::string> settings,
                            Side& side) {
        std::vector<std::string> args{"kcat", "-P", "-b", b.bootstrap, "-X", kSpreadEvenly};
        for (auto& kv : settings) {
            args.push_back("-X");
            args.push_back(std::move(kv));
        }
        args.insert(args.end(), {"-t", topic, "-l", input});
        create(topic);
        auto t0 = Clock::now();
        const pid_t pid = spawn(args, "/dev/null", b.work + "/kcat.log");
        // Timed as the worker is: until every record is in the topic, seen by
        // the same check polled at the same pace (which also puts the same
        // load on the broker while it runs).
        while (topic_end(b.rk, topic, b.partitions) < lines) {
            siginfo_t info{};
            // Exited early (failed): reaped and reported below.
            if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                info.si_pid == pid)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const double secs = seconds_since(t0);
        double cpu = 0;
        if (wait_exit(pid, &cpu) != 0) throw std::runtime_error("kcat -P failed");
        side.add(secs, cpu);
        if (topic_records(b.rk, topic, b.partitions) != lines)
            throw std::runtime_error("kcat -P: records missing in " + topic);
    };
    std::printf("\n== %lld lines x 100 B (%.0f MB), %d partitions, %d round(s) ==\n",
                static_cast<long long>(lines), mb, b.partitions, rounds);
    for (int round = 1; round <= rounds; ++round) {
        const std::string rtag = tag + "-" + std::to_string(round);
        // Baseline: kcat through the same broker.
        const std::string base_topic = "base-" + rtag;
        kcat_produce(base_topic, {}, kcat_p);
        kcat_produce(
            "base-java-" + rtag,
            {"acks=all", "max.in.flight.requests.per.connection=1", "enable.idempotence=false"},
            kcat_pj);
        auto t0 = Clock::now();
        double cpu = 0;
        const std::string kcat_out = b.work + "/kcat-out-" + rtag + ".txt";
        if (wait_exit(spawn({"kcat", "-C", "-b", b.bootstrap, "-t", base_topic, "-e", "-q", "-o",
                             "beginning", "-f", "%s\n"},
                            kcat_out, b.work + "/kcat.log"),
                      &cpu) != 0)
            throw std::runtime_error("kcat -C failed");
        kcat_c.add(seconds_since(t0), cpu);
        if (count_lines(kcat_out) != lines) throw std::runtime_error("kcat -C: lines missing");
        fs::remove(kcat_out);
        char line[256];
        std::snprintf(line, sizeof line,
                      "round %d: kcat -P %.0f rec/s (worker's producer settings %.0f), kcat -C "
                      "%.0f rec/s",
                      round, lines / kcat_p.secs.back(), lines / kcat_pj.secs.back(),
                      lines / kcat_c.secs.back());
        std::string summary = line;

        for (auto& v : variants) {
            // A sink refuses '+' in topic names: "json+2smt" becomes "json_2smt".
            std::string topic = "conn-" + v.name + "-" + rtag;
            std::replace(topic.begin(), topic.end(), '+', '_');
            create(topic);
            const std::string out = b.work + "/out-" + v.name + "-" + rtag + ".txt";
            fs::remove(out);
            const Bench::Timing src =
                b.run_worker("source-" + v.name + "-" + rtag, v.worker_extra,
                             "name=bench-source\nconnector.class=FileStreamSource\nfile=" + input +
                                 "\ntopic=" + topic + "\nbatch.size=10000\n" + v.source_extra,
                             [&] { return topic_end(b.rk, topic, b.partitions) >= lines; });
            // A partition that outgrew the mock's retention would leave the
            // sink waiting for records that are gone: stop here instead.
            if (topic_records(b.rk, topic, b.partitions) != lines)
                throw std::runtime_error(v.name + ": source records lost or duplicated");
            // The sink is timed from its partition assignment: before it, the
            // group coordinator holds a new group's first join for its initial
            // rebalance delay (3 s, as Kafka's group.initial.rebalance.delay.ms),
            // which kcat -C (no group) does not pay. The join is printed apart.
            const Bench::Timing snk = b.run_worker(
                "sink-" + v.name + "-" + rtag, v.worker_extra,
                // A group of its own per run: no earlier member to wait for.
                "name=bench-sink-" + v.name + "-" + rtag +
                    "\nconnector.class=FileStreamSink\nfile=" + out + "\ntopics=" + topic + "\n" +
                    v.sink_extra,
                [&] {
                    struct stat st {};
                    // Cheap size check first; count lines once it may be
                    // complete.
                    return ::stat(out.c_str(), &st) == 0 && st.st_size >= lines * 100 &&
                           count_lines(out) >= lines;
                },
                "Partitions assigned");
            if (topic_records(b.rk, topic, b.partitions) != lines || count_lines(out) != lines)
                throw std::runtime_error(v.name + ": records lost or duplicated");
            v.source.add(src.total, src.cpu);
            v.sink.add(snk.after_mark, snk.cpu);
            v.joins.push_back(snk.total - snk.after_mark);
            std::snprintf(line, sizeof line, "; %s source %.2fx (%.2fx), sink %.2fx",
                          v.name.c_str(), kcat_p.secs.back() / src.total,
                          kcat_pj.secs.back() / src.total, kcat_c.secs.back() / snk.after_mark);
            summary += line;
            fs::remove(out);
        }
        std::printf("%s\n", summary.c_str());
        std::fflush(stdout);
    }

    // The ratio of a side to its baseline: the median of the per-round
    // ratios. Each round's pair ran a minute apart; a ratio of the medians
    // would pair a fast round's baseline with a slow round's worker when the
    // machine's speed drifts between rounds.
    auto ratio = [](const Side& base, const Side& side) {
        std::vector<double> r;
        for (size_t i = 0; i < side.secs.size(); ++i)
            r.push_back(base.secs[i] / side.secs[i]);
        return median(r);
    };
    // Per-round ratios of a side against its baseline: "min-max".
    auto range = [](const Side& base, const Side& side) {
        double lo = 1e9, hi = 0;
        for (size_t i = 0; i < side.secs.size(); ++i) {
            lo = std::min(lo, base.secs[i] / side.secs[i]);
            hi = std::max(hi, base.secs[i] / side.secs[i]);
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f-%.2f", lo, hi);
        return std::string(buf);
    };
    // CPU microseconds per record, whole process (the broker is not in it).
    auto us = [&](const Side& side) { return median(side.cpu) * 1e6 / lines; };
    std::printf("median of %d round(s):\n", rounds);
    std::printf("baseline kcat -P : %9.0f rec/s  %7.1f MB/s  CPU %.2f us/record\n",
                lines / median(kcat_p.secs), mb / median(kcat_p.secs), us(kcat_p));
    std::printf(
        "baseline kcat -P, the worker's producer settings (max.in.flight 1, acks=all): "
        "%.0f rec/s  CPU %.2f us/record\n",
        lines / median(kcat_pj.secs), us(kcat_pj));
    std::printf("baseline kcat -C : %9.0f rec/s  %7.1f MB/s  CPU %.2f us/record\n",
                lines / median(kcat_c.secs), mb / median(kcat_c.secs), us(kcat_c));
    for (const auto& v : variants) {
        const double src = median(v.source.secs), snk = median(v.sink.secs);
        std::printf(
            "connect %-9s source: %9.0f rec/s  %7.1f MB/s  ratio to kcat -P %.2fx (rounds "
            "%s)  CPU %.2f us/record; at the same producer settings %.2fx (rounds %s)\n",
            v.name.c_str(), lines / src, mb / src, ratio(kcat_p, v.source),
            range(kcat_p, v.source).c_str(), us(v.source), ratio(kcat_pj, v.source),
            range(kcat_pj, v.source).c_str());
        std::printf(
            "connect %-9s sink  : %9.0f rec/s  %7.1f MB/s  ratio to kcat -C %.2fx (rounds "
            "%s)  CPU %.2f us/record  (after a %.2f s group join)\n",
            v.name.c_str(), lines / snk, mb / snk, ratio(kcat_c, v.sink),
            range(kcat_c, v.sink).c_str(), us(v.sink), median(v.joins));
    }
    std::fflush(stdout);
    fs::remove(input);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <build-dir> [lines...]\n", argv[0]);
        return 2;
    }
    std::vector<int64_t> sizes;
    for (int i = 2; i < argc; ++i)
        sizes.push_back(std::stoll(argv[i]));
    if (sizes.empty()) sizes = {1000000, 5000000};
    const int rounds = rounds_from_env();
    try {
        kc::host::kafka::EmbeddedBroker broker(1);
        kc::host::rest::registry::EmbeddedSchemaRegistry registry;
        Bench b;
        b.registry_url = registry.url();
        b.build = argv[1];
        char tmpl[] = "/tmp/kc-bench-pipeline.XXXXXX";
        b.work = mkdtemp(tmpl);
        b.bootstrap = broker.bootstrap_servers();
        b.broker = &broker;
        const char* pp = std::getenv("KC_PLUGIN_PATH");
        b.plugin_path = pp ? pp : (fs::path(KC_SOURCE_DIR) / "plugin-path").string();
        char err[256];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", b.bootstrap.c_str(), err, sizeof err);
        b.rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
        for (int64_t n : sizes) {
            // The mock keeps ~5 MiB per partition: about 1 MB each on average
            // (1.4 MB with the JSON variant), so that sticky windows cannot
            // pile 5 MiB onto one.
            b.partitions = static_cast<int>(std::max<int64_t>(4, n * 100 / 1000000));
            run(b, n, rounds);
        }
        rd_kafka_destroy(b.rk);
        if (!std::getenv("KC_BENCH_KEEP")) fs::remove_all(b.work);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
}
