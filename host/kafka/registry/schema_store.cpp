#include "host/kafka/registry/schema_store.hpp"

#include <algorithm>

namespace kc::host::kafka::registry {

namespace {
bool same(const StoredSchema& s, const std::string& schema, const std::string& schema_type) {
    return s.schema == schema && s.schema_type == schema_type;
}
}  // namespace

SubjectVersion SchemaStore::subject_version(const std::string& subject, const Version& v) const {
    return {subject, v.version, schemas_[v.id - 1]};
}

const std::vector<SchemaStore::Version>* SchemaStore::versions_locked(
    const std::string& subject) const {
    auto it = subjects_.find(subject);
    return it == subjects_.end() || it->second.empty() ? nullptr : &it->second;
}

SubjectVersion SchemaStore::register_schema(const std::string& subject, const std::string& schema,
                                            const std::string& schema_type,
                                            const std::string& references,
                                            const CompatibilityCheck& check,
                                            std::vector<std::string>* problems) {
    std::lock_guard lock(mutex_);
    if (const auto* versions = versions_locked(subject))
        for (const Version& v : *versions) {
            const StoredSchema& s = schemas_[v.id - 1];
            if (!v.deleted && same(s, schema, schema_type) && s.references == references)
                return subject_version(subject, v);
        }
    if (check) {
        std::vector<std::string> found =
            check(effective_compatibility_locked(subject), history_locked(subject));
        if (!found.empty()) {
            if (problems) *problems = std::move(found);
            return {};
        }
    }
    int32_t id = 0;
    for (const auto& s : schemas_)
        if (same(s, schema, schema_type) && s.references == references) id = s.id;
    if (id == 0) {
        id = static_cast<int32_t>(schemas_.size()) + 1;
        schemas_.push_back({id, schema, schema_type, references, new_guid()});
    }
    std::vector<Version>& versions = subjects_[subject];
    versions.push_back({versions.empty() ? 1 : versions.back().version + 1, id, false});
    return subject_version(subject, versions.back());
}

std::optional<SubjectVersion> SchemaStore::lookup(const std::string& subject,
                                                  const std::string& schema,
                                                  const std::string& schema_type,
                                                  bool include_deleted) const {
    std::lock_guard lock(mutex_);
    const auto* versions = versions_locked(subject);
    if (!versions) return std::nullopt;
    bool any = false;
    for (const Version& v : *versions) {
        if (v.deleted && !include_deleted) continue;
        any = true;
        if (same(schemas_[v.id - 1], schema, schema_type)) return subject_version(subject, v);
    }
    if (!any) return std::nullopt;
    return SubjectVersion{subject, 0, {}};
}

std::optional<StoredSchema> SchemaStore::by_id(int32_t id) const {
    std::lock_guard lock(mutex_);
    if (id < 1 || id > static_cast<int32_t>(schemas_.size())) return std::nullopt;
    for (const auto& [subject, versions] : subjects_)
        for (const Version& v : versions)
            if (v.id == id) return schemas_[id - 1];
    return std::nullopt;  // every version that used it was deleted permanently
}

std::optional<StoredSchema> SchemaStore::by_guid(const std::string& guid) const {
    std::lock_guard lock(mutex_);
    for (const StoredSchema& s : schemas_)
        if (s.guid == guid) return by_id(s.id);
    return std::nullopt;
}

// A version 4 (random) UUID, as RFC 9562 lays it out.
std::string SchemaStore::new_guid() {
    uint8_t b[16];
    for (int i = 0; i < 16; i += 8) {
        const uint64_t r = random_();
        for (int j = 0; j < 8; ++j)
            b[i + j] = static_cast<uint8_t>(r >> (8 * j));
    }
    b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

std::optional<SubjectVersion> SchemaStore::version(const std::string& subject, int32_t version,
                                                   bool& subject_known,
                                                   bool include_deleted) const {
    std::lock_guard lock(mutex_);
    const auto* versions = versions_locked(subject);
    const Version* latest = nullptr;
    const Version* found = nullptr;
    if (versions)
        for (const Version& v : *versions) {
            if (v.deleted && !include_deleted) continue;
            latest = &v;
            if (v.version == version) found = &v;
        }
    subject_known = latest != nullptr;
    if (version == -1) found = latest;
    if (!found) return std::nullopt;
    return subject_version(subject, *found);
}

std::vector<std::string> SchemaStore::subjects(bool include_deleted) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [s, versions] : subjects_)
        for (const Version& v : versions)
            if (!v.deleted || include_deleted) {
                out.push_back(s);
                break;
            }
    return out;
}

