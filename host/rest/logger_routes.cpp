// /admin/loggers (KIP-495): read and change log levels of this worker.
#include <spdlog/spdlog.h>

#include "host/rest/logger_levels.hpp"
#include "host/rest/rest_error.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {
namespace {

void write_level(JsonWriter& w, const LoggerLevel& level) {
    w.StartObject();
    write_key(w, "level");
    write_string(w, level.level);
    write_key(w, "last_modified");
    if (level.last_modified)
        w.Int64(*level.last_modified);
    else
        w.Null();
    w.EndObject();
}

RestResponse set_level(LoggerLevels& loggers, Herder& herder, const RestRequest& request,
                       const std::string& name) {
    auto body = parse_body(request.body);
    if (!body.IsObject())
        throw bad_request("Request body must be a JSON object like {\"level\":\"DEBUG\"}");
    auto it = body.FindMember("level");
    if (it == body.MemberEnd() || it->value.IsNull())
        throw bad_request("Desired 'level' parameter was not specified in request.");
    if (!it->value.IsString()) throw bad_request("'level' must be a string such as \"DEBUG\"");
    std::string level = it->value.GetString();
    // Java answers 404 for an unknown level name.
    if (!LoggerLevels::is_level(level)) throw not_found("Invalid log level '" + level + "'.");
    std::string scope = request.query_value("scope", "worker");
    if (scope == "cluster") {
        // Java answers 204 with no body: the level reaches each worker as it
        // reads the cluster's record. A standalone worker is the whole cluster.
        if (!herder.setClusterLoggerLevel(name, level)) loggers.set(name, level);
        return RestResponse::empty(204);
    }
    if (scope != "worker")
        // Quoted and escaped ({:?}): the scope comes from the URL, and a CR/LF in it
        // would forge log lines.
        spdlog::warn("Ignoring unknown logger scope {:?}, applying to this worker only", scope);
    auto changed = loggers.set(name, level);
    return json_response(200, [&](JsonWriter& w) {
        w.StartArray();
        for (const auto& n : *changed)
            write_string(w, n);
        w.EndArray();
    });
}

}  // namespace

void add_logger_routes(Router& router, LoggerLevels& loggers, Herder& herder) {
    router.add("GET", "/admin/loggers", [&loggers](const RestRequest&, const PathParams&) {
        auto all = loggers.all();
        return json_response(200, [&](JsonWriter& w) {
            w.StartObject();
            for (const auto& [name, level] : all) {
                write_key(w, name);
                write_level(w, level);
            }
            w.EndObject();
        });
    });
    router.add("GET", "/admin/loggers/{l}", [&loggers](const RestRequest&, const PathParams& p) {
        auto level = loggers.get(p.at("l"));
        if (!level) throw not_found("Logger " + p.at("l") + " not found.");
        return json_response(200, [&](JsonWriter& w) { write_level(w, *level); });
    });
    router.add("PUT", "/admin/loggers/{l}",
               [&loggers, &herder](const RestRequest& r, const PathParams& p) {
                   return set_level(loggers, herder, r, p.at("l"));
               });
}

}  // namespace kc::host::rest
