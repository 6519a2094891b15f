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
#include <random>
#include <string>
#include <vector>

namespace kc::host::kafka::registry {

struct StoredSchema {
    int32_t id = 0;
    std::string schema;
    std::string schema_type;  // "AVRO", "JSON" or "PROTOBUF"
    std::string references;   // the "references" JSON array as sent, "" when none
    // A random UUID (8-4-4-4-12 lowercase hex) given to the schema when it is
    // first registered, kept under every subject (GET /schemas/guids/{guid}).
    std::string guid;
};

struct SubjectVersion {
    std::string subject;
    int32_t version = 0;
    StoredSchema schema;
};

// What a DELETE of a subject or of one of its versions did (Confluent's
// two-step deletion: a soft delete hides versions but keeps their ids
// readable; a permanent delete removes versions that were soft deleted).
enum class DeleteOutcome {
    Deleted,
    SubjectNotFound,        // 40401: no versions at all, soft deleted or not
    VersionNotFound,        // 40402
    SubjectSoftDeleted,     // 40404: soft delete of a subject already soft deleted
    SubjectNotSoftDeleted,  // 40405: permanent delete of live versions
    VersionSoftDeleted,     // 40406
    VersionNotSoftDeleted,  // 40407
};

struct DeleteResult {
    DeleteOutcome outcome = DeleteOutcome::Deleted;
    std::vector<int32_t> versions;  // the versions deleted
};

class SchemaStore {
  public:
    // Problems of a new schema against the subject's versions (oldest first)
    // at the subject's compatibility level; empty: it may be registered.
    using CompatibilityCheck = std::function<std::vector<std::string>(
        const std::string& level, const std::vector<SubjectVersion>& previous)>;

    // The version the schema has (or now gets) under the subject; a schema
    // text seen before under any subject keeps its id. A schema new to the
    // subject is first checked (when there is a `check`) against its live
    // versions, atomically with its registration: when it finds problems,
    // they go to `problems` and nothing is stored. A new version number is
    // one past the highest the subject holds, soft deleted or not.
    SubjectVersion register_schema(const std::string& subject, const std::string& schema,
                                   const std::string& schema_type, const std::string& references,
                                   const CompatibilityCheck& check = {},
                                   std::vector<std::string>* problems = nullptr);
    // `include_deleted` also considers soft deleted versions (and subjects),
    // as Confluent's ?deleted=true does; without it they do not exist.
    // nullopt: subject unknown; a SubjectVersion with version 0: schema not under it.
    std::optional<SubjectVersion> lookup(const std::string& subject, const std::string& schema,
                                         const std::string& schema_type,
                                         bool include_deleted = false) const;
    // The schema while some version uses it, soft deleted or not.
    std::optional<StoredSchema> by_id(int32_t id) const;
    // The same, by the schema's GUID.
    std::optional<StoredSchema> by_guid(const std::string& guid) const;
    // version -1 is "latest". nullopt when the subject or version is unknown;
    // `subject_known` says which.
    std::optional<SubjectVersion> version(const std::string& subject, int32_t version,
                                          bool& subject_known, bool include_deleted = false) const;
    std::vector<std::string> subjects(bool include_deleted = false) const;
    std::optional<std::vector<int32_t>> versions(const std::string& subject,
                                                 bool include_deleted = false) const;
    // Every live version of the subject, oldest first (empty when unknown).
    std::vector<SubjectVersion> history(const std::string& subject) const;
    // The (subject, version) pairs that use schema `id`.
    std::vector<std::pair<std::string, int32_t>> uses(int32_t id,
                                                      bool include_deleted = false) const;

    // DELETE /subjects/{subject}[?permanent=true]. A permanent delete also
    // drops the subject's compatibility level.
    DeleteResult delete_subject(const std::string& subject, bool permanent);
    // DELETE /subjects/{subject}/versions/{version}[?permanent=true]; -1 is
    // the latest live version (soft) or the latest of all (permanent).
    DeleteResult delete_version(const std::string& subject, int32_t version, bool permanent);

    std::string global_compatibility() const;
    void set_global_compatibility(const std::string& level);
    std::optional<std::string> subject_compatibility(const std::string& subject) const;
    void set_subject_compatibility(const std::string& subject, const std::string& level);
    // Removes the subject's own level; returns the one it had.
    std::optional<std::string> clear_subject_compatibility(const std::string& subject);
    // The subject's own level, else the global one.
    std::string effective_compatibility(const std::string& subject) const;

  private:
    struct Version {
        int32_t version = 0;
        int32_t id = 0;
        bool deleted = false;  // soft deleted
    };

    std::string effective_compatibility_locked(const std::string& subject) const;
    std::vector<SubjectVersion> history_locked(const std::string& subject) const;
    // The subject's versions, or null when it has none (soft deleted or not).
    const std::vector<Version>* versions_locked(const std::string& subject) const;
    SubjectVersion subject_version(const std::string& subject, const Version& v) const;

    std::string new_guid();

    mutable std::recursive_mutex mutex_;
    std::mt19937_64 random_{std::random_device{}()};
    std::vector<StoredSchema> schemas_;                     // id = index + 1
    std::map<std::string, std::vector<Version>> subjects_;  // by ascending version
    std::string global_compatibility_ = "BACKWARD";
    std::map<std::string, std::string> subject_compatibility_;
};

}  // namespace kc::host::kafka::registry
