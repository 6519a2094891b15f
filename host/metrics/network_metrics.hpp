// Java's Selector metrics of one client connection pool: what the Connect
// group member reports as `connect-metrics` (client-id tag), and what
// Confluent's Connect dashboard draws in its network panel. Recorded per
// request and per connection (a few a second at most), from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string_view>

#include "host/metrics/attribute.hpp"
#include "host/metrics/sampled_stat.hpp"

namespace kc::host::metrics {

class NetworkMetrics {
  public:
    explicit NetworkMetrics(WindowConfig window);

    void connection_opened(int64_t now);
    void connection_closed(int64_t now);
    void authentication(bool ok, int64_t now);
    // One request of `bytes` written, one response of `bytes` read.
    void request_sent(size_t bytes, int64_t now);
    void response_received(size_t bytes, int64_t now);
    // Time spent reading and writing sockets (Java's io-time), for io-ratio.
    void io_time(double seconds, int64_t now);

    void collect(AttributeSink& out, std::string_view group, std::span<const Tag> tags,
                 int64_t now) const;

  private:
    mutable std::mutex mutex_;  // several connections (threads) record into one
    int64_t open_ = 0;
    Meter created_, closed_, auth_ok_, auth_failed_;
    Meter requests_, responses_, bytes_out_, bytes_in_;
    SampledStat io_seconds_;
};

}  // namespace kc::host::metrics
