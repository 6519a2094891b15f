// Connector and task status, task configs, and lifecycle (restart, pause, resume, stop).
#include <charconv>

#include "host/rest/rest_error.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {
namespace {

// Jersey answers 404 when an Integer path parameter does not parse.
ConnectorTaskId task_id(const PathParams& p) {
    const std::string& text = p.at("n");
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 0)
        throw not_found("HTTP 404 Not Found");
    return {p.at("c"), n};
}

RestResponse status_response(int code, const ConnectorStateInfo& status) {
    return json_response(code, [&](JsonWriter& w) { write_connector_status(w, status); });
}

}  // namespace

void add_connector_state_routes(Router& router, Herder& herder) {
    router.add("GET", "/connectors/{c}/status", [&herder](const RestRequest&, const PathParams& p) {
        return status_response(200, herder.connectorStatus(p.at("c")));
    });
    router.add("GET", "/connectors/{c}/tasks", [&herder](const RestRequest&, const PathParams& p) {
        auto tasks = herder.taskConfigs(p.at("c"));
        auto secrets = herder.passwordKeys(p.at("c"));
        return json_response(200, [&](JsonWriter& w) { write_task_infos(w, tasks, secrets); });
    });
    // Deprecated in Java 3.x and removed in 4.0 (KIP-970); kept for tools that still call it.
    router.add("GET", "/connectors/{c}/tasks-config",
               [&herder](const RestRequest&, const PathParams& p) {
                   auto tasks = herder.taskConfigs(p.at("c"));
                   auto secrets = herder.passwordKeys(p.at("c"));
                   return json_response(
                       200, [&](JsonWriter& w) { write_tasks_config(w, tasks, secrets); });
               });
    router.add("GET", "/connectors/{c}/tasks/{n}/status",
               [&herder](const RestRequest&, const PathParams& p) {
                   auto state = herder.taskStatus(task_id(p));
                   return json_response(200, [&](JsonWriter& w) { write_task_state(w, state); });
               });
    router.add("POST", "/connectors/{c}/tasks/{n}/restart",
               [&herder](const RestRequest&, const PathParams& p) {
                   herder.restartTask(task_id(p));
                   return RestResponse::empty(204);
               });
    router.add("POST", "/connectors/{c}/restart",
               [&herder](const RestRequest& r, const PathParams& p) {
                   bool include_tasks = query_flag(r, "includeTasks", false);
                   bool only_failed = query_flag(r, "onlyFailed", false);
                   auto status = herder.restartConnector(p.at("c"), include_tasks, only_failed);
                   if (!status) return RestResponse::empty(204);
                   return status_response(202, *status);
               });
    router.add("PUT", "/connectors/{c}/pause", [&herder](const RestRequest&, const PathParams& p) {
        herder.pauseConnector(p.at("c"));
        return RestResponse::empty(202);
    });
    router.add("PUT", "/connectors/{c}/resume", [&herder](const RestRequest&, const PathParams& p) {
        herder.resumeConnector(p.at("c"));
        return RestResponse::empty(202);
    });
    router.add("PUT", "/connectors/{c}/stop", [&herder](const RestRequest&, const PathParams& p) {
        herder.stopConnector(p.at("c"));
        return RestResponse::empty(204);
    });
}

}  // namespace kc::host::rest
