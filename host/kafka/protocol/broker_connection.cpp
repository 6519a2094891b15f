#include "host/kafka/protocol/broker_connection.hpp"

#include <charconv>
#include <stdexcept>

#include "host/kafka/protocol/sasl_authenticator.hpp"
#include "host/kafka/protocol/tls_transport.hpp"

namespace kc::host::kafka::protocol {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

BrokerAddress parse_broker(std::string_view entry) {
    const auto bad = [&](const char* why) {
        return std::invalid_argument("bad broker address '" + std::string(entry) + "': " + why);
    };
    std::string_view host;
    std::string_view port;
    if (!entry.empty() && entry.front() == '[') {
        const auto close = entry.find(']');
        if (close == std::string_view::npos || close + 1 >= entry.size() || entry[close + 1] != ':')
            throw bad("expected [ipv6]:port");
        host = entry.substr(1, close - 1);
        port = entry.substr(close + 2);
    } else {
        const auto colon = entry.rfind(':');
        if (colon == std::string_view::npos) throw bad("expected host:port");
        host = entry.substr(0, colon);
        port = entry.substr(colon + 1);
    }
    // Java tolerates a scheme prefix such as PLAINTEXT:// in bootstrap.servers.
    if (const auto scheme = host.find("://"); scheme != std::string_view::npos)
        host = host.substr(scheme + 3);
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (host.empty()) throw bad("empty host");
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 || value > 65535)
        throw bad("port must be 1-65535");
    return {std::string(host), value};
}

}  // namespace

std::vector<BrokerAddress> parse_broker_list(std::string_view list) {
    std::vector<BrokerAddress> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view entry = trim(list.substr(0, comma));
        if (!entry.empty()) out.push_back(parse_broker(entry));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    if (out.empty())
        throw std::invalid_argument("no broker address in '" + std::string(list) + "'");
    return out;
}

BrokerConnection::BrokerConnection(BrokerAddress address, ConnectionOptions options)
    : address_(std::move(address)), options_(std::move(options)) {}

BrokerConnection::~BrokerConnection() {
    close();  // counted as closed
}

void BrokerConnection::close() {
    if (transport_ && options_.network) options_.network->connection_closed(metrics::now_ms());
    transport_.reset();
    in_flight_.clear();
    read_buffer_.clear();
}

void BrokerConnection::fail(const std::string& what) {
    close();
    throw ConnectionError(what);
}

void BrokerConnection::connect(Deadline deadline) {
    if (transport_) return;
    const Deadline connect_deadline = std::min(deadline, Clock::now() + options_.connect_timeout);
    auto tcp = connect_tcp(address_.host, address_.port, connect_deadline);
    transport_ = options_.security.uses_tls()
                     ? start_tls(std::move(tcp), options_.security.tls, address_.host, deadline)
                     : std::move(tcp);
    if (options_.network) options_.network->connection_opened(metrics::now_ms());
    bool authenticating = false;
    try {
        // Java asks ApiVersions before SaslHandshake too; brokers allow it
        // on a connection that has not authenticated yet.
        versions_ = decode_api_versions_response(
            round_trip(ApiKey::ApiVersions, 0, encode_api_versions_request(), deadline));
        if (versions_.error_code != error_code::none)
            fail("ApiVersions to " + address_.to_string() +
                 " failed: " + error_name(versions_.error_code));
        if (options_.security.uses_sasl()) {
            authenticating = true;
            sasl_authenticate(*this, options_.security, deadline);
            if (options_.network) options_.network->authentication(true, metrics::now_ms());
        }
    } catch (...) {
        if (authenticating && options_.network)
            options_.network->authentication(false, metrics::now_ms());
        close();
        throw;
    }
}

std::int16_t BrokerConnection::version_for(ApiKey key, VersionRange ours, Deadline deadline) {
    connect(deadline);
    const auto version = choose_version(versions_, key, ours);
    if (!version) {
        const auto it = versions_.api_keys.find(static_cast<std::int16_t>(key));
        throw ProtocolError("broker " + address_.to_string() + " does not speak " + api_name(key) +
                            " " + std::to_string(ours.min) + "-" + std::to_string(ours.max) +
                            (it == versions_.api_keys.end()
                                 ? std::string(" (it does not offer that API)")
                                 : " (it offers " + std::to_string(it->second.min) + "-" +
                                       std::to_string(it->second.max) + ")"));
    }
    return *version;
}

