#include "host/config/config_map.hpp"

namespace kc::host::config {

ConfigMap::ConfigMap(std::initializer_list<Entry> entries) {
    for (const auto& [k, v] : entries)
        set(k, v);
}

void ConfigMap::set(std::string key, std::string value) {
    if (auto it = index_.find(key); it != index_.end()) {
        entries_[it->second].second = std::move(value);
        return;
    }
    index_.emplace(key, entries_.size());
    entries_.emplace_back(std::move(key), std::move(value));
}

bool ConfigMap::erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    const std::size_t pos = it->second;
    index_.erase(it);
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(pos));
    for (auto& [k, i] : index_) {
        if (i > pos) --i;
    }
    return true;
}

const std::string* ConfigMap::find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second].second;
}

std::optional<std::string_view> ConfigMap::get(std::string_view key) const {
    if (const std::string* v = find(key)) return std::string_view(*v);
    return std::nullopt;
}

std::string ConfigMap::get_or(std::string_view key, std::string_view fallback) const {
    const std::string* v = find(key);
    return v ? *v : std::string(fallback);
}

ConfigMap ConfigMap::with_prefix(std::string_view prefix, bool strip) const {
    ConfigMap out;
    for (const auto& [k, v] : entries_) {
        if (k.size() >= prefix.size() && std::string_view(k).substr(0, prefix.size()) == prefix) {
            out.set(strip ? k.substr(prefix.size()) : k, v);
        }
    }
    return out;
}

void ConfigMap::merge(const ConfigMap& other) {
    for (const auto& [k, v] : other.entries_)
        set(k, v);
}

}  // namespace kc::host::config
