#include "host/rest/request_forwarding.hpp"

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "host/cluster/rest_client.hpp"
#include "host/rest/rest_error.hpp"
#include "host/rest/url.hpp"

namespace kc::host::rest {
namespace {

// The query without `forward`, encoded again.
std::string other_query(const RestRequest& request) {
    std::string out;
    for (const auto& [k, v] : request.query) {
        if (k == "forward") continue;
        if (!out.empty()) out += '&';
        out += percent_encode_segment(k) + "=" + percent_encode_segment(v);
    }
    return out;
}

// A peer's error body's "message", or the body itself when it has none.
std::string error_message(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.data(), body.size());
    if (!d.HasParseError() && d.IsObject() && d.HasMember("message") && d["message"].IsString())
        return d["message"].GetString();
    return body;
}

}  // namespace

RestResponse forward_request(const RestRequest& request, const RequestTargetError& target) {
    if (!target.forward_url)
        return error_response(409,
                              "Cannot complete request momentarily due to no known leader URL, "
                              "likely because a rebalance was underway.");
    const bool first_hop = !request.has_query("forward");
    const std::string flag = request.query_value("forward");
    if (!first_hop && flag != "true" && flag != "TRUE" && flag != "True")
        return error_response(409,
                              "Cannot complete request because of a conflicting operation (e.g. "
                              "worker rebalance)");
    cluster::HttpRequest out;
    out.method = request.method;
    out.url =
        cluster::forward_url(*target.forward_url, request.path, first_hop, other_query(request));
    if (!request.body.empty()) out.body = request.body;
    for (const char* header :
         {"authorization", "x-connect-authorization", "x-connect-request-signature-algorithm"})
        if (request.headers.count(header)) out.headers.emplace_back(header, request.header(header));
    spdlog::debug("Forwarding {} {} to {}", request.method, request.path, out.url);
    try {
        // Within Java's 90 s REST timeout, so the caller hears why.
        const cluster::HttpResponse answer =
            cluster::send_http_request(out, std::chrono::seconds(80));
        if (answer.status >= 400) return error_response(answer.status, error_message(answer.body));
        return RestResponse{answer.status, answer.body, {}};
    } catch (const cluster::RestClientError& e) {
        return error_response(500,
                              std::string("IO Error trying to forward REST request: ") + e.what());
    }
}

}  // namespace kc::host::rest
