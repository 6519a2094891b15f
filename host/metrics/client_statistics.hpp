// The Kafka clients' own figures (Java's producer-metrics, consumer-metrics
// and admin-client-metrics groups: connection counts, bytes and requests in
// and out, per client id; and per broker the *-node-metrics groups, tagged
// client-id and node-id), from librdkafka's statistics.
//
// librdkafka hands each client's statistics JSON to its stats callback every
// statistics.interval.ms, on the thread that polls the client (a task's
// thread). The callback parses it there and keeps the few figures the
// metrics need: a client writing to 100 partitions reports some 70 kB, which
// take its thread ~0.1 ms each interval, where 300 of them parsed by one
// scrape took it 44 ms of CPU.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/metrics/attribute.hpp"

namespace kc::host::metrics {

// How often the worker asks its task clients for statistics unless the
// worker's producer./consumer. settings say otherwise.
inline constexpr std::string_view kClientStatisticsIntervalMs = "5000";

class ClientStatistics {
  public:
    // The process's clients: librdkafka's callbacks know no worker.
    static ClientStatistics& instance();

    // The latest statistics of `client` (any handle identity). `group` is the
    // Java group, or empty to take it from the JSON's "type" (producer or
    // consumer).
    void update(const void* client, std::string_view json, std::string_view group = {});
    // The client is closed: its figures go.
    void forget(const void* client);

    // One set of attributes per (group, client id), summed over the handles
    // that share a client id.
    void collect(AttributeSink& out);

    // Bytes and requests in and out.
    struct Traffic {
        double tx_bytes = 0, rx_bytes = 0, tx = 0, rx = 0;
    };
    // One broker connection, under Java's node id.
    struct Node {
        int64_t id = 0;
        Traffic traffic;
        double latency_avg_ms = 0, latency_max_ms = 0;  // librdkafka's rtt window
    };
    // What one statistics document says.
    struct Figures {
        int64_t ts_us = 0;  // librdkafka's monotonic time of the statistics
        double connections = 0, connects = 0, disconnects = 0;
        Traffic traffic;
        std::vector<Node> nodes;  // ordered by id, one per id
    };

  private:
    struct Client {
        std::string_view group, node_group;  // literals: a scrape names them by address
        std::string client_id;
        Figures now, before;  // before.ts_us == 0 until two statistics arrived
    };

    std::mutex mutex_;  // clients_ (the callbacks hold it to store, scrapes to sum)
    std::map<const void*, Client> clients_;
};

}  // namespace kc::host::metrics
