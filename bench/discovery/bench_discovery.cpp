// Discovery benchmark: time to a ready PluginRegistry over N plugin locations
// (half tiny, half linking libpq/libsqlite3/libssl like a JDBC plugin) under
// service_load, hybrid_warn and only_scan, side by side, with peak RSS.
//
//   bench_discovery [--locations N] [--runs R] [--template-dir DIR]
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host/plugins/elf_reader.hpp"
#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/plugin_registry.hpp"

namespace fs = std::filesystem;
using namespace kc::host;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Copies the template with every "@@@@" placeholder replaced by the index,
// which keeps the ELF layout intact (same length).
void write_copy(const std::string& bytes, int index, const fs::path& to) {
    std::string copy = bytes;
    char digits[16];
    std::snprintf(digits, sizeof digits, "%04d", index % 10000);
    for (size_t pos = 0; (pos = copy.find("@@@@", pos)) != std::string::npos; pos += 4)
        std::memcpy(&copy[pos], digits, 4);
    fs::create_directories(to.parent_path());
    std::ofstream(to, std::ios::binary) << copy;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double rss_mb(int who) {
    rusage ru{};
    getrusage(who, &ru);
    return ru.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    ensure_linker_namespace_tunables(argv);
    int locations = 100, runs = 5;
    fs::path templates = KC_BENCH_TEMPLATE_DIR;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--locations")
            locations = std::max(2, std::atoi(argv[i + 1]));
        else if (a == "--runs")
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--template-dir")
            templates = argv[i + 1];
    }
    spdlog::set_level(spdlog::level::err);  // hybrid_warn's advice is not the point here

    std::string tmpl = (fs::temp_directory_path() / "kc-bench-discovery-XXXXXX").string();
    fs::path root = ::mkdtemp(tmpl.data());
    std::string tiny = read_file(templates / "bench-tiny.so");
    std::string heavy = read_file(templates / "bench-heavy.so");
    for (int i = 0; i < locations; ++i)
        write_copy(i % 2 ? heavy : tiny, i,
                   root / ("location-" + std::to_string(i)) / (i % 2 ? "heavy.so" : "tiny.so"));

    // Raw manifest read, the floor under service_load.
    std::vector<double> elf_ms;
    for (int r = 0; r < runs; ++r) {
        auto t0 = Clock::now();
        for (int i = 0; i < locations; ++i)
            read_elf(root / ("location-" + std::to_string(i)) / (i % 2 ? "heavy.so" : "tiny.so"));
        elf_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }

    struct Result {
        DiscoveryMode mode;
        double ms;
        size_t plugins;
        double host_rss, child_rss;
    };
    std::vector<Result> results;
    for (auto mode :
         {DiscoveryMode::ServiceLoad, DiscoveryMode::HybridWarn, DiscoveryMode::OnlyScan}) {
        std::vector<double> times;
        size_t plugins = 0;
        for (int r = 0; r < runs; ++r) {
            WorkerPluginConfig config;
            config.plugin_path = {root};
            config.discovery = mode;
            auto t0 = Clock::now();
            PluginRegistry registry(config);
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            plugins = registry.plugins().size();
        }
        results.push_back(
            {mode, median(times), plugins, rss_mb(RUSAGE_SELF), rss_mb(RUSAGE_CHILDREN)});
    }
    fs::remove_all(root);

    std::printf(
        "discovery of %d plugin locations (%d tiny, %d linking libpq+libsqlite3+libssl), "
        "median of %d runs\n",
        locations, (locations + 1) / 2, locations / 2, runs);
    std::printf("  manifest read only (ELF reader, %d files): %.2f ms\n", locations,
                median(elf_ms));
    std::printf("  %-14s %10s %9s %10s %22s %24s\n", "mode", "ready (ms)", "plugins", "vs s_load",
                "peak RSS host (MB)", "peak RSS scanner (MB)");
    for (const auto& r : results)
        std::printf("  %-14s %10.2f %9zu %9.1fx %22.1f %24.1f\n",
                    std::string(discovery_mode_name(r.mode)).c_str(), r.ms, r.plugins,
                    r.ms / results[0].ms, r.host_rss, r.child_rss);
    bool ok = results[0].plugins == static_cast<size_t>(locations) &&
              results[2].plugins == static_cast<size_t>(locations);
    if (!ok) std::printf("ERROR: not every location was discovered\n");
    return ok ? 0 : 1;
}
