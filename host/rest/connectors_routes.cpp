// /connectors: list, create, read, delete, and the connector's config.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "host/rest/rest_error.hpp"
#include "host/rest/routes.hpp"
#include "host/rest/url.hpp"
#include "kc/java_text.hpp"

namespace kc::host::rest {
namespace {

// Java injects the URL's name into the config, and refuses a body naming another connector.
void check_and_put_name(const std::string& name, config::ConfigMap& config) {
    const std::string* given = config.find("name");
    if (given && *given != name)
        throw bad_request("Connector name configuration (" + *given +
                          ") doesn't match connector name in the URL (" + name + ")");
    config.set("name", name);
}

// Responses show PASSWORD values as "[hidden]"; a client that sends a config it read back
// (GET, edit, PUT) must not overwrite the secret with that marker, so it is swapped back to
// the stored value.
void restore_hidden(Herder& herder, const std::string& name, config::ConfigMap& config) {
    bool any = std::any_of(config.begin(), config.end(),
                           [](const auto& kv) { return kv.second == kHiddenValue; });
    if (!any) return;
    auto secrets = herder.passwordKeys(name);
    config::ConfigMap stored;
    try {
        stored = herder.connectorConfig(name);
    } catch (const HerderError&) {
        return;
    }
    config::ConfigMap restored;
    for (const auto& [k, v] : config) {
        const std::string* old = stored.find(k);
        restored.set(k, v == kHiddenValue && secrets.count(k) && old ? *old : v);
    }
    config = std::move(restored);
}

std::optional<TargetState> parse_initial_state(const rapidjson::Value& body) {
    auto it = body.FindMember("initial_state");
    if (it == body.MemberEnd() || it->value.IsNull()) return std::nullopt;
    if (!it->value.IsString())
        throw bad_request("'initial_state' must be a string: RUNNING, PAUSED or STOPPED");
    std::string v = it->value.GetString();
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::toupper(c); });
    if (v == "RUNNING") return TargetState::Started;
    if (v == "PAUSED") return TargetState::Paused;
    if (v == "STOPPED") return TargetState::Stopped;
    throw bad_request("Invalid 'initial_state' '" + std::string(it->value.GetString()) +
                      "': must be RUNNING, PAUSED or STOPPED");
}

// Absolute URI of the new connector, as JAX-RS resolves Response.created().
std::string location_of(const RestRequest& request, const std::string& name) {
    std::string path = "/connectors/" + percent_encode_segment(name);
    std::string host = request.header("host");
    return host.empty() ? path : request.scheme + "://" + host + path;
}

RestResponse connector_info_response(Herder& herder, int status, const ConnectorInfo& info) {
    auto secrets = herder.passwordKeys(info.name);
    return json_response(status, [&](JsonWriter& w) { write_connector_info(w, info, secrets); });
}

RestResponse list_connectors(Herder& herder, const RestRequest& request) {
    auto names = herder.connectors();
    if (!request.has_query("expand"))
        return json_response(200, [&](JsonWriter& w) {
            w.StartArray();
            for (const auto& n : names)
                write_string(w, n);
            w.EndArray();
        });
    auto range = request.query.equal_range("expand");
    bool want_status = false, want_info = false;
    for (auto it = range.first; it != range.second; ++it) {
        if (it->second == "status")
            want_status = true;
        else if (it->second == "info")
            want_info = true;
        else  // quoted and escaped ({:?}): from the URL, a CR/LF would forge a log line
            spdlog::info("Ignoring unknown expansion type {:?}", it->second);
    }
    return json_response(200, [&](JsonWriter& w) {
        w.StartObject();
        for (const auto& n : names) {
            // A connector deleted while we list it is left out, as in Java.
            std::string entry;
            try {
                entry = json_text([&](JsonWriter& e) {
                    e.StartObject();
                    if (want_status) {
                        write_key(e, "status");
                        write_connector_status(e, herder.connectorStatus(n));
                    }
                    if (want_info) {
                        write_key(e, "info");
                        write_connector_info(e, herder.connectorInfo(n), herder.passwordKeys(n));
                    }
                    e.EndObject();
                });
            } catch (const HerderError& err) {
                if (err.http_status != 404) throw;
                continue;
            }
            write_key(w, n);
            w.RawValue(entry.data(), entry.size(), rapidjson::kObjectType);
        }
        w.EndObject();
    });
}

