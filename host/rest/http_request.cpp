#include "host/rest/http_request.hpp"

#include <cctype>

#include "host/rest/rest_error.hpp"
#include "host/rest/url.hpp"

namespace kc::host::rest {

RestResponse route_request(HttpRequest& req, const SessionSettings& settings) {
    RestRequest request;
    request.method = std::string(req.method_string());
    request.scheme = settings.scheme;
    request.admin_allowed = settings.admin_allowed;
    request.api_allowed = settings.api_allowed;
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[name] = std::string(field.value());
    }
    request.body = std::move(req.body());
    auto target = split_target(std::string_view(req.target().data(), req.target().size()));
    if (!target) return error_response(400, "Malformed percent-encoding in the query string");
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    return settings.router->dispatch(request);
}

}  // namespace kc::host::rest
