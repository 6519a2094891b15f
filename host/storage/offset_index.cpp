#include "host/storage/offset_index.hpp"

#include "host/storage/offset_json.hpp"

namespace kc::host::storage {
namespace {

std::string canonical(std::string_view key) {
    if (auto c = canonical_offset_key(key)) return std::move(*c);
    return std::string(key);
}

}  // namespace

void OffsetIndex::set(std::string_view key, std::optional<std::string> value) {
    std::string c = canonical(key);
    if (!value) {
        by_canonical_.erase(c);
        return;
    }
    by_canonical_.insert_or_assign(std::move(c), Entry{std::string(key), std::move(*value)});
}

const std::string* OffsetIndex::find(std::string_view key) const {
    auto it = by_canonical_.find(canonical(key));
    return it == by_canonical_.end() ? nullptr : &it->second.value;
}

std::map<std::string, std::string> OffsetIndex::entries() const {
    std::map<std::string, std::string> out;
    for (const auto& [c, entry] : by_canonical_)
        out.emplace(entry.key, entry.value);
    return out;
}

}  // namespace kc::host::storage
