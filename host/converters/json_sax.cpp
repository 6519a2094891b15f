#include "host/converters/json_sax.hpp"

#include <rapidjson/error/en.h>

#include <string>

#include "kc/error.hpp"

namespace kc::host::converters {

void JsonSax::fail(rapidjson::ParseErrorCode code, size_t offset, const Handler& h) {
    const std::string prefix =
        "Converting byte[] to Kafka Connect data failed due to serialization error: ";
    if (h.lone_surrogate)
        throw DataException(prefix +
                            "a \\u escape encodes a lone surrogate (string ending at offset " +
                            std::to_string(offset) + ")");
    if (h.too_deep)
        throw DataException(prefix + "JSON nested deeper than " + std::to_string(kMaxDepth) +
                            " levels at offset " + std::to_string(offset));
    throw DataException(prefix + rapidjson::GetParseError_En(code) + " (at offset " +
                        std::to_string(offset) + ")");
}

void JsonSax::fail_nul(size_t offset) {
    throw DataException(
        "Converting byte[] to Kafka Connect data failed due to serialization error: unexpected "
        "NUL byte (at offset " +
        std::to_string(offset) + ")");
}

}  // namespace kc::host::converters
