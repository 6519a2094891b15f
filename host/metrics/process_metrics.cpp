#include "host/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kc::host::metrics {
namespace {

// Seconds since the epoch at boot, from /proc/stat's btime.
double boot_time() {
    std::ifstream in("/proc/stat");
    std::string key;
    double value = 0;
    while (in >> key) {
        if (key == "btime") {
            in >> value;
            return value;
        }
        in.ignore(1 << 20, '\n');
    }
    return 0;
}

}  // namespace

void add_process_metrics(Exposition& out) {
    std::ifstream in("/proc/self/stat");
    std::string line;
    std::getline(in, line);
    // Fields after the command name (which may hold spaces), from field 3 on.
    const auto close = line.rfind(')');
    if (close != std::string::npos) {
        std::istringstream fields(line.substr(close + 2));
        std::string f[22];
        for (auto& s : f)
            fields >> s;
        const double ticks = double(sysconf(_SC_CLK_TCK));
        const double page = double(sysconf(_SC_PAGESIZE));
        // f[11] utime, f[12] stime, f[19] starttime (ticks after boot), f[20] vsize, f[21] rss.
        out.add("process_cpu_seconds_total", MetricType::Counter,
                "Total user and system CPU time spent in seconds.", {},
                (std::stod(f[11]) + std::stod(f[12])) / ticks);
        out.add("process_start_time_seconds", MetricType::Gauge,
                "Start time of the process since unix epoch in seconds.", {},
                boot_time() + std::stod(f[19]) / ticks);
        out.add("process_virtual_memory_bytes", MetricType::Gauge, "Virtual memory size in bytes.",
                {}, std::stod(f[20]));
        out.add("process_resident_memory_bytes", MetricType::Gauge,
                "Resident memory size in bytes.", {}, std::stod(f[21]) * page);
    }
    std::error_code ec;
    size_t fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++fds;
    out.add("process_open_fds", MetricType::Gauge, "Number of open file descriptors.", {},
            double(fds));
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
        out.add("process_max_fds", MetricType::Gauge, "Maximum number of open file descriptors.",
                {}, double(limit.rlim_cur));
}

}  // namespace kc::host::metrics
