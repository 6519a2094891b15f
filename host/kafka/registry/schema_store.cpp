#include "host/kafka/registry/schema_store.hpp"

namespace kc::host::kafka::registry {

SubjectVersion SchemaStore::register_schema(const std::string& subject, const std::string& schema,
                                            const std::string& schema_type,
                                            const std::string& references,
                                            const CompatibilityCheck& check,
                                            std::vector<std::string>* problems) {
    std::lock_guard lock(mutex_);
    if (auto it = subjects_.find(subject); it != subjects_.end())
        for (size_t v = 0; v < it->second.size(); ++v) {
            const StoredSchema& s = schemas_[it->second[v] - 1];
            if (s.schema == schema && s.schema_type == schema_type && s.references == references)
                return {subject, static_cast<int32_t>(v) + 1, s};
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
        if (s.schema == schema && s.schema_type == schema_type && s.references == references)
            id = s.id;
    if (id == 0) {
        id = static_cast<int32_t>(schemas_.size()) + 1;
        schemas_.push_back({id, schema, schema_type, references});
    }
    std::vector<int32_t>& ids = subjects_[subject];
    ids.push_back(id);
    return {subject, static_cast<int32_t>(ids.size()), schemas_[id - 1]};
}

std::optional<SubjectVersion> SchemaStore::lookup(const std::string& subject,
                                                  const std::string& schema,
                                                  const std::string& schema_type) const {
    std::lock_guard lock(mutex_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end()) return std::nullopt;
    for (size_t v = 0; v < it->second.size(); ++v) {
        const StoredSchema& s = schemas_[it->second[v] - 1];
        if (s.schema == schema && s.schema_type == schema_type)
            return SubjectVersion{subject, static_cast<int32_t>(v) + 1, s};
    }
    return SubjectVersion{subject, 0, {}};
}

std::optional<StoredSchema> SchemaStore::by_id(int32_t id) const {
    std::lock_guard lock(mutex_);
    if (id < 1 || id > static_cast<int32_t>(schemas_.size())) return std::nullopt;
    return schemas_[id - 1];
}

std::optional<SubjectVersion> SchemaStore::version(const std::string& subject, int32_t version,
                                                   bool& subject_known) const {
    std::lock_guard lock(mutex_);
    auto it = subjects_.find(subject);
    subject_known = it != subjects_.end();
    if (!subject_known) return std::nullopt;
    const auto& ids = it->second;
    if (version == -1) version = static_cast<int32_t>(ids.size());
    if (version < 1 || version > static_cast<int32_t>(ids.size())) return std::nullopt;
    return SubjectVersion{subject, version, schemas_[ids[version - 1] - 1]};
}

std::vector<std::string> SchemaStore::subjects() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [s, ids] : subjects_)
        out.push_back(s);
    return out;
}

std::optional<std::vector<int32_t>> SchemaStore::versions(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end()) return std::nullopt;
    std::vector<int32_t> out;
    for (size_t v = 0; v < it->second.size(); ++v)
        out.push_back(static_cast<int32_t>(v) + 1);
    return out;
}

std::vector<SubjectVersion> SchemaStore::history(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    return history_locked(subject);
}
std::vector<SubjectVersion> SchemaStore::history_locked(const std::string& subject) const {
    std::vector<SubjectVersion> out;
    if (auto it = subjects_.find(subject); it != subjects_.end())
        for (size_t v = 0; v < it->second.size(); ++v)
            out.push_back({subject, static_cast<int32_t>(v) + 1, schemas_[it->second[v] - 1]});
    return out;
}

std::vector<std::pair<std::string, int32_t>> SchemaStore::uses(int32_t id) const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, int32_t>> out;
    for (const auto& [subject, ids] : subjects_)
        for (size_t v = 0; v < ids.size(); ++v)
            if (ids[v] == id) out.emplace_back(subject, static_cast<int32_t>(v) + 1);
    return out;
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