std::optional<std::vector<int32_t>> SchemaStore::versions(const std::string& subject,
                                                          bool include_deleted) const {
    std::lock_guard lock(mutex_);
    std::vector<int32_t> out;
    if (const auto* versions = versions_locked(subject))
        for (const Version& v : *versions)
            if (!v.deleted || include_deleted) out.push_back(v.version);
    if (out.empty()) return std::nullopt;
    return out;
}

std::vector<SubjectVersion> SchemaStore::history(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    return history_locked(subject);
}
std::vector<SubjectVersion> SchemaStore::history_locked(const std::string& subject) const {
    std::vector<SubjectVersion> out;
    if (const auto* versions = versions_locked(subject))
        for (const Version& v : *versions)
            if (!v.deleted) out.push_back(subject_version(subject, v));
    return out;
}

std::vector<std::pair<std::string, int32_t>> SchemaStore::uses(int32_t id,
                                                               bool include_deleted) const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, int32_t>> out;
    for (const auto& [subject, versions] : subjects_)
        for (const Version& v : versions)
            if (v.id == id && (!v.deleted || include_deleted)) out.emplace_back(subject, v.version);
    return out;
}

DeleteResult SchemaStore::delete_subject(const std::string& subject, bool permanent) {
    std::lock_guard lock(mutex_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end() || it->second.empty()) return {DeleteOutcome::SubjectNotFound, {}};
    std::vector<Version>& versions = it->second;
    const bool live =
        std::any_of(versions.begin(), versions.end(), [](const Version& v) { return !v.deleted; });
    if (!permanent && !live) return {DeleteOutcome::SubjectSoftDeleted, {}};
    if (permanent && live) return {DeleteOutcome::SubjectNotSoftDeleted, {}};
    DeleteResult result;
    for (Version& v : versions) {
        if (v.deleted && !permanent) continue;  // a soft delete answers what it hid
        result.versions.push_back(v.version);
        v.deleted = true;
    }
    if (permanent) {
        subjects_.erase(it);
        subject_compatibility_.erase(subject);
    }
    return result;
}

DeleteResult SchemaStore::delete_version(const std::string& subject, int32_t version,
                                         bool permanent) {
    std::lock_guard lock(mutex_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end() || it->second.empty()) return {DeleteOutcome::SubjectNotFound, {}};
    std::vector<Version>& versions = it->second;
    auto target = versions.end();
    for (auto v = versions.begin(); v != versions.end(); ++v)
        if (version == -1 ? permanent || !v->deleted : v->version == version) target = v;
    if (target == versions.end())
        return {version == -1 ? DeleteOutcome::VersionSoftDeleted : DeleteOutcome::VersionNotFound,
                {}};
    if (!permanent && target->deleted) return {DeleteOutcome::VersionSoftDeleted, {}};
    if (permanent && !target->deleted) return {DeleteOutcome::VersionNotSoftDeleted, {}};
    DeleteResult result{DeleteOutcome::Deleted, {target->version}};
    if (!permanent) {
        target->deleted = true;
        return result;
    }
    versions.erase(target);
    if (versions.empty()) {
        subjects_.erase(it);
        subject_compatibility_.erase(subject);
    }
    return result;
}

std::string SchemaStore::global_compatibility() const {
    std::lock_guard lock(mutex_);
    return global_compatibility_;
}
void SchemaStore::set_global_compatibility(const std::string& level) {
    std::lock_guard lock(mutex_);
    global_compatibility_ = level;
}
std::optional<std::string> SchemaStore::subject_compatibility(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    auto it = subject_compatibility_.find(subject);
    if (it == subject_compatibility_.end()) return std::nullopt;
    return it->second;
}
void SchemaStore::set_subject_compatibility(const std::string& subject, const std::string& level) {
    std::lock_guard lock(mutex_);
    subject_compatibility_[subject] = level;
}

std::optional<std::string> SchemaStore::clear_subject_compatibility(const std::string& subject) {
    std::lock_guard lock(mutex_);
    auto it = subject_compatibility_.find(subject);
    if (it == subject_compatibility_.end()) return std::nullopt;
    std::string level = it->second;
    subject_compatibility_.erase(it);
    return level;
}
std::string SchemaStore::effective_compatibility(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    return effective_compatibility_locked(subject);
}
std::string SchemaStore::effective_compatibility_locked(const std::string& subject) const {
    auto it = subject_compatibility_.find(subject);
    return it == subject_compatibility_.end() ? global_compatibility_ : it->second;
}

}  // namespace kc::host::kafka::registry
