// Connect schemas <-> Avro schemas the way Confluent's AvroData maps them, so
// that schemas registered here read the same in Java consumers and back:
// int8/int16 as int with "connect.type", optional as a union with null
// (["null",T], or [T,"null"] when there is a default), Connect metadata as
// connect.* properties, Decimal/Date/Time/Timestamp as Avro logical types,
// maps with non-string keys as arrays of MapEntry records, unnamed structs as
// io.confluent.connect.avro.ConnectDefault.
#pragma once

#include <kc/data.hpp>

#include "avro_schema.hpp"

namespace kc_schema_registry {

inline constexpr std::string_view kAvroNamespace = "io.confluent.connect.avro";
inline constexpr std::string_view kMapEntryName = "io.confluent.connect.avro.MapEntry";
inline constexpr std::string_view kUnionName = "io.confluent.connect.avro.Union";
inline constexpr std::string_view kEnumParam = "io.confluent.connect.avro.Enum";
inline constexpr std::string_view kPrecisionParam = "connect.decimal.precision";

struct AvroDataSettings {
    bool connect_meta_data = true;  // connect.meta.data
    bool enhanced_avro_schema_support = false;
};

AvroSchema to_avro_schema(kc::SchemaView connect, const AvroDataSettings& settings);
kc::Schema to_connect_schema(const AvroNode& avro, const AvroDataSettings& settings);

// The branch of an optional union ([null,T] or [T,null]) that is not null:
// its index and node, or nullptr when `n` is no such union.
struct OptionalUnion {
    int null_index = -1;
    int value_index = -1;
    const AvroNode* value = nullptr;
};
OptionalUnion optional_union(const AvroNode& n) noexcept;

}  // namespace kc_schema_registry
