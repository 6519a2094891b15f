// One blocking connection to one broker: size-prefixed frames, request header
// v1 out, response header v0 in, the correlation id checked, responses read in
// request order. On connect it asks ApiVersions so callers can pick versions.
//
// Every wait is bounded by a deadline; waits for a response can also be cut
// short by a Waker, leaving the request in flight so a later receive() picks
// up its response (a JoinGroup may legitimately wait minutes for a rebalance,
// and dropping the connection would lose the member's place in it).
//
// Any error closes the connection; the next send() reconnects.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/protocol/api_versions.hpp"
#include "host/kafka/protocol/security_config.hpp"
#include "host/kafka/protocol/transport.hpp"
#include "host/metrics/network_metrics.hpp"

namespace kc::host::kafka::protocol {

struct BrokerAddress {
    std::string host;
    int port = 0;

    std::string to_string() const { return host + ":" + std::to_string(port); }
    friend bool operator==(const BrokerAddress&, const BrokerAddress&) = default;
};

// Parses bootstrap.servers: "host:port[,host:port...]", spaces allowed, an
// IPv6 host in brackets. Throws std::invalid_argument naming the bad entry.
std::vector<BrokerAddress> parse_broker_list(std::string_view list);

struct ConnectionOptions {
    std::string client_id;
    std::chrono::milliseconds connect_timeout{10000};
    // Guards against a garbage or hostile size prefix; a Connect leader's
    // JoinGroup response carries every member's metadata, a few KiB each.
    std::int32_t max_response_bytes = 100 * 1024 * 1024;
    SecurityConfig security;
    // Where connections, requests and bytes are counted; may be null.
    std::shared_ptr<metrics::NetworkMetrics> network;
};

class BrokerConnection {
  public:
    BrokerConnection(BrokerAddress address, ConnectionOptions options);
    ~BrokerConnection();
    BrokerConnection(const BrokerConnection&) = delete;
    BrokerConnection& operator=(const BrokerConnection&) = delete;

    const BrokerAddress& address() const { return address_; }
    bool connected() const { return transport_ != nullptr; }

    // Connects (TLS and SASL as configured) and reads ApiVersions, unless
    // already connected. Throws ConnectionError (or SecurityError).
    void connect(Deadline deadline);
    // Drops the connection and any request in flight.
    void close();

    // The highest version of `key` in `ours` the broker also speaks; throws
    // ProtocolError naming the API when there is none. Connects if needed.
    std::int16_t version_for(ApiKey key, VersionRange ours, Deadline deadline);

    // Writes a request (connecting first if needed); returns its correlation id.
    std::int32_t send(ApiKey key, std::int16_t version, std::string_view body, Deadline deadline);
    // The response body of the request with `correlation_id`, which must be
    // the oldest in flight. nullopt when `waker` fired first (the request
    // stays in flight). Throws ConnectionError on timeout or a broken stream,
    // after closing the connection.
    std::optional<std::string> receive(std::int32_t correlation_id, Deadline deadline,
                                       const Waker* waker = nullptr);
    // Like receive(), but reaching `wait_until` is not an error either: it
    // returns nullopt and the request stays in flight. The caller enforces the
    // request's own timeout (close() when it has passed).
    std::optional<std::string> await(std::int32_t correlation_id, Deadline wait_until,
                                     const Waker* waker);
    // send() then receive() without a waker.
    std::string round_trip(ApiKey key, std::int16_t version, std::string_view body,
                           Deadline deadline);

    bool has_in_flight() const { return !in_flight_.empty(); }

  private:
    void write_all(std::string_view bytes, Deadline deadline);
    // Runs one read or write, counting its time as I/O time when measured.
    template <class Io>
    std::size_t timed_io(Io io) {
        if (!options_.network) return io();
        const auto start = Clock::now();
        const std::size_t n = io();
        options_.network->io_time(std::chrono::duration<double>(Clock::now() - start).count(),
                                  metrics::now_ms());
        return n;
    }
    enum class FrameWait { Complete, Woken, TimedOut };
    FrameWait fill_frame(Deadline deadline, const Waker* waker);
    std::string take_frame(std::int32_t correlation_id);
    void check_oldest(std::int32_t correlation_id) const;
    [[noreturn]] void fail(const std::string& what);

    BrokerAddress address_;
    ConnectionOptions options_;
    std::unique_ptr<Transport> transport_;
    ApiVersionsResponse versions_;
    std::int32_t next_correlation_id_ = 1;
    struct InFlight {
        std::int32_t correlation_id;
        ApiKey key;
    };
    std::deque<InFlight> in_flight_;
    // Bytes of the response being read (kept when a wait is interrupted).
    std::string read_buffer_;
};

}  // namespace kc::host::kafka::protocol
