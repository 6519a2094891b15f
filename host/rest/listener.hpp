// Accepts connections on one bound address and hands each to an HTTP session.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>

#include "host/rest/http_session.hpp"

namespace kc::host::rest {

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Binds and listens at once; throws std::runtime_error naming the address on failure.
    // `tls` is null for http. Both `settings` and `tls` must outlive the listener's sessions.
    Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             const SessionSettings& settings, boost::asio::ssl::context* tls);

    void run();    // starts accepting
    void close();  // stops accepting; only while the io_context is not running
    boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }

  private:
    void accept();
    // After a failed accept (out of file descriptors, memory): wait, then accept again.
    void back_off(const boost::system::error_code& ec);

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_timer_;
    std::chrono::milliseconds retry_delay_{0};
    std::chrono::steady_clock::time_point last_warning_{};
    int unreported_failures_ = 0;
    boost::asio::ip::tcp::endpoint local_;
    const SessionSettings& settings_;
    boost::asio::ssl::context* tls_;
};

}  // namespace kc::host::rest
