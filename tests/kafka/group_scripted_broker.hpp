// A tiny Kafka-protocol server for tests of the group client: it reads
// request frames (each connection on its own thread, optionally over TLS)
// and answers what a test's handler decides, so that behaviour the librdkafka
// mock cannot show (MEMBER_ID_REQUIRED, fatal errors, held responses, broken
// frames, SASL) can be exercised.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kc::test {

struct ScriptedRequest {
    std::int16_t api_key = 0;
    std::int16_t api_version = 0;
    std::int32_t correlation_id = 0;
    std::string client_id;
    std::string body;
    int connection = 0;  // 1, 2, ... in accept order
};

struct ScriptedReply {
    enum class Kind { Respond, Close, Raw };
    Kind kind = Kind::Respond;
    std::string body;                    // respond: the response body (after the header)
    std::string bytes;                   // raw: written as they are, no framing
    std::int32_t correlation_delta = 0;  // respond: added to the correlation id
    std::chrono::milliseconds delay{0};
    // respond: waited for (with `delay` as the limit when non-zero) before answering.
    std::function<bool()> hold_until;

    static ScriptedReply respond(std::string body) {
        ScriptedReply r;
        r.body = std::move(body);
        return r;
    }
    static ScriptedReply close() {
        ScriptedReply r;
        r.kind = Kind::Close;
        return r;
    }
    static ScriptedReply raw(std::string bytes) {
        ScriptedReply r;
        r.kind = Kind::Raw;
        r.bytes = std::move(bytes);
        return r;
    }
};

using ScriptedHandler = std::function<ScriptedReply(const ScriptedRequest&)>;

class ScriptedBroker {
  public:
    // `tls`: a server context (certificate and key loaded), or null for TCP.
    explicit ScriptedBroker(ScriptedHandler handler, SSL_CTX* tls = nullptr);
    ~ScriptedBroker();
    ScriptedBroker(const ScriptedBroker&) = delete;
    ScriptedBroker& operator=(const ScriptedBroker&) = delete;

    int port() const { return port_; }
    std::string bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }
    std::vector<ScriptedRequest> requests() const;
    int connections() const { return connections_; }
    // Requests of one API seen so far.
    std::vector<ScriptedRequest> requests_of(std::int16_t api_key) const;

  private:
    void accept_loop();
    void serve(int fd, int connection);

    ScriptedHandler handler_;
    SSL_CTX* tls_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::vector<ScriptedRequest> requests_;
    std::vector<int> open_fds_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

// ApiVersions v0 answer offering every API the group client uses, in the
// given JoinGroup range.
std::string api_versions_body(std::int16_t join_min = 0, std::int16_t join_max = 5);
// FindCoordinator v1-2 answer naming 127.0.0.1:<port>.
std::string find_coordinator_body(int port);

}  // namespace kc::test
