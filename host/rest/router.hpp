// Maps method + path pattern ("/connectors/{connector}/status") to a handler, answering
// 404 for unknown paths and 405 (with Allow) for known paths with another method, like Jersey.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "host/rest/http_exchange.hpp"

namespace kc::host::rest {

using PathParams = std::map<std::string, std::string>;  // decoded segment values
using Handler = std::function<RestResponse(const RestRequest&, const PathParams&)>;

class Router {
  public:
    // Patterns are absolute; a segment "{name}" captures one decoded path segment.
    // Routes under /admin are served only where RestRequest::admin_allowed.
    void add(const std::string& method, const std::string& pattern, Handler handler);

    // Never throws: exceptions from handlers become error bodies (HerderError keeps its status,
    // anything else is 500).
    RestResponse dispatch(const RestRequest& request) const;

  private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        bool admin = false;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace kc::host::rest
