#include "host/rest/listener.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/strand.hpp>
#include <stdexcept>

namespace kc::host::rest {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& io, const tcp::endpoint& endpoint,
                   const SessionSettings& settings, net::ssl::context* tls)
    : io_(io), acceptor_(io), retry_timer_(io), settings_(settings), tls_(tls) {
    boost::system::error_code ec;
    auto fail = [&](const char* step) {
        throw std::runtime_error("REST listener " + endpoint.address().to_string() + ":" +
                                 std::to_string(endpoint.port()) + ": cannot " + step + ": " +
                                 ec.message());
    };
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) fail("open socket");
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) fail("set SO_REUSEADDR");
    acceptor_.bind(endpoint, ec);
    if (ec) fail("bind");
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) fail("listen");
    local_ = acceptor_.local_endpoint(ec);
    if (ec) fail("read the bound address");
}

void Listener::run() {
    accept();
}

void Listener::close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    retry_timer_.cancel();
}

void Listener::accept() {
    acceptor_.async_accept(
        net::make_strand(io_),
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
            if (ec) return self->back_off(ec);
            self->retry_delay_ = std::chrono::milliseconds(0);
            if (self->tls_) {
                start_tls_session(std::move(socket), *self->tls_, self->settings_);
            } else {
                start_plain_session(std::move(socket), self->settings_);
            }
            self->accept();
        });
}

// Accepting again at once after EMFILE fails again at once: the loop spun at full CPU and
// logged 175,000 lines a second. The connection waits in the backlog meanwhile; the delay
// doubles up to a second, and the warning is written at most every 10 s with a count.
void Listener::back_off(const boost::system::error_code& ec) {
    using namespace std::chrono;
    constexpr auto kFirstDelay = milliseconds(10), kMaxDelay = milliseconds(1000);
    constexpr auto kWarnEvery = seconds(10);
    retry_delay_ = std::clamp(retry_delay_ * 2, kFirstDelay, kMaxDelay);
    ++unreported_failures_;
    const auto now = steady_clock::now();
    if (now - last_warning_ >= kWarnEvery) {
        spdlog::warn("REST listener {}: accept failed {} time(s): {}; retrying every {} ms at most",
                     local_.port(), unreported_failures_, ec.message(), retry_delay_.count());
        unreported_failures_ = 0;
        last_warning_ = now;
    }
    retry_timer_.expires_after(retry_delay_);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (wait_ec || !self->acceptor_.is_open()) return;
        self->accept();
    });
}

}  // namespace kc::host::rest