std::int32_t BrokerConnection::send(ApiKey key, std::int16_t version, std::string_view body,
                                    Deadline deadline) {
    connect(deadline);
    RequestHeader header{key, version, next_correlation_id_, options_.client_id};
    next_correlation_id_ = next_correlation_id_ == 0x7fffffff ? 1 : next_correlation_id_ + 1;
    const std::string frame = encode_request_frame(header, body);
    write_all(frame, deadline);
    if (options_.network) options_.network->request_sent(frame.size(), metrics::now_ms());
    in_flight_.push_back({header.correlation_id, key});
    return header.correlation_id;
}

void BrokerConnection::write_all(std::string_view bytes, Deadline deadline) {
    try {
        while (!bytes.empty()) {
            IoWait wait = IoWait::None;
            const std::size_t n =
                timed_io([&] { return transport_->write_some(bytes.data(), bytes.size(), wait); });
            bytes.remove_prefix(n);
            if (n == 0 &&
                wait_fd(transport_->fd(), wait, deadline, nullptr) == WaitResult::TimedOut)
                fail("timed out writing to " + address_.to_string());
        }
    } catch (const ConnectionError&) {
        close();
        throw;
    }
}

BrokerConnection::FrameWait BrokerConnection::fill_frame(Deadline deadline, const Waker* waker) {
    // The frame is complete once the buffer holds the 4-byte size and that
    // many bytes after it.
    auto wanted = [&]() -> std::size_t {
        if (read_buffer_.size() < 4) return 4;
        WireReader size(std::string_view(read_buffer_).substr(0, 4));
        const std::int32_t n = size.int32("response size");
        if (n < 4 || n > options_.max_response_bytes)
            fail("response of " + std::to_string(n) + " bytes from " + address_.to_string() +
                 " is outside 4.." + std::to_string(options_.max_response_bytes) +
                 " (not a Kafka broker, or a corrupt stream)");
        return 4 + static_cast<std::size_t>(n);
    };
    char chunk[16384];
    try {
        for (std::size_t need = wanted(); read_buffer_.size() < need; need = wanted()) {
            IoWait wait = IoWait::None;
            const std::size_t n = timed_io([&] {
                return transport_->read_some(
                    chunk, std::min(sizeof chunk, need - read_buffer_.size()), wait);
            });
            if (n > 0) {
                read_buffer_.append(chunk, n);
                continue;
            }
            switch (wait_fd(transport_->fd(), wait, deadline, waker)) {
                case WaitResult::Ready:
                    break;
                case WaitResult::Woken:
                    return FrameWait::Woken;
                case WaitResult::TimedOut:
                    return FrameWait::TimedOut;
            }
        }
    } catch (const ConnectionError&) {
        close();
        throw;
    }
    return FrameWait::Complete;
}

void BrokerConnection::check_oldest(std::int32_t correlation_id) const {
    if (!transport_ || in_flight_.empty() || in_flight_.front().correlation_id != correlation_id)
        throw std::logic_error("no request " + std::to_string(correlation_id) +
                               " is the oldest in flight to " + address_.to_string());
}

std::string BrokerConnection::take_frame(std::int32_t correlation_id) {
    WireReader in(std::string_view(read_buffer_).substr(4));
    const std::int32_t got = decode_response_header(in);
    if (got != correlation_id)
        fail("response from " + address_.to_string() + " has correlation id " +
             std::to_string(got) + ", expected " + std::to_string(correlation_id));
    std::string body = read_buffer_.substr(4 + in.position());
    if (options_.network)
        options_.network->response_received(read_buffer_.size(), metrics::now_ms());
    read_buffer_.clear();
    in_flight_.pop_front();
    return body;
}

std::optional<std::string> BrokerConnection::receive(std::int32_t correlation_id, Deadline deadline,
                                                     const Waker* waker) {
    check_oldest(correlation_id);
    switch (fill_frame(deadline, waker)) {
        case FrameWait::Complete:
            return take_frame(correlation_id);
        case FrameWait::Woken:
            return std::nullopt;
        case FrameWait::TimedOut:
            break;
    }
    fail("timed out waiting for the " + api_name(in_flight_.front().key) + " response from " +
         address_.to_string());
}

std::optional<std::string> BrokerConnection::await(std::int32_t correlation_id, Deadline wait_until,
                                                   const Waker* waker) {
    check_oldest(correlation_id);
    if (fill_frame(wait_until, waker) != FrameWait::Complete) return std::nullopt;
    return take_frame(correlation_id);
}

std::string BrokerConnection::round_trip(ApiKey key, std::int16_t version, std::string_view body,
                                         Deadline deadline) {
    return *receive(send(key, version, body, deadline), deadline, nullptr);
}

}  // namespace kc::host::kafka::protocol
