// Connect values <-> Protobuf messages through libprotobuf reflection, value
// for value as Confluent's ProtobufData converts them: Decimal as
// confluent.type.Decimal {unscaled two's complement bytes, precision, scale},
// Date/Time/Timestamp as google.type.Date / TimeOfDay and
// google.protobuf.Timestamp, maps as repeated key/value entry messages, null
// as an absent field. The Connect schema walks alongside the message
// descriptor: the writer's descriptor was generated from that schema
// (protobuf_data.hpp), in its field order (a union struct standing for its
// oneof's fields).
#pragma once

#include <google/protobuf/message.h>

#include <kc/data.hpp>

#include "protobuf_data.hpp"

namespace kc_schema_registry {

// Fills `out` (cleared by the caller) from struct value v of Connect schema s;
// a primitive s fills the wrapper message's `value`. Throws kc::DataException
// naming the field that does not fit.
void to_protobuf(google::protobuf::Message& out, kc::SchemaView s, kc::ValueView v);

// The Connect value of message m under schema s (from to_connect_schema of
// m's type with the same settings), built in the arena.
kc_value from_protobuf(const google::protobuf::Message& m, kc::SchemaView s,
                       const ProtobufDataSettings& settings, kc::Arena& arena);

}  // namespace kc_schema_registry
