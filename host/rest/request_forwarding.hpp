// Java's HerderRequestHandler.completeOrForwardRequest: a request this worker
// cannot serve (it is not the leader, or not the owner of what is asked) is
// sent on to the worker that can, and that worker's answer is passed back.
#pragma once

#include "host/herder/internal_endpoints.hpp"
#include "host/rest/http_exchange.hpp"

namespace kc::host::rest {

// Forwards `request` per Java's rules: no target known → 409; a request that
// was already forwarded (forward=false) → 409; otherwise the same method,
// path, body and query with forward=true on the first hop (forward=false on
// the second), copying the Authorization and internal-signature headers.
RestResponse forward_request(const RestRequest& request, const RequestTargetError& target);

}  // namespace kc::host::rest
