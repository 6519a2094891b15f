// The embedded schema registry's state: schemas by id, subjects and their
// versions, compatibility settings. In memory, like the embedded broker:
// production uses a real registry. Thread-safe (one mutex; every call is
// short; recursive, because a registration's compatibility check resolves
// the schemas' references through the store while it holds the lock).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kc::host::kafka::registry {

struct StoredSchema {
    int32_t id = 0;
    std::string schema;
    std::string schema_type;  // "AVRO", "JSON" or "PROTOBUF"
    std::string references;   // the "references" JSON array as sent, "" when none
};

struct SubjectVersion {
    std::string subject;
    int32_t version = 0;
    StoredSchema schema;
};

class SchemaStore {
  public:
    // Problems of a new schema against the subject's versions (oldest first)
    // at the subject's compatibility level; empty: it may be registered.
    using CompatibilityCheck = std::function<std::vector<std::string>(
        const std::string& level, const std::vector<SubjectVersion>& previous)>;

    // The version the schema has (or now gets) under the subject; a schema
    // text seen before under any subject keeps its id. A schema new to the
    // subject is first checked (when there is a `check`), atomically with its
    // registration: when it finds problems, they go to `problems` and
    // nothing is stored.
    SubjectVersion register_schema(const std::string& subject, const std::string& schema,
                                   const std::string& schema_type, const std::string& references,
                                   const CompatibilityCheck& check = {},
                                   std::vector<std::string>* problems = nullptr);
    // nullopt: subject unknown; a SubjectVersion with version 0: schema not under it.
    std::optional<SubjectVersion> lookup(const std::string& subject, const std::string& schema,
                                         const std::string& schema_type) const;
    std::optional<StoredSchema> by_id(int32_t id) const;
    // version -1 is "latest". nullopt when the subject or version is unknown;
    // `subject_known` says which.
    std::optional<SubjectVersion> version(const std::string& subject, int32_t version,
                                          bool& subject_known) const;
    std::vector<std::string> subjects() const;
    std::optional<std::vector<int32_t>> versions(const std::string& subject) const;
    // Every version of the subject, oldest first (empty when unknown).
    std::vector<SubjectVersion> history(const std::string& subject) const;
    // The (subject, version) pairs that use schema `id`.
    std::vector<std::pair<std::string, int32_t>> uses(int32_t id) const;

    std::string global_compatibility() const;
    void set_global_compatibility(const std::string& level);
    std::optional<std::string> subject_compatibility(const std::string& subject) const;
    void set_subject_compatibility(const std::string& subject, const std::string& level);
    // Removes the subject's own level; returns the one it had.
    std::optional<std::string> clear_subject_compatibility(const std::string& subject);
    // The subject's own level, else the global one.
    std::string effective_compatibility(const std::string& subject) const;

  private:
    std::string effective_compatibility_locked(const std::string& subject) const;
    std::vector<SubjectVersion> history_locked(const std::string& subject) const;

    mutable std::recursive_mutex mutex_;
    std::vector<StoredSchema> schemas_;                     // id = index + 1
    std::map<std::string, std::vector<int32_t>> subjects_;  // subject -> ids by version
    std::string global_compatibility_ = "BACKWARD";
    std::map<std::string, std::string> subject_compatibility_;
};

}  // namespace kc::host::kafka::registry
