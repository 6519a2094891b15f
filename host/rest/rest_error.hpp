// Errors raised by the REST layer itself and their mapping to Java's error body.
#pragma once

#include <string>

#include "host/herder/herder.hpp"
#include "host/rest/http_exchange.hpp"

namespace kc::host::rest {

// The REST layer reports bad requests with the same exception the herder uses, so one
// mapping produces {"error_code": N, "message": "..."} for both.
inline HerderError bad_request(const std::string& message) {
    return HerderError(400, message);
}
inline HerderError not_found(const std::string& message) {
    return HerderError(404, message);
}

// {"error_code": status, "message": message}
RestResponse error_response(int status, const std::string& message);

}  // namespace kc::host::rest
