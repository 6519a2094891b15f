// Schema references in the embedded registry: a schema's "references" array
// ({name, subject, version} per import) resolved against the store, so that
// registering refuses references to versions it does not have and the
// compatibility checks see the imported schemas too (a message changed in
// an imported file changes the schemas that import it).
#pragma once

#include <map>
#include <string>

#include "host/kafka/registry/schema_store.hpp"

namespace kc::host::kafka::registry {

// Deeper import chains than any real schema: where resolving stops (a cycle).
inline constexpr int kMaxImportDepth = 32;

struct ResolvedReferences {
    // Every imported schema, transitively: its text by the name it is imported as.
    std::map<std::string, std::string> files;
    std::string error;  // what is missing or malformed; empty when none
};

// The schemas the stored "references" JSON array names, and theirs in turn.
ResolvedReferences resolve_references(const SchemaStore& store, const std::string& references);

}  // namespace kc::host::kafka::registry
