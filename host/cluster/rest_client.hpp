// The HTTP client one worker uses to call another: followers forwarding
// writes to the leader, and signed internal requests (task configs, fencing).
// Blocking, one connection per request, as Java's RestClient; a deadline
// bounds the whole exchange so a dead or hung peer cannot hold the caller.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kc::host::cluster {

struct HttpRequest {
    std::string method;               // GET POST PUT PATCH DELETE
    std::string url;                  // absolute: http://host:port/path?query or https://...
    std::optional<std::string> body;  // sent as application/json when set
    std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
    int status = 0;
    std::string body;
};

// Trust settings for https peers (the worker's ssl.truststore.* / librdkafka's
// ssl.ca.location). Without a CA file the system's default trust store is used.
struct RestClientTls {
    std::optional<std::string> ca_file;
    bool verify_hostname = true;
};

// A peer that could not be reached or did not answer in time; the message
// names the URL and what failed.
class RestClientError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Sends `request` and returns whatever status the peer answered. Throws
// RestClientError when the URL is malformed, the peer is unreachable, the TLS
// handshake fails, or `timeout` passes.
HttpResponse send_http_request(const HttpRequest& request, std::chrono::milliseconds timeout,
                               const RestClientTls& tls = {});

// Java's forwarding target: `base_url` (a worker's advertised URL, ending in
// '/') joined with `path` (starting with '/'), then "forward=<forward>" and
// the original query parameters (already encoded, without the forward one).
std::string forward_url(std::string_view base_url, std::string_view path, bool forward,
                        std::string_view original_query);

}  // namespace kc::host::cluster
