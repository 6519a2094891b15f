// /connector-plugins: listing, config definitions and config validation.
#include "host/rest/rest_error.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {
namespace {

// Java compares plugin names with a trailing "Connector" removed, by suffix, so
// "FileStreamSink" in the URL accepts connector.class=org...FileStreamSinkConnector.
std::string normalized_plugin_name(const std::string& name) {
    const std::string suffix = "Connector";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return name.substr(0, name.size() - suffix.size());
    return name;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

RestResponse validate(Herder& herder, const RestRequest& request, const std::string& plugin) {
    auto body = parse_body(request.body, true);
    config::ConfigMap config = config_from_json(body, "Request body");
    if (const std::string* cls = config.find("connector.class");
        cls && !ends_with(normalized_plugin_name(*cls), normalized_plugin_name(plugin)))
        throw bad_request("Included connector type " + *cls + " does not match request type " +
                          plugin);
    auto infos = herder.validateConnectorConfig(config);
    return json_response(200, [&](JsonWriter& w) { write_config_infos(w, infos); });
}

}  // namespace

void add_plugin_routes(Router& router, Herder& herder) {
    router.add("GET", "/connector-plugins", [&herder](const RestRequest& r, const PathParams&) {
        auto plugins = herder.connectorPlugins(query_flag(r, "connectorsOnly", true));
        return json_response(200, [&](JsonWriter& w) { write_plugins(w, plugins); });
    });
    router.add("GET", "/connector-plugins/{p}/config",
               [&herder](const RestRequest&, const PathParams& p) {
                   auto keys = herder.connectorPluginConfig(p.at("p"));
                   return json_response(200, [&](JsonWriter& w) {
                       w.StartArray();
                       for (const auto& k : keys)
                           write_config_key_info(w, k);
                       w.EndArray();
                   });
               });
    router.add("PUT", "/connector-plugins/{p}/config/validate",
               [&herder](const RestRequest& r, const PathParams& p) {
                   return validate(herder, r, p.at("p"));
               });
}

}  // namespace kc::host::rest
