// The envelope of every non-flexible request and response: request header v1
// (api_key, api_version, correlation_id, client_id) and response header v0
// (correlation_id). Flexible versions (header v2/v1 with tagged fields) are
// never sent by this client, so they are not needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "host/kafka/protocol/api_keys.hpp"
#include "host/kafka/protocol/wire.hpp"

namespace kc::host::kafka::protocol {

struct RequestHeader {
    ApiKey api_key{};
    std::int16_t api_version = 0;
    std::int32_t correlation_id = 0;
    std::string client_id;
};

void encode_request_header(WireWriter& out, const RequestHeader& header);

// A whole request frame: INT32 size, header, body.
std::string encode_request_frame(const RequestHeader& header, std::string_view body);

// Reads a response header v0 and returns its correlation id.
std::int32_t decode_response_header(WireReader& in);

// A broker's supported versions of one API, or this client's.
struct VersionRange {
    std::int16_t min = 0;
    std::int16_t max = 0;
};

// Thrown for a response that decodes but cannot be used: an unsupported
// version asked of a codec, or no version both sides speak.
class ProtocolError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws ProtocolError naming the API when `version` is outside `supported`
// (a programming error or a version negotiated wrongly).
void check_version(ApiKey key, std::int16_t version, VersionRange supported);

}  // namespace kc::host::kafka::protocol
