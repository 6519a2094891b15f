// GET / (server info) and GET /health (KIP-1017).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "host/rest/routes.hpp"

namespace kc::host::rest {

bool query_flag(const RestRequest& request, const std::string& name, bool fallback) {
    if (!request.has_query(name)) return fallback;
    std::string v = request.query_value(name);
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    return v == "true";
}

void add_root_routes(Router& router, Herder& herder, const ServerInfo& info) {
    router.add("GET", "/", [&herder, info](const RestRequest&, const PathParams&) {
        std::string cluster_id = herder.kafkaClusterId();
        return json_response(200, [&](JsonWriter& w) {
            w.StartObject();
            write_key(w, "version");
            write_string(w, info.version);
            write_key(w, "commit");
            write_string(w, info.commit);
            write_key(w, "kafka_cluster_id");
            write_string(w, cluster_id);
            w.EndObject();
        });
    });
    router.add("GET", "/health", [&herder](const RestRequest&, const PathParams&) {
        WorkerHealth health = herder.health();
        int status = health.status == "healthy" ? 200 : health.status == "starting" ? 503 : 500;
        return json_response(status, [&](JsonWriter& w) {
            w.StartObject();
            write_key(w, "status");
            write_string(w, health.status);
            write_key(w, "message");
            write_string(w, health.message);
            w.EndObject();
        });
    });
}

}  // namespace kc::host::rest
