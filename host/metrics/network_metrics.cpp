#include "host/metrics/network_metrics.hpp"

#include <string>

namespace kc::host::metrics {

NetworkMetrics::NetworkMetrics(WindowConfig window)
    : created_(window),
      closed_(window),
      auth_ok_(window),
      auth_failed_(window),
      requests_(window),
      responses_(window),
      bytes_out_(window),
      bytes_in_(window),
      io_seconds_(window) {}

void NetworkMetrics::connection_opened(int64_t now) {
    std::lock_guard lock(mutex_);
    ++open_;
    created_.record(1, now);
}

void NetworkMetrics::connection_closed(int64_t now) {
    std::lock_guard lock(mutex_);
    --open_;
    closed_.record(1, now);
}

void NetworkMetrics::authentication(bool ok, int64_t now) {
    std::lock_guard lock(mutex_);
    (ok ? auth_ok_ : auth_failed_).record(1, now);
}

void NetworkMetrics::request_sent(size_t bytes, int64_t now) {
    std::lock_guard lock(mutex_);
    requests_.record(1, now);
    bytes_out_.record(double(bytes), now);
}

void NetworkMetrics::response_received(size_t bytes, int64_t now) {
    std::lock_guard lock(mutex_);
    responses_.record(1, now);
    bytes_in_.record(double(bytes), now);
}

void NetworkMetrics::io_time(double seconds, int64_t now) {
    std::lock_guard lock(mutex_);
    io_seconds_.record(seconds, now);
}

void NetworkMetrics::collect(AttributeSink& out, std::string_view group, std::span<const Tag> tags,
                             int64_t now) const {
    std::lock_guard lock(mutex_);
    auto meter = [&](std::string_view name, const Meter& m) {
        const std::string n(name);
        emit(out, group, tags, n + "-total", m.total());
        emit(out, group, tags, n + "-rate", m.rate(now));
    };
    emit(out, group, tags, "connection-count", double(open_));
    meter("connection-creation", created_);
    meter("connection-close", closed_);
    meter("successful-authentication", auth_ok_);
    meter("failed-authentication", auth_failed_);
    meter("request", requests_);
    meter("response", responses_);
    meter("outgoing-byte", bytes_out_);
    meter("incoming-byte", bytes_in_);
    // Java: every request sent and response received is a network operation.
    emit(out, group, tags, "network-io-total", requests_.total() + responses_.total());
    emit(out, group, tags, "network-io-rate", requests_.rate(now) + responses_.rate(now));
    // Seconds of I/O per second.
    emit(out, group, tags, "io-ratio", io_seconds_.rate(now));
}

}  // namespace kc::host::metrics
