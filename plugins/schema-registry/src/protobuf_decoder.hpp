// Protobuf messages -> Connect values through libprotobuf reflection, value
// for value as Confluent's ProtobufData converts them: confluent.type.Decimal
// to Decimal (rescaled to the schema's scale when written under another),
// google.type.Date / TimeOfDay and google.protobuf.Timestamp to
// Date/Time/Timestamp, repeated key/value entries to maps, oneofs to union
// structs, proto3 scalars without presence to their value (zero when
// absent), other absent fields to null.
#pragma once

#include <google/protobuf/message.h>

#include <kc/data.hpp>

#include "protobuf_data.hpp"

namespace kc_schema_registry {

// The Connect value of message m under schema s (from to_connect_schema of
// m's type with the same settings), built in the arena.
kc_value from_protobuf(const google::protobuf::Message& m, kc::SchemaView s,
                       const ProtobufDataSettings& settings, kc::Arena& arena);

}  // namespace kc_schema_registry
