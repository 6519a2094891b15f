// Registration of each REST resource's routes, and helpers the resources share.
#pragma once

#include <string>

#include "host/herder/herder.hpp"
#include "host/rest/herder_json.hpp"
#include "host/rest/http_exchange.hpp"
#include "host/rest/router.hpp"

namespace kc::host::rest {

class LoggerLevels;

struct ServerInfo {
    std::string version;
    std::string commit;
};

void add_root_routes(Router& router, Herder& herder, const ServerInfo& info);
void add_connector_routes(Router& router, Herder& herder);         // CRUD and config
void add_connector_state_routes(Router& router, Herder& herder);   // status, tasks, lifecycle
void add_connector_offset_routes(Router& router, Herder& herder);  // offsets and topics
void add_plugin_routes(Router& router, Herder& herder);
void add_logger_routes(Router& router, LoggerLevels& loggers, Herder& herder);
// Endpoints between the workers of a cluster; only for herders that serve them.
void add_internal_routes(Router& router, Herder& herder);

// A JSON response whose body is produced by `fill(writer)`.
template <class Fill>
RestResponse json_response(int status, Fill&& fill) {
    return RestResponse::json(status, json_text(std::forward<Fill>(fill)));
}

// Jersey's Boolean query parsing: "true" in any case is true, anything else false.
bool query_flag(const RestRequest& request, const std::string& name, bool fallback);

}  // namespace kc::host::rest
