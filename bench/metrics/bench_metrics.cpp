// Scrape time of a worker running 300 tasks (150 source, 150 sink, every
// metric recorded), median of 1,000 scrapes, beside the scrape of a worker
// with no connector (process metrics and worker groups only) in the same run;
// and the resident set before and after those 1,000 scrapes. Then the same
// 300 tasks with their clients' statistics, each client's changed since the
// last scrape (Prometheus scraping every 15 s, the clients reporting every
// 5 s): real librdkafka statistics of a producer writing to a topic of 100
// partitions on the embedded broker, one copy per client id.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/rd_conf.hpp"
#include "host/metrics/client_statistics.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/metrics/prometheus_naming.hpp"

using namespace kc::host;
using namespace kc::host::metrics;

namespace {

long rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Medians {
    double wall_ms, cpu_ms;
};

// Wall-clock and CPU time of the scraping thread: on a loaded machine the
// wall clock includes the time others ran, the CPU time is the scrape's own.
Medians median_ms(const MetricsRegistry& r, int scrapes, size_t& bytes,
                  const std::function<void()>& before_each = {}) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < scrapes; ++i) {
        if (before_each) before_each();
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = thread_cpu_ms();
        bytes = render_prometheus(r, NamingScheme::Strimzi).size();
        cpu.push_back(thread_cpu_ms() - c0);
        wall.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// The statistics librdkafka writes for a producer that has written to every
// partition of a 100-partition topic, client id "bench-client-0000".
std::string producer_statistics() {
    kafka::EmbeddedBroker broker;
    broker.create_topic("t", 100);
    static std::string captured;
    kafka::RdConfPtr conf = kafka::make_rd_conf({{"bootstrap.servers", broker.bootstrap_servers()},
                                                 {"client.id", "bench-client-0000"},
                                                 {"statistics.interval.ms", "200"},
                                                 {"linger.ms", "0"}});
    rd_kafka_conf_set_stats_cb(conf.get(), [](rd_kafka_t*, char* json, size_t len, void*) {
        captured.assign(json, len);
        return 0;
    });
    kafka::RdKafkaPtr rk = kafka::make_rd_kafka(RD_KAFKA_PRODUCER, std::move(conf));
    for (int32_t p = 0; p < 100; ++p)
        rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC("t"), RD_KAFKA_V_PARTITION(p),
                          RD_KAFKA_V_VALUE(const_cast<char*>("x"), 1), RD_KAFKA_V_END);
    rd_kafka_flush(rk.get(), 10000);
    captured.clear();
    while (captured.empty())
        rd_kafka_poll(rk.get(), 100);
    return captured;
}

}  // namespace

int main() {
    constexpr int kTasks = 300, kScrapes = 1000;
    MetricsRegistry idle(WindowConfig{});
    MetricsRegistry busy(WindowConfig{});
    std::vector<std::shared_ptr<TaskMetrics>> tasks;
    const int64_t now = now_ms();
    for (int i = 0; i < kTasks; ++i) {
        const std::string name = "connector-" + std::to_string(i / 2);
        const bool sink = i % 2;
        busy.describe_connector(name, {"org.example.Connector", sink ? "sink" : "source", "1.0"});
        busy.connector_state(name, ConnectState::Running);
        busy.task_state({name, i % 2}, ConnectState::Running);
        auto t = busy.add_task({name, i % 2}, sink);
        t->set_state(ConnectState::Running);
        t->record_poll(100, 2, now);
        t->record_write(100, now);
        t->record_read(100, now);
        t->record_send(100, 3, now);
        t->record_commit(true, 4, now);
        tasks.push_back(t);
    }
    size_t idle_bytes = 0, busy_bytes = 0;
    const Medians idle_ms = median_ms(idle, kScrapes, idle_bytes);
    median_ms(busy, 10, busy_bytes);  // warm-up
    const long rss_before = rss_kb();
    const Medians busy_ms = median_ms(busy, kScrapes, busy_bytes);
    const long rss_after = rss_kb();
    std::printf("scrape, idle worker (baseline): median %.3f ms (CPU %.3f ms), %zu bytes\n",
                idle_ms.wall_ms, idle_ms.cpu_ms, idle_bytes);
    std::printf(
        "scrape, %d tasks: median %.3f ms (CPU %.3f ms), %zu bytes (%.1fx baseline; target < 10 "
        "ms)\n",
        kTasks, busy_ms.wall_ms, busy_ms.cpu_ms, busy_bytes, busy_ms.wall_ms / idle_ms.wall_ms);
    std::printf("RSS across %d scrapes: %ld kB -> %ld kB (growth %ld kB)\n", kScrapes, rss_before,
                rss_after, rss_after - rss_before);

    // The tasks' clients: statistics fresh before every scrape.
    const std::string json = producer_statistics();
    const size_t id_at = json.find("bench-client-0000", json.find("\"client_id\"")) +
                         std::string("bench-client-").size();
    std::vector<std::string> statistics(kTasks, json);
    std::vector<int> clients(kTasks);
    for (int i = 0; i < kTasks; ++i)
        statistics[i].replace(id_at, 4, std::to_string(10000 + i).substr(1));
    double update_ms = 0;  // what the clients' threads pay, parsing as the statistics arrive
    int updates = 0;
    auto refresh = [&] {
        const double c0 = thread_cpu_ms();
        for (int i = 0; i < kTasks; ++i)
            ClientStatistics::instance().update(&clients[i], statistics[i]);
        update_ms += thread_cpu_ms() - c0;
        updates += kTasks;
    };
    constexpr int kClientScrapes = 1000;
    median_ms(busy, 3, busy_bytes, refresh);  // warm-up
    const long rss_clients_before = rss_kb();
    const Medians clients_ms = median_ms(busy, kClientScrapes, busy_bytes, refresh);
    const long rss_clients_after = rss_kb();
    std::printf(
        "scrape, %d tasks and their clients' fresh statistics (%zu bytes each): median %.3f ms "
        "(CPU %.3f ms), %zu bytes (%.1fx baseline; target < 10 ms)\n",
        kTasks, json.size(), clients_ms.wall_ms, clients_ms.cpu_ms, busy_bytes,
        clients_ms.wall_ms / idle_ms.wall_ms);
    std::printf("RSS across %d such scrapes: %ld kB -> %ld kB (growth %ld kB)\n", kClientScrapes,
                rss_clients_before, rss_clients_after, rss_clients_after - rss_clients_before);
    std::printf("taking one client's statistics (its own thread, each interval): CPU %.3f ms\n",
                update_ms / updates);
    return 0;
}
