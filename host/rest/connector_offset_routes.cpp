// KIP-875 offsets and KIP-558 active topics of a connector.
#include "host/rest/rest_error.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {
namespace {

RestResponse message_response(const std::string& message) {
    return json_response(200, [&](JsonWriter& w) {
        w.StartObject();
        write_key(w, "message");
        write_string(w, message);
        w.EndObject();
    });
}

}  // namespace

void add_connector_offset_routes(Router& router, Herder& herder) {
    router.add("GET", "/connectors/{c}/offsets",
               [&herder](const RestRequest&, const PathParams& p) {
                   auto offsets = herder.connectorOffsets(p.at("c"));
                   return json_response(200, [&](JsonWriter& w) { write_offsets(w, offsets); });
               });
    router.add("PATCH", "/connectors/{c}/offsets",
               [&herder](const RestRequest& r, const PathParams& p) {
                   auto body = parse_body(r.body);
                   auto offsets = offsets_from_json(body);
                   return message_response(herder.alterConnectorOffsets(p.at("c"), offsets));
               });
    router.add("DELETE", "/connectors/{c}/offsets",
               [&herder](const RestRequest&, const PathParams& p) {
                   return message_response(herder.resetConnectorOffsets(p.at("c")));
               });
    router.add("GET", "/connectors/{c}/topics", [&herder](const RestRequest&, const PathParams& p) {
        const std::string& name = p.at("c");
        auto topics = herder.connectorActiveTopics(name);
        return json_response(200, [&](JsonWriter& w) {
            w.StartObject();
            write_key(w, name);
            w.StartObject();
            write_key(w, "topics");
            w.StartArray();
            for (const auto& t : topics)
                write_string(w, t);
            w.EndArray();
            w.EndObject();
            w.EndObject();
        });
    });
    router.add("PUT", "/connectors/{c}/topics/reset",
               [&herder](const RestRequest&, const PathParams& p) {
                   herder.resetConnectorActiveTopics(p.at("c"));
                   return RestResponse::empty(202);
               });
}

}  // namespace kc::host::rest
