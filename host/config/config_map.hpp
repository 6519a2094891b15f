#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kc::host::config {

// A string-to-string config that remembers insertion order (so configs are
// echoed back, logged and passed on in the order the user wrote them).
// Setting an existing key replaces its value in place, as java.util.Properties
// does for a repeated key.
class ConfigMap {
  public:
    using Entry = std::pair<std::string, std::string>;
    using const_iterator = std::vector<Entry>::const_iterator;

    ConfigMap() = default;
    ConfigMap(std::initializer_list<Entry> entries);

    void set(std::string key, std::string value);
    // Returns true when the key was present.
    bool erase(std::string_view key);

    const std::string* find(std::string_view key) const;
    std::optional<std::string_view> get(std::string_view key) const;
    std::string get_or(std::string_view key, std::string_view fallback) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }

    // Entries whose key starts with `prefix`, with the prefix removed when
    // `strip` is true (Java originalsWithPrefix).
    ConfigMap with_prefix(std::string_view prefix, bool strip = true) const;
    // Copies every entry of `other` over this one (later wins).
    void merge(const ConfigMap& other);

    const std::vector<Entry>& entries() const { return entries_; }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

    friend bool operator==(const ConfigMap& a, const ConfigMap& b) {
        return a.entries_ == b.entries_;
    }

  private:
    std::vector<Entry> entries_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace kc::host::config
