#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kc::host::storage {

// Source offsets held by the partition their key names rather than by the
// key's bytes. Java looks offsets up by raw key bytes, and the bytes of one
// partition differ with the map order of whoever wrote it (Java writes its
// HashMap order, this worker the connector's order, older versions of this
// worker sorted keys). Here a key is matched by its canonical form (parsed,
// partition keys sorted), so any of those finds the offset, while the bytes
// last written are kept and written back unchanged.
//
// Keys that are not ["<connector>",{...}] are kept and matched by their raw
// bytes. Not thread-safe: the stores lock around it.
class OffsetIndex {
  public:
    // Applies one write: value nullopt (a tombstone) removes the partition.
    // A write replaces whatever key spelling the partition had before.
    void set(std::string_view key, std::optional<std::string> value);
    // The value stored for the partition `key` names; nullptr when none.
    const std::string* find(std::string_view key) const;
    // Every entry under the key bytes it was last written with.
    std::map<std::string, std::string> entries() const;
    std::size_t size() const { return by_canonical_.size(); }
    bool empty() const { return by_canonical_.empty(); }

  private:
    struct Entry {
        std::string key;  // as last written
        std::string value;
    };
    std::map<std::string, Entry, std::less<>> by_canonical_;
};

}  // namespace kc::host::storage
