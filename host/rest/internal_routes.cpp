// Java's InternalClusterResource: endpoints only the workers of a distributed
// cluster call on each other. Served only by herders that implement them.
#include "host/herder/internal_endpoints.hpp"
#include "host/rest/json_io.hpp"
#include "host/rest/routes.hpp"

namespace kc::host::rest {

void add_internal_routes(Router& router, Herder& herder) {
    auto* internal = dynamic_cast<InternalEndpoints*>(&herder);
    if (!internal) return;
    router.add("POST", "/connectors/{connector}/tasks",
               [internal](const RestRequest& request, const PathParams& params) {
                   const auto document = parse_body(request.body, true);
                   if (!document.IsArray())
                       throw HerderError(400, "Task configs must be a JSON array of objects");
                   std::vector<config::ConfigMap> configs;
                   for (rapidjson::SizeType i = 0; i < document.Size(); ++i) {
                       if (!document[i].IsObject())
                           throw HerderError(
                               400, "Task config " + std::to_string(i) + " is not a JSON object");
                       configs.push_back(
                           config_from_json(document[i], "task config " + std::to_string(i)));
                   }
                   InternalRequestSignature signature;
                   if (request.headers.count("x-connect-authorization"))
                       signature.signature = request.header("x-connect-authorization");
                   if (request.headers.count("x-connect-request-signature-algorithm"))
                       signature.algorithm =
                           request.header("x-connect-request-signature-algorithm");
                   signature.body = request.body;
                   internal->putTaskConfigs(params.at("connector"), configs, signature);
                   return RestResponse::empty(204);
               });
}

}  // namespace kc::host::rest
