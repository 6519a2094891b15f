// Connect values -> Protobuf wire bytes, written straight into the output
// buffer from the message descriptor (no DynamicMessage in between, so no
// reflection calls and no heap allocation per record). Bytes as libprotobuf
// writes them for the same values: proto3 scalars without presence omitted
// when zero, repeated numbers packed, map entries with key and value always,
// message fields length-prefixed with a minimal varint. Values map as
// Confluent's ProtobufData maps them: Decimal as confluent.type.Decimal
// {unscaled two's complement bytes, precision, scale}, Date/Time/Timestamp as
// google.type.Date / TimeOfDay and google.protobuf.Timestamp, maps as
// repeated key/value entries, null as an absent field. The descriptor was
// generated from the Connect schema (protobuf_data.hpp), so the two walk
// together in declaration order (a union struct standing for its oneof's
// fields).
#pragma once

#include <google/protobuf/descriptor.h>

#include <kc/data.hpp>

#include "byte_buffer.hpp"

namespace kc_schema_registry {

// Appends record v of Connect schema s as message `type`; a primitive s is
// the wrapper message's `value`. Throws kc::DataException naming the field
// that does not fit.
void encode_protobuf(ByteBuffer& out, const google::protobuf::Descriptor& type, kc::SchemaView s,
                     kc::ValueView v);

}  // namespace kc_schema_registry
