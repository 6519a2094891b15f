// Avro schema resolution as a compatibility test: can data written with one
// schema be read with another (Avro specification, "Schema Resolution")? The
// embedded registry runs it for BACKWARD (the new schema reads the old
// ones), FORWARD (the old ones read the new) and FULL (both).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kc::host::kafka::registry {

// Why `reader` cannot read what `writer` wrote, one message per problem
// ("TYPE_MISMATCH at /fields/2/type: ..."); empty when it can. Throws
// std::invalid_argument when either text is not a valid Avro schema.
std::vector<std::string> avro_read_problems(std::string_view reader, std::string_view writer);

}  // namespace kc::host::kafka::registry
