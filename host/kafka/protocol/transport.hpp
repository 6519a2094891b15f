// The byte stream under a broker connection: plain TCP here, TLS layered on
// it by tls_transport.hpp. Sockets are non-blocking so that every wait can be
// bounded by a deadline and cut short by a Waker.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "host/kafka/protocol/waker.hpp"

namespace kc::host::kafka::protocol {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// The connection to a broker failed: refused, reset, closed, timed out, or
// the broker sent something this client cannot accept (oversized frame, wrong
// correlation id). The message names the broker.
class ConnectionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What a transport needs before it can make progress.
enum class IoWait { None, Readable, Writable };

class Transport {
  public:
    virtual ~Transport() = default;
    virtual int fd() const = 0;
    // Non-blocking: the bytes moved (> 0), or 0 with `wait` saying what to
    // poll for. Throws ConnectionError on end of stream or an error.
    virtual std::size_t read_some(char* buf, std::size_t n, IoWait& wait) = 0;
    virtual std::size_t write_some(const char* buf, std::size_t n, IoWait& wait) = 0;
    // Input already read from the socket and buffered (TLS records), which
    // poll() on the socket cannot see.
    virtual bool has_buffered_input() const { return false; }
};

// Resolves `host` and connects to the first address that accepts before the
// deadline. `where` ("host:port") names the broker in errors.
std::unique_ptr<Transport> connect_tcp(const std::string& host, int port, Deadline deadline);

enum class WaitResult { Ready, Woken, TimedOut };

// Waits for `fd` to become ready for `wait`, the waker (if any) to fire, or
// the deadline.
WaitResult wait_fd(int fd, IoWait wait, Deadline deadline, const Waker* waker);

}  // namespace kc::host::kafka::protocol
