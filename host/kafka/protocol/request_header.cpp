#include "host/kafka/protocol/request_header.hpp"

namespace kc::host::kafka::protocol {

void encode_request_header(WireWriter& out, const RequestHeader& header) {
    out.int16(static_cast<std::int16_t>(header.api_key));
    out.int16(header.api_version);
    out.int32(header.correlation_id);
    // client_id is a NULLABLE_STRING; an empty id is sent as "" (Java does the same).
    out.string(header.client_id);
}

std::string encode_request_frame(const RequestHeader& header, std::string_view body) {
    WireWriter out;
    out.int32(0);
    encode_request_header(out, header);
    out.raw(body);
    out.patch_int32(0, static_cast<std::int32_t>(out.size() - 4));
    return out.take();
}

std::int32_t decode_response_header(WireReader& in) {
    return in.int32("response correlation_id");
}

void check_version(ApiKey key, std::int16_t version, VersionRange supported) {
    if (version < supported.min || version > supported.max)
        throw ProtocolError(api_name(key) + " version " + std::to_string(version) +
                            " is not supported here (only " + std::to_string(supported.min) + "-" +
                            std::to_string(supported.max) + ")");
}

}  // namespace kc::host::kafka::protocol
