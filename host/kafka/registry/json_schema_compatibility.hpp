// A JSON Schema compatibility test in the spirit of Confluent's: can every
// document valid under the writer's schema be read under the reader's? It
// covers what Connect's JSON Schemas use: types (integer within number),
// object properties, required properties, closed and open content models,
// array items, and oneOf/anyOf unions (Connect's optional fields).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kc::host::kafka::registry {

// Why `reader` may reject documents valid under `writer`, one message per
// problem; empty when none was found. Throws std::invalid_argument when a
// text is not JSON.
std::vector<std::string> json_schema_read_problems(std::string_view reader,
                                                   std::string_view writer);

}  // namespace kc::host::kafka::registry
