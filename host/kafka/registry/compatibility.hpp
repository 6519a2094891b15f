// Confluent's compatibility levels over the per-format read checks: which
// earlier versions a new schema is checked against (the latest, or all of
// them for *_TRANSITIVE) and in which direction (BACKWARD: the new schema
// reads the old data; FORWARD: the old schemas read the new data; FULL:
// both), for Avro, JSON Schema and Protobuf alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/kafka/registry/schema_store.hpp"

namespace kc::host::kafka::registry {

bool valid_compatibility_level(const std::string& level);

// Why `candidate` does not meet `level` against `previous` (a subject's
// versions, oldest first); empty when it does. Each message names the
// version it fails against. With a `store`, Protobuf schemas are compared
// together with the schemas their references import.
std::vector<std::string> compatibility_problems(const std::string& level,
                                                const StoredSchema& candidate,
                                                const std::vector<SubjectVersion>& previous,
                                                const SchemaStore* store = nullptr);

// What is wrong with a schema text of that type, or nullopt when it parses.
std::optional<std::string> schema_syntax_error(const std::string& schema_type,
                                               const std::string& schema);

}  // namespace kc::host::kafka::registry
