// Source partitions and offsets as the JSON bytes Java's offset stores hold:
// key ["<connector>",{<partition>}], value {<offset>} (schemaless JSON), and back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/herder/herder.hpp"
#include "host/plugins/host_services.hpp"
#include "kc/abi.h"

namespace kc::host::runtime {

// Schemaless JSON of a value (maps with string keys as objects).
std::string value_to_json(const kc_value& v);
// ["<connector>",<partition>]
std::string offset_key_json(std::string_view connector, const kc_value& partition);

// Parses schemaless JSON into a value allocated in `arena` (integral numbers
// become int64, others float64, objects maps). Throws std::invalid_argument.
kc_value json_to_value(std::string_view json, Arena& arena);

// The partition part of an offset key; nullopt when the key does not belong to
// `connector` or is malformed (Java skips such keys with a warning).
std::optional<std::string> partition_json_of_key(std::string_view key_json,
                                                 std::string_view connector);

// REST's offset maps <-> JSON objects.
std::string offset_map_to_json(const OffsetMap& map);
OffsetMap json_to_offset_map(std::string_view json);  // throws std::invalid_argument

}  // namespace kc::host::runtime
