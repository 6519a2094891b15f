#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "host/kafka/protocol/transport.hpp"

namespace kc::host::kafka::protocol {
namespace {

class TcpTransport final : public Transport {
  public:
    TcpTransport(int fd, std::string where) : fd_(fd), where_(std::move(where)) {}
    ~TcpTransport() override { ::close(fd_); }

    int fd() const override { return fd_; }

    std::size_t read_some(char* buf, std::size_t n, IoWait& wait) override {
        for (;;) {
            const ssize_t r = ::recv(fd_, buf, n, 0);
            if (r > 0) return static_cast<std::size_t>(r);
            if (r == 0) throw ConnectionError("connection to " + where_ + " closed by the broker");
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                wait = IoWait::Readable;
                return 0;
            }
            throw ConnectionError("reading from " + where_ + ": " + std::strerror(errno));
        }
    }

    std::size_t write_some(const char* buf, std::size_t n, IoWait& wait) override {
        for (;;) {
            const ssize_t r = ::send(fd_, buf, n, MSG_NOSIGNAL);
            if (r >= 0) return static_cast<std::size_t>(r);
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                wait = IoWait::Writable;
                return 0;
            }
            throw ConnectionError("writing to " + where_ + ": " + std::strerror(errno));
        }
    }

  private:
    int fd_;
    std::string where_;
};

int remaining_ms(Deadline deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

// One non-blocking connect attempt; returns the connected fd or -1 with
// `error` set.
int connect_one(const addrinfo& ai, Deadline deadline, std::string& error) {
    const int fd =
        ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
    if (fd < 0) {
        error = std::strerror(errno);
        return -1;
    }
    int rc = ::connect(fd, ai.ai_addr, ai.ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
        if (wait_fd(fd, IoWait::Writable, deadline, nullptr) != WaitResult::Ready) {
            error = "connect timed out";
            ::close(fd);
            return -1;
        }
        int so_error = 0;
        socklen_t len = sizeof so_error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
        rc = so_error == 0 ? 0 : -1;
        errno = so_error;
    }
    if (rc != 0) {
        error = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

}  // namespace

std::unique_ptr<Transport> connect_tcp(const std::string& host, int port, Deadline deadline) {
    const std::string where = host + ":" + std::to_string(port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int gai = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
    if (gai != 0) throw ConnectionError("cannot resolve " + where + ": " + ::gai_strerror(gai));
    std::string error = "no address";
    int fd = -1;
    for (const addrinfo* ai = list; ai != nullptr && fd < 0; ai = ai->ai_next)
        fd = connect_one(*ai, deadline, error);
    ::freeaddrinfo(list);
    if (fd < 0) throw ConnectionError("cannot connect to " + where + ": " + error);
    return std::make_unique<TcpTransport>(fd, where);
}

WaitResult wait_fd(int fd, IoWait wait, Deadline deadline, const Waker* waker) {
    for (;;) {
        pollfd fds[2] = {};
        fds[0].fd = fd;
        fds[0].events = wait == IoWait::Writable ? POLLOUT : POLLIN;
        nfds_t count = 1;
        if (waker != nullptr) {
            fds[1].fd = waker->fd();
            fds[1].events = POLLIN;
            count = 2;
        }
        const int rc = ::poll(fds, count, remaining_ms(deadline));
        if (rc < 0) {
            if (errno == EINTR) continue;
            throw ConnectionError(std::string("poll: ") + std::strerror(errno));
        }
        if (waker != nullptr && (fds[1].revents & POLLIN) != 0) return WaitResult::Woken;
        // An error or hang-up counts as ready: the next read or write reports it.
        if (fds[0].revents != 0) return WaitResult::Ready;
        if (Clock::now() >= deadline) return WaitResult::TimedOut;
    }
}

}  // namespace kc::host::kafka::protocol