RestResponse create_connector(Herder& herder, const RestRequest& request) {
    auto body = parse_body(request.body, true);
    if (!body.IsObject())
        throw bad_request(std::string("Request body must be a JSON object, not ") +
                          json_type_name(body));
    std::string name;
    if (auto it = body.FindMember("name"); it != body.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsString()) throw bad_request("'name' must be a string");
        name = trim(std::string_view(it->value.GetString(), it->value.GetStringLength()));
    }
    if (name.empty()) throw bad_request("Connector name must be specified and not empty");
    auto cfg = body.FindMember("config");
    if (cfg == body.MemberEnd() || cfg->value.IsNull())
        throw bad_request("Request body must contain the connector's 'config'");
    config::ConfigMap config = config_from_json(cfg->value, "'config'");
    check_and_put_name(name, config);
    auto initial_state = parse_initial_state(body);
    auto result = herder.putConnectorConfig(name, config, false, initial_state);
    auto response = connector_info_response(herder, 201, result.info);
    response.headers.emplace_back("Location", location_of(request, name));
    return response;
}

RestResponse put_config(Herder& herder, const RestRequest& request, const std::string& name) {
    auto body = parse_body(request.body, true);
    config::ConfigMap config = config_from_json(body, "Request body");
    check_and_put_name(name, config);
    restore_hidden(herder, name, config);
    auto result = herder.putConnectorConfig(name, config, true, std::nullopt);
    auto response = connector_info_response(herder, result.created ? 201 : 200, result.info);
    if (result.created) response.headers.emplace_back("Location", location_of(request, name));
    return response;
}

RestResponse patch_config(Herder& herder, const RestRequest& request, const std::string& name) {
    auto body = parse_body(request.body, true);
    ConfigPatch patch = config_patch_from_json(body);
    if (auto it = patch.find("name"); it != patch.end() && it->second && *it->second != name)
        throw bad_request("Connector name configuration (" + *it->second +
                          ") doesn't match connector name in the URL (" + name + ")");
    config::ConfigMap present;
    for (const auto& [k, v] : patch)
        if (v) present.set(k, *v);
    restore_hidden(herder, name, present);
    for (const auto& [k, v] : present)
        patch[k] = v;
    return connector_info_response(herder, 200, herder.patchConnectorConfig(name, patch));
}

}  // namespace

void add_connector_routes(Router& router, Herder& herder) {
    router.add("GET", "/connectors", [&herder](const RestRequest& r, const PathParams&) {
        return list_connectors(herder, r);
    });
    router.add("POST", "/connectors", [&herder](const RestRequest& r, const PathParams&) {
        return create_connector(herder, r);
    });
    router.add("GET", "/connectors/{c}", [&herder](const RestRequest&, const PathParams& p) {
        return connector_info_response(herder, 200, herder.connectorInfo(p.at("c")));
    });
    router.add("DELETE", "/connectors/{c}", [&herder](const RestRequest&, const PathParams& p) {
        herder.deleteConnector(p.at("c"));
        return RestResponse::empty(204);
    });
    router.add("GET", "/connectors/{c}/config", [&herder](const RestRequest&, const PathParams& p) {
        const std::string& name = p.at("c");
        auto config = herder.connectorConfig(name);
        auto secrets = herder.passwordKeys(name);
        return json_response(200, [&](JsonWriter& w) { write_config(w, config, secrets); });
    });
    router.add("PUT", "/connectors/{c}/config",
               [&herder](const RestRequest& r, const PathParams& p) {
                   return put_config(herder, r, p.at("c"));
               });
    router.add("PATCH", "/connectors/{c}/config",
               [&herder](const RestRequest& r, const PathParams& p) {
                   return patch_config(herder, r, p.at("c"));
               });
}

}  // namespace kc::host::rest
