// The transport-independent half of serving one HTTP request: the message Beast
// parsed becomes the router's RestRequest and is dispatched. Sessions call it
// once a request is read; the HTTP fuzz target calls it on whatever the parser
// accepts, so both exercise the same code.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "host/rest/http_session.hpp"

namespace kc::host::rest {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Never throws. Moves the body out of `request`; a request target whose query
// cannot be decoded answers 400.
RestResponse route_request(HttpRequest& request, const SessionSettings& settings);

}  // namespace kc::host::rest
