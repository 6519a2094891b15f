// Connect schemas <-> Protobuf schemas the way Confluent's ProtobufData maps
// them:
//  - a struct is a proto3 message (fields numbered in order, or by the
//    io.confluent.connect.protobuf.Tag parameter), nested structs and map
//    entries are nested messages, arrays are repeated fields;
//  - int8/int16 are int32 carrying (confluent.field_meta) connect.type;
//    Decimal is confluent.type.Decimal with precision/scale meta params;
//    Date, Time, Timestamp are google.type.Date, google.type.TimeOfDay and
//    google.protobuf.Timestamp;
//  - a map is a repeated <Name>Entry {key = 1; value = 2} message;
//  - optional fields are plain proto3 fields, or google.protobuf wrappers
//    (wrapper.for.nullables), or `optional` (optional.for.nullables);
//  - a primitive at the root is a google.protobuf wrapper message.
// Reading, every field gets its tag as a parameter and, unless wrappers stand
// for nullables, is optional; oneofs become optional structs named
// io.confluent.connect.protobuf.Union.<name>, enums strings with their
// symbols in io.confluent.connect.protobuf.Enum parameters; written, such
// structs and strings are declared as the same oneofs and enums again.
#pragma once

#include <google/protobuf/descriptor.h>

#include <kc/data.hpp>
#include <string>

namespace kc_schema_registry {

struct ProtobufDataSettings {
    bool enhanced_schema_support = false;    // enhanced.protobuf.schema.support
    bool scrub_invalid_names = false;        // scrub.invalid.names
    bool wrapper_for_nullables = false;      // wrapper.for.nullables
    bool wrapper_for_raw_primitives = true;  // wrapper.for.raw.primitives
    bool optional_for_nullables = false;     // optional.for.nullables
    bool optional_for_proto2 = true;         // optional.for.proto2
    bool int_for_enums = false;              // int.for.enums
    bool generate_index_for_unions = true;   // generate.index.for.unions
};

inline constexpr std::string_view kProtobufTagParam = "io.confluent.connect.protobuf.Tag";
inline constexpr std::string_view kProtobufTypeParam = "io.confluent.connect.protobuf.Type";
inline constexpr std::string_view kProtobufEnumParam = "io.confluent.connect.protobuf.Enum";
inline constexpr std::string_view kProtobufUnionPrefix = "io.confluent.connect.protobuf.Union.";

// The .proto text registered for a Connect schema; its first message is the
// record's type. A primitive schema has no text of its own: see wrapper_type.
std::string to_proto_text(kc::SchemaView connect, const ProtobufDataSettings& settings);
// The google.protobuf wrapper message a primitive Connect type travels in at
// the root, or nullptr for structs (and for types Connect cannot put there).
const google::protobuf::Descriptor* wrapper_type(kc::SchemaView connect);

// The Connect schema of records of message `type`; throws kc::DataException
// naming what it cannot map.
kc::Schema to_connect_schema(const google::protobuf::Descriptor& type,
                             const ProtobufDataSettings& settings);

// Confluent's scrub.invalid.names rule for one name component.
std::string scrub_name(std::string_view name);

// Whether `type` is a google.protobuf wrapper (Int32Value, StringValue, ...).
bool is_wrapper(const google::protobuf::Descriptor& type);

}  // namespace kc_schema_registry
