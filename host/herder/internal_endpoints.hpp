// What a herder of a distributed cluster adds to the Herder interface: the
// internal endpoints other workers call, and the error that sends a request to
// the worker that can serve it (Java's RequestTargetException).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/herder/herder.hpp"

namespace kc::host {

// The request cannot be served here: the leader (or the connector's owner)
// must serve it. The REST layer forwards it to forward_url when there is one
// (Java's forwarding rules), and answers 409 when no target is known.
class RequestTargetError : public HerderError {
  public:
    RequestTargetError(const std::string& message, std::optional<std::string> forward_url)
        : HerderError(409, message), forward_url(std::move(forward_url)) {}
    std::optional<std::string> forward_url;  // a worker's REST URL, ending in '/'
};

// The KIP-507 headers of an internal request and the exact body they sign.
struct InternalRequestSignature {
    std::optional<std::string> signature;  // X-Connect-Authorization
    std::optional<std::string> algorithm;  // X-Connect-Request-Signature-Algorithm
    std::string body;
};

class InternalEndpoints {
  public:
    virtual ~InternalEndpoints() = default;
    // POST /connectors/{c}/tasks: task configs a follower generated, for the
    // leader to write. Verifies the signature (400/403/503 as Java).
    virtual void putTaskConfigs(const std::string& name,
                                const std::vector<config::ConfigMap>& configs,
                                const InternalRequestSignature& signature) = 0;
};

}  // namespace kc::host
