#include "host/rest/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/strand.hpp>
#include <stdexcept>

namespace kc::host::rest {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& io, const tcp::endpoint& endpoint,
                   const SessionSettings& settings, net::ssl::context* tls)
    : io_(io), acceptor_(io), settings_(settings), tls_(tls) {
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
}

void Listener::accept() {
    acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](
                                                      boost::system::error_code ec,
                                                      tcp::socket socket) {
        if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
        if (ec) {
            spdlog::warn("REST listener {}: accept failed: {}", self->local_.port(), ec.message());
        } else if (self->tls_) {
            start_tls_session(std::move(socket), *self->tls_, self->settings_);
        } else {
            start_plain_session(std::move(socket), self->settings_);
        }
        self->accept();
    });
}

}  // namespace kc::host::rest
