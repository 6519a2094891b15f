// The Protobuf wire types, and which one a field type travels as (shared by
// the encoder and the decoder).
#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>

namespace kc_schema_registry {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLength = 2, kFixed32 = 5 };

inline WireType wire_type(google::protobuf::FieldDescriptor::Type t) {
    using T = google::protobuf::FieldDescriptor::Type;
    switch (t) {
        case T::TYPE_FIXED64:
        case T::TYPE_SFIXED64:
        case T::TYPE_DOUBLE:
            return kFixed64;
        case T::TYPE_FIXED32:
        case T::TYPE_SFIXED32:
        case T::TYPE_FLOAT:
            return kFixed32;
        case T::TYPE_STRING:
        case T::TYPE_BYTES:
        case T::TYPE_MESSAGE:
            return kLength;
        default:
            return kVarint;
    }
}

}  // namespace kc_schema_registry
