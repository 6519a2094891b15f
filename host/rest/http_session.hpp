// One HTTP/1.1 connection (keep-alive), plain or TLS.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstddef>
#include <string>

#include "host/rest/router.hpp"

namespace kc::host::rest {

// What a connection needs from its listener. Owned by the server; outlives every session.
struct SessionSettings {
    const Router* router = nullptr;
    std::size_t max_body_bytes = 0;
    std::string scheme;  // "http" or "https"
    bool admin_allowed = true;
    bool api_allowed = true;
};

void start_plain_session(boost::asio::ip::tcp::socket socket, const SessionSettings& settings);
void start_tls_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                       const SessionSettings& settings);

}  // namespace kc::host::rest
