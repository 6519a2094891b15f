// One HTTP request and its answer, independent of the transport (plain or TLS).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kc::host::rest {

struct RestRequest {
    std::string method;  // "GET", "PUT", ...
    std::string path;    // raw (still percent-encoded), without the query
    std::multimap<std::string, std::string> query;  // decoded
    std::map<std::string, std::string> headers;     // names lower-cased
    std::string body;
    std::string scheme;         // "http" or "https": the listener's
    bool admin_allowed = true;  // whether this listener serves /admin
    bool api_allowed = true;    // false on admin-only listeners

    // Last value of a query parameter, or `fallback`.
    std::string query_value(const std::string& name, const std::string& fallback = "") const {
        auto range = query.equal_range(name);
        return range.first == range.second ? fallback : std::prev(range.second)->second;
    }
    bool has_query(const std::string& name) const { return query.count(name) > 0; }
    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
};

struct RestResponse {
    int status = 200;
    std::string body;  // JSON text; empty for 204
    std::vector<std::pair<std::string, std::string>> headers;

    static RestResponse json(int status, std::string body) { return {status, std::move(body), {}}; }
    static RestResponse empty(int status) { return {status, "", {}}; }
};

}  // namespace kc::host::rest
