#include "host/kafka/protocol/find_coordinator.hpp"

namespace kc::host::kafka::protocol {

std::string encode_find_coordinator_request(const FindCoordinatorRequest& request,
                                            std::int16_t version) {
    check_version(ApiKey::FindCoordinator, version, find_coordinator_versions);
    WireWriter out;
    out.string(request.key);
    out.int8(request.key_type);
    return out.take();
}

FindCoordinatorResponse decode_find_coordinator_response(std::string_view body,
                                                         std::int16_t version) {
    check_version(ApiKey::FindCoordinator, version, find_coordinator_versions);
    WireReader in(body);
    FindCoordinatorResponse out;
    out.throttle_time_ms = in.int32("FindCoordinator throttle_time_ms");
    out.error_code = in.int16("FindCoordinator error_code");
    out.error_message = in.nullable_string("FindCoordinator error_message");
    out.node_id = in.int32("FindCoordinator node_id");
    // The librdkafka mock writes a null host with an error; read it as empty.
    out.host = in.nullable_string("FindCoordinator host").value_or("");
    out.port = in.int32("FindCoordinator port");
    return out;
}

}  // namespace kc::host::kafka::protocol
