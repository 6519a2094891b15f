#include "host/rest/http_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>

#include "host/rest/access_log.hpp"
#include "host/rest/http_request.hpp"
#include "host/rest/rest_error.hpp"

namespace kc::host::rest {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr auto kDrainTimeout = std::chrono::seconds(2);

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  public:
    template <class... Args>
    Session(const SessionSettings& settings, Args&&... args)
        : settings_(settings), stream_(std::forward<Args>(args)...) {
        beast::error_code ec;
        auto ep = tcp_layer().socket().remote_endpoint(ec);
        remote_ = ec ? "-" : ep.address().to_string();
    }

    void start() {
        if constexpr (kTls) {
            tcp_layer().expires_after(kIdleTimeout);
            stream_.async_handshake(net::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        if (ec) {
                                            spdlog::debug("TLS handshake with {} failed: {}",
                                                          self->remote_, ec.message());
                                            return;
                                        }
                                        self->read_header();
                                    });
        } else {
            read_header();
        }
    }

  private:
    beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }

    void read_header() {
        parser_.emplace();
        parser_->body_limit(settings_.max_body_bytes);
        tcp_layer().expires_after(kIdleTimeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = this->shared_from_this()](
                                    beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(beast::error_code ec) {
        started_ = Clock::now();
        if (ec) return on_read_error(ec);
        auto& req = parser_->get();
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            // Lets clients such as curl send the body now instead of after a delay.
            auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                           req.version());
            http::async_write(
                stream_, *cont,
                [self = this->shared_from_this(), cont](beast::error_code ec, std::size_t) {
                    if (ec) return self->close();
                    self->read_body();
                });
            return;
        }
        read_body();
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return self->on_read_error(ec);
                             self->handle();
                         });
    }

    void on_read_error(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
            ec.category() != http::make_error_code(http::error::end_of_stream).category())
            return close();  // the peer went away or timed out: nothing to answer
        RestResponse response;
        if (ec == http::error::body_limit)
            response = error_response(413, "Request body is larger than the limit of " +
                                               std::to_string(settings_.max_body_bytes) +
                                               " bytes (rest.request.max.bytes)");
        else if (ec == http::error::header_limit)
            response = error_response(431, "Request header fields too large");
        else
            response = error_response(400, "Malformed HTTP request: " + ec.message());
        // The rest of the request cannot be framed, so the connection ends after this answer.
        auto& req = parser_->get();
        send(std::move(response), std::string(req.method_string()), std::string(req.target()),
             false);
    }

    void handle() {
        auto& req = parser_->get();
        RestResponse response = route_request(req, settings_);
        send(std::move(response), std::string(req.method_string()), std::string(req.target()),
             req.keep_alive());
    }

    void send(RestResponse response, std::string method, std::string target, bool keep_alive) {
        auto& req = parser_->get();
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(response.status), req.version() ? req.version() : 11);
        if (!response.body.empty()) res->set(http::field::content_type, "application/json");
        for (const auto& [name, value] : response.headers)
            res->set(name, value);
        res->body() = std::move(response.body);
        res->keep_alive(keep_alive);
        res->prepare_payload();
        // A HEAD answer announces the length of what GET would send, and sends none of it.
        if (method == "HEAD") res->body().clear();
        AccessRecord record{remote_,
                            std::move(method),
                            std::move(target),
                            req.version() ? req.version() : 11u,
                            response.status,
                            res->body().size(),
                            std::string(req[http::field::referer]),
                            std::string(req[http::field::user_agent]),
                            0};
        tcp_layer().expires_after(kIdleTimeout);
        http::async_write(stream_, *res,
                          [self = this->shared_from_this(), res, record = std::move(record),
                           keep_alive](beast::error_code ec, std::size_t) mutable {
                              record.millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  Clock::now() - self->started_)
                                                  .count();
                              log_access(record);
                              if (ec) return self->close();
                              if (keep_alive) return self->read_header();
                              self->finish();
                          });
    }

    // Ends a connection whose request may not have been read completely: stop sending, then
    // read and discard what the peer still sends for a moment, so closing does not reset the
    // connection before the peer has read our answer.
    void finish() {
        beast::error_code ec;
        if constexpr (!kTls) {
            tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ec);
            drain();
        } else {
            tcp_layer().expires_after(kDrainTimeout);
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
        }
    }

    void drain() {
        tcp_layer().expires_after(kDrainTimeout);
        tcp_layer().async_read_some(net::buffer(scratch_), [self = this->shared_from_this()](
                                                               beast::error_code ec, std::size_t) {
            if (!ec) self->drain();
        });
    }

    void close() {
        beast::error_code ec;
        tcp_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
        tcp_layer().close();
    }

    const SessionSettings& settings_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
    Clock::time_point started_ = Clock::now();
    char scratch_[4096];
};

}  // namespace

void start_plain_session(tcp::socket socket, const SessionSettings& settings) {
    std::make_shared<Session<beast::tcp_stream>>(settings, std::move(socket))->start();
}

void start_tls_session(tcp::socket socket, net::ssl::context& tls,
                       const SessionSettings& settings) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(settings, std::move(socket),
                                                                    tls)
        ->start();
}

}  // namespace kc::host::rest
