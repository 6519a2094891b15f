// bench_file_sink: FileStreamSinkTask::put() writing batches of records to a
// file, against a baseline that write(2)s the same bytes in the same batches
// (what `cat` or `dd` costs for those bytes: the syscall and the page cache),
// measured in the same run. The ratio is what formatting each value as Java's
// toString() and the per-batch bookkeeping add to the bare write.
//
//   bench_file_sink [--records N] [--batch B] [--rounds R] [--dir D]
#include <fcntl.h>
#include <unistd.h>
#include <kc/testing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "file_stream_sink.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::size_t records = 200000;
    std::size_t batch = 500;  // consumer.max.poll.records' default
    int rounds = 5;
    std::string dir = "/tmp";
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--records")
            o.records = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--batch")
            o.batch = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--rounds")
            o.rounds = std::atoi(argv[i + 1]);
        else if (flag == "--dir")
            o.dir = argv[i + 1];
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            std::exit(2);
        }
    }
    if (o.records == 0 || o.batch == 0 || o.rounds < 1) {
        std::fprintf(stderr, "--records, --batch and --rounds must be positive\n");
        std::exit(2);
    }
    return o;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// One shape of record value: the strings themselves and the lines the sink must write.
struct Shape {
    const char* name;
    std::vector<std::string> values;
    std::vector<kc_record> records;
    std::string lines;
};

Shape make_shape(const char* name, std::size_t count, std::size_t value_bytes) {
    Shape s{name, {}, std::vector<kc_record>(count), {}};
    s.values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::string v = "record-" + std::to_string(i) + "-";
        v.resize(std::max(value_bytes, v.size()), 'x');
        s.values.push_back(std::move(v));
        s.lines += s.values.back() + "\n";
    }
    for (std::size_t i = 0; i < count; ++i) {
        s.records[i].struct_size = sizeof(kc_record);
        s.records[i].value = kc::make_string_ref(s.values[i].c_str());
    }
    return s;
}

// Seconds to put() every record, batch by batch, into a fresh file.
double time_sink(const Shape& shape, const Options& o, const std::string& file) {
    ::unlink(file.c_str());
    kc::testing::TestHost host;
    kc_file::FileStreamSinkTask task;
    host.bind(task, "bench");
    task.start({{"file", file}});
    std::vector<const kc_record*> batch;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < shape.records.size(); i += o.batch) {
        batch.clear();
        for (std::size_t j = i; j < std::min(i + o.batch, shape.records.size()); ++j)
            batch.push_back(&shape.records[j]);
        task.put(batch);
    }
    task.flush({});
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    task.stop();
    return seconds;
}

// Seconds to write(2) the same lines in the same batches to a fresh O_APPEND file.
double time_write(const Shape& shape, const Options& o, const std::string& file) {
    ::unlink(file.c_str());
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        std::perror(file.c_str());
        std::exit(1);
    }
    const auto start = Clock::now();
    std::size_t offset = 0;
    for (std::size_t i = 0; i < shape.values.size(); i += o.batch) {
        std::size_t bytes = 0;
        for (std::size_t j = i; j < std::min(i + o.batch, shape.values.size()); ++j)
            bytes += shape.values[j].size() + 1;
        for (std::size_t done = 0; done < bytes;) {
            ssize_t n = ::write(fd, shape.lines.data() + offset + done, bytes - done);
            if (n < 0) {
                std::perror("write");
                std::exit(1);
            }
            done += static_cast<std::size_t>(n);
        }
        offset += bytes;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ::close(fd);
    return seconds;
}

bool same_file(const std::string& a, const std::string& b) {
    auto slurp = [](const std::string& path) {
        std::string out;
        if (FILE* f = std::fopen(path.c_str(), "rb")) {
            char buf[1 << 16];
            std::size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
                out.append(buf, n);
            std::fclose(f);
        }
        return out;
    };
    return slurp(a) == slurp(b);
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::string prefix = o.dir + "/bench_file_sink." + std::to_string(::getpid());
    const std::string sink_file = prefix + ".sink", write_file = prefix + ".write";
    std::printf("%zu records, batches of %zu, median of %d rounds, files in %s\n", o.records,
                o.batch, o.rounds, o.dir.c_str());
    std::printf("%-14s %12s %12s %12s %12s %8s\n", "value", "sink ns/rec", "write ns/rec",
                "sink MB/s", "write MB/s", "ratio");
    int status = 0;
    for (auto [name, bytes] : {std::pair{"100 B string", 100}, std::pair{"1 KB string", 1024}}) {
        const Shape shape = make_shape(name, o.records, static_cast<std::size_t>(bytes));
        std::vector<double> sink, write;
        for (int r = 0; r < o.rounds; ++r) {
            sink.push_back(time_sink(shape, o, sink_file));
            write.push_back(time_write(shape, o, write_file));
        }
        if (!same_file(sink_file, write_file)) {
            std::fprintf(stderr, "%s: the sink wrote other bytes than the baseline\n", name);
            status = 1;
        }
        const double s = median(sink), w = median(write);
        const double mb = static_cast<double>(shape.lines.size()) / 1e6;
        std::printf("%-14s %12.1f %12.1f %12.0f %12.0f %7.2fx\n", name,
                    s * 1e9 / static_cast<double>(o.records),
                    w * 1e9 / static_cast<double>(o.records), mb / s, mb / w, s / w);
    }
    ::unlink(sink_file.c_str());
    ::unlink(write_file.c_str());
    return status;
}
