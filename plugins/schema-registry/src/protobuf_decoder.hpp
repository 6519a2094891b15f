// Protobuf wire bytes -> Connect values, read straight from the bytes with
// the message descriptor (no DynamicMessage, no reflection), value for value
// as Confluent's ProtobufData converts libprotobuf's parse: proto3 scalars
// without presence read as zero when absent, other absent fields as null,
// the last of repeated singular occurrences winning, packed and unpacked
// repeated numbers both accepted, unknown fields and fields of an unexpected
// wire type skipped (as libprotobuf keeps them aside), proto3 strings
// checked for UTF-8; confluent.type.Decimal to Decimal (rescaled to the
// schema's scale when written under another), google.type.Date / TimeOfDay
// and google.protobuf.Timestamp to Date/Time/Timestamp, key/value entries to
// maps, oneofs to union structs.
#pragma once

#include <google/protobuf/descriptor.h>

#include <kc/data.hpp>
#include <string_view>

#include "protobuf_data.hpp"

namespace kc_schema_registry {

// The Connect value of `bytes`, a message of `type`, under schema s (from
// to_connect_schema of `type` with the same settings), built in the arena.
// Throws kc::DataException on malformed bytes.
kc_value decode_protobuf(std::string_view bytes, const google::protobuf::Descriptor& type,
                         kc::SchemaView s, const ProtobufDataSettings& settings, kc::Arena& arena);

}  // namespace kc_schema_registry
