#include "host/cluster/rest_client.hpp"

#include <openssl/ssl.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace kc::host::cluster {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct ParsedUrl {
    bool https = false;
    std::string host;
    std::string port;
    std::string target;  // path and query
};

ParsedUrl parse_url(std::string_view url) {
    ParsedUrl out;
    std::string_view rest;
    if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else if (url.starts_with("https://")) {
        out.https = true;
        rest = url.substr(8);
    } else {
        throw RestClientError("cannot send a request to '" + std::string(url) +
                              "': only http:// and https:// URLs are supported");
    }
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (authority.starts_with('[')) {  // [v6]:port
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos)
            throw RestClientError("malformed host in URL '" + std::string(url) + "'");
        out.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (authority.starts_with(':')) out.port = std::string(authority.substr(1));
    } else {
        const std::size_t colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
    }
    if (out.host.empty()) throw RestClientError("URL '" + std::string(url) + "' has no host");
    if (out.port.empty()) out.port = out.https ? "443" : "80";
    return out;
}

http::verb verb_of(std::string_view method) {
    const http::verb v = http::string_to_verb(beast::string_view(method.data(), method.size()));
    if (v == http::verb::unknown)
        throw RestClientError("unknown HTTP method '" + std::string(method) + "'");
    return v;
}

http::request<http::string_body> build(const HttpRequest& request, const ParsedUrl& url) {
    http::request<http::string_body> req{verb_of(request.method), url.target, 11};
    req.set(http::field::host, url.host + ":" + url.port);
    // Java's RestClient identifies itself this way; some proxies key on it.
    req.set(http::field::user_agent, "kafka-connect");
    req.set(http::field::accept, "application/json");
    for (const auto& [name, value] : request.headers)
        req.set(name, value);
    if (request.body) {
        req.set(http::field::content_type, "application/json");
        req.body() = *request.body;
    }
    req.prepare_payload();
    return req;
}

// Beast's timeouts apply to asynchronous operations only, so the exchange is
// an asynchronous chain run to completion on a private io_context: the
// stream's expiry then cancels whichever step is pending at the deadline.
template <typename Stream>
class Exchange {
  public:
    Exchange(Stream& stream, http::request<http::string_body>& req) : stream_(stream), req_(req) {
        parser_.body_limit(64 * 1024 * 1024);
    }

    void start_write() {
        http::async_write(stream_, req_, [this](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec, "sending the request");
            http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec2, std::size_t) {
                if (ec2) return fail(ec2, "reading the answer");
                done_ = true;
            });
        });
    }

    void fail(beast::error_code ec, const char* stage) {
        error_ = ec;
        stage_ = stage;
    }

    bool done() const { return done_; }
    const beast::error_code& error() const { return error_; }
    const char* stage() const { return stage_; }
    HttpResponse response() {
        return HttpResponse{static_cast<int>(parser_.get().result_int()), parser_.get().body()};
    }

  private:
    Stream& stream_;
    http::request<http::string_body>& req_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    bool done_ = false;
    beast::error_code error_;
    const char* stage_ = "";
};

}  // namespace

HttpResponse send_http_request(const HttpRequest& request, std::chrono::milliseconds timeout,
                               const RestClientTls& tls) {
    const ParsedUrl url = parse_url(request.url);
    http::request<http::string_body> req = build(request, url);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string what = request.method + " " + request.url;
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::error_code ec;
    // Resolution is synchronous; loopback and cluster-internal names resolve
    // fast, and the deadline still bounds connecting, writing and reading.
    const auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec)
        throw RestClientError(what + ": cannot resolve " + url.host + " (" + ec.message() + ")");

    auto finish = [&](auto& exchange) {
        io.run();
        if (exchange.done()) return exchange.response();
        const bool timed_out = exchange.error() == beast::error::timeout;
        throw RestClientError(
            what + (timed_out ? ": no answer within " + std::to_string(timeout.count()) + " ms"
                              : std::string(": failed while ") + exchange.stage() + " (" +
                                    exchange.error().message() + ")"));
    };

    if (!url.https) {
        beast::tcp_stream tcp(io);
        Exchange<beast::tcp_stream> exchange(tcp, req);
        tcp.expires_at(deadline);
        tcp.async_connect(endpoints, [&](beast::error_code e, const auto&) {
            if (e) return exchange.fail(e, "connecting");
            exchange.start_write();
        });
        return finish(exchange);
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    try {
        if (tls.ca_file)
            ctx.load_verify_file(*tls.ca_file);
        else
            ctx.set_default_verify_paths();
    } catch (const std::exception& e) {
        throw RestClientError(what + ": cannot load the trusted certificates (" + e.what() + ")");
    }
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
        throw RestClientError(what + ": cannot set the TLS server name");
    if (tls.verify_hostname)
        stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    Exchange<beast::ssl_stream<beast::tcp_stream>> exchange(stream, req);
    beast::get_lowest_layer(stream).expires_at(deadline);
    beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code e, const auto&) {
        if (e) return exchange.fail(e, "connecting");
        stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code e2) {
            if (e2) return exchange.fail(e2, "the TLS handshake");
            exchange.start_write();
        });
    });
    return finish(exchange);
}

std::string forward_url(std::string_view base_url, std::string_view path, bool forward,
                        std::string_view original_query) {
    std::string url(base_url);
    if (url.ends_with('/') && path.starts_with('/')) url.pop_back();
    url += path;
    url += forward ? "?forward=true" : "?forward=false";
    if (!original_query.empty()) {
        url += '&';
        url += original_query;
    }
    return url;
}

}  // namespace kc::host::cluster
