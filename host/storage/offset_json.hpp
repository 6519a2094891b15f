#pragma once

#include <kc/abi.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kc::host::storage {

// A primitive of a source partition or offset map. Bytes values are stored as
// their base64 text, as Java's schemaless JSON does.
using OffsetPrimitive = std::variant<std::nullptr_t, bool, int64_t, double, std::string>;
// A schemaless map with string keys and primitive values (Java allows nothing
// else in source partitions and offsets), in insertion order.
using OffsetMap = std::vector<std::pair<std::string, OffsetPrimitive>>;

// kc_value (KC_VAL_MAP of string keys to primitives) -> OffsetMap. Throws
// std::invalid_argument saying which key is not allowed.
OffsetMap offset_map_from_value(const kc_value& value);

// Builds a KC_VAL_MAP value for `map`, with every array and string allocated
// through `alloc(size, align)` (a plugin call's arena). Returns false when an
// allocation fails.
using ArenaAlloc = std::function<void*(std::size_t size, std::size_t align)>;
bool offset_map_to_value(const OffsetMap& map, const ArenaAlloc& alloc, kc_value& out);

// JSON text of a map: {"k":v,...}, keys in the order given, byte for byte as
// Java's schemaless JsonConverter writes it (Jackson escapes, Java's doubles).
std::string offset_map_to_json(const OffsetMap& map);
// Parses a JSON object of primitives; integral numbers become int64, other
// numbers double. Throws std::invalid_argument on anything else.
OffsetMap offset_map_from_json(std::string_view json);

// The offsets-topic key: ["<connector>",{partition}], partition keys in the
// order given (the connector's), as Java writes the map it was handed. Equal
// partitions built in different orders give different bytes: stores match
// keys by canonical_offset_key (see OffsetIndex).
std::string offset_key(std::string_view connector, const OffsetMap& partition);
// The same key for a partition as a task hands it over (a kc_value map); throws
// std::invalid_argument as offset_map_from_value does.
std::string offset_key(std::string_view connector, const kc_value& partition);
// Parses a key; nullopt when it is malformed (Java skips those with a warning).
std::optional<std::pair<std::string, OffsetMap>> parse_offset_key(std::string_view key);
// One spelling for every key naming the same partition: re-encoded with the
// partition keys sorted (a repeated key: the last wins); nullopt if malformed.
std::optional<std::string> canonical_offset_key(std::string_view key);

}  // namespace kc::host::storage
