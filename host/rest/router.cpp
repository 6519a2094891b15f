#include "host/rest/router.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "host/herder/herder.hpp"
#include "host/rest/request_forwarding.hpp"
#include "host/rest/rest_error.hpp"
#include "host/rest/url.hpp"

namespace kc::host::rest {
namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    if (!path.empty() && path[0] == '/') start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    // "/connectors/" is the same resource as "/connectors"; "/" has no segments.
    if (!out.empty() && out.back().empty()) out.pop_back();
    return out;
}

bool is_param(const std::string& s) {
    return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

// nullopt when the path does not match; throws 400 on a malformed escape in a captured segment.
std::optional<PathParams> match(const std::vector<std::string>& pattern,
                                const std::vector<std::string>& path) {
    if (pattern.size() != path.size()) return std::nullopt;
    PathParams params;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (is_param(pattern[i])) {
            auto decoded = percent_decode(path[i], false);
            if (!decoded)
                throw bad_request("Malformed percent-encoding in path segment '" + path[i] + "'");
            params[pattern[i].substr(1, pattern[i].size() - 2)] = *decoded;
        } else if (pattern[i] != path[i]) {
            return std::nullopt;
        }
    }
    return params;
}

}  // namespace

void Router::add(const std::string& method, const std::string& pattern, Handler handler) {
    auto segments = split_path(pattern);
    bool admin = !segments.empty() && segments[0] == "admin";
    routes_.push_back({method, std::move(segments), admin, std::move(handler)});
}

RestResponse Router::dispatch(const RestRequest& request) const {
    try {
        auto path = split_path(request.path);
        const bool head = request.method == "HEAD";
        std::string allowed;
        for (const auto& route : routes_) {
            if (route.admin ? !request.admin_allowed : !request.api_allowed) continue;
            auto params = match(route.segments, path);
            if (!params) continue;
            // Jersey answers HEAD wherever GET is served, with GET's status and headers.
            if (route.method == request.method || (head && route.method == "GET"))
                return route.handler(request, *params);
            allowed += (allowed.empty() ? "" : ", ") + route.method;
        }
        if (!allowed.empty()) {
            auto response = error_response(405, "HTTP 405 Method Not Allowed");
            response.headers.emplace_back("Allow", allowed);
            return response;
        }
        return error_response(404, "HTTP 404 Not Found");
    } catch (const RequestTargetError& e) {
        return forward_request(request, e);
    } catch (const HerderError& e) {
        if (e.http_status >= 500)
            spdlog::error("REST {} {} failed: {}", request.method, request.path, e.what());
        return error_response(e.http_status, e.what());
    } catch (const std::exception& e) {
        spdlog::error("REST {} {} failed: {}", request.method, request.path, e.what());
        return error_response(500, e.what());
    } catch (...) {
        spdlog::error("REST {} {} failed with an unknown exception", request.method, request.path);
        return error_response(500, "Unexpected error");
    }
}

}  // namespace kc::host::rest
