#include "tests/kafka/group_scripted_broker.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "host/kafka/protocol/wire.hpp"

namespace kc::test {

using kc::host::kafka::protocol::WireReader;
using kc::host::kafka::protocol::WireWriter;

namespace {

// Blocking I/O over a socket or a TLS session on it; false once closed.
struct Stream {
    int fd;
    SSL* ssl;

    bool read_exact(char* out, std::size_t n) const {
        while (n > 0) {
            const long r = ssl ? SSL_read(ssl, out, static_cast<int>(n)) : ::recv(fd, out, n, 0);
            if (r <= 0) return false;
            out += r;
            n -= static_cast<std::size_t>(r);
        }
        return true;
    }
    bool write_all(const std::string& bytes) const {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const long r =
                ssl ? SSL_write(ssl, bytes.data() + done, static_cast<int>(bytes.size() - done))
                    : ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (r <= 0) return false;
            done += static_cast<std::size_t>(r);
        }
        return true;
    }
};

}  // namespace

ScriptedBroker::ScriptedBroker(ScriptedHandler handler, SSL_CTX* tls)
    : handler_(std::move(handler)), tls_(tls) {
    // SSL_write to a client that hung up would raise SIGPIPE in the test.
    ::signal(SIGPIPE, SIG_IGN);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
        throw std::runtime_error("scripted broker: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptedBroker::~ScriptedBroker() {
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    {
        std::lock_guard lock(mutex_);
        for (int fd : open_fds_)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_)
        t.join();
    for (int fd : open_fds_)
        ::close(fd);
    ::close(listen_fd_);
}

std::vector<ScriptedRequest> ScriptedBroker::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<ScriptedRequest> ScriptedBroker::requests_of(std::int16_t api_key) const {
    std::vector<ScriptedRequest> out;
    for (auto& r : requests())
        if (r.api_key == api_key) out.push_back(r);
    return out;
}

void ScriptedBroker::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const int connection = ++connections_;
        std::lock_guard lock(mutex_);
        open_fds_.push_back(fd);
        threads_.emplace_back([this, fd, connection] { serve(fd, connection); });
    }
}

void ScriptedBroker::serve(int fd, int connection) {
    SSL* ssl = nullptr;
    if (tls_ != nullptr) {
        ssl = SSL_new(tls_);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            SSL_free(ssl);
            return;
        }
    }
    const Stream stream{fd, ssl};
    for (;;) {
        char size_bytes[4];
        if (!stream.read_exact(size_bytes, 4)) break;
        const std::int32_t size = WireReader(std::string_view(size_bytes, 4)).int32("size");
        if (size < 0 || size > (1 << 24)) break;
        std::string frame(static_cast<std::size_t>(size), '\0');
        if (!stream.read_exact(frame.data(), frame.size())) break;
        WireReader in(frame);
        ScriptedRequest request;
        request.api_key = in.int16("api_key");
        request.api_version = in.int16("api_version");
        request.correlation_id = in.int32("correlation_id");
        request.client_id = in.nullable_string("client_id").value_or("");
        request.body = frame.substr(in.position());
        request.connection = connection;
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        ScriptedReply reply = handler_(request);
        if (reply.hold_until) {
            const auto limit = std::chrono::steady_clock::now() +
                               (reply.delay.count() > 0 ? reply.delay : std::chrono::hours(1));
            while (!reply.hold_until() && !stopping_ && std::chrono::steady_clock::now() < limit)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        } else if (reply.delay.count() > 0) {
            std::this_thread::sleep_for(reply.delay);
        }
        if (reply.kind == ScriptedReply::Kind::Close) break;
        if (reply.kind == ScriptedReply::Kind::Raw) {
            if (!stream.write_all(reply.bytes)) break;
            continue;
        }
        WireWriter out;
        out.int32(static_cast<std::int32_t>(4 + reply.body.size()));
        out.int32(request.correlation_id + reply.correlation_delta);
        out.raw(reply.body);
        if (!stream.write_all(out.bytes())) break;
    }
    if (ssl != nullptr) SSL_free(ssl);
    ::shutdown(fd, SHUT_RDWR);
}

std::string api_versions_body(std::int16_t join_min, std::int16_t join_max) {
    WireWriter out;
    out.int16(0);
    const std::int16_t apis[][3] = {{10, 0, 2}, {11, join_min, join_max},
                                    {12, 0, 3}, {13, 0, 1},
                                    {14, 0, 3}, {17, 0, 1},
                                    {18, 0, 2}, {36, 0, 1}};
    out.array_length(static_cast<std::int32_t>(std::size(apis)));
    for (const auto& a : apis) {
        out.int16(a[0]);
        out.int16(a[1]);
        out.int16(a[2]);
    }
    return out.take();
}

std::string find_coordinator_body(int port) {
    WireWriter out;
    out.int32(0);
    out.int16(0);
    out.nullable_string(std::nullopt);
    out.int32(1);
    out.string("127.0.0.1");
    out.int32(port);
    return out.take();
}

}  // namespace kc::test
