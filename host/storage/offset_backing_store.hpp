#pragma once

#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kc::host::storage {

// Raw offset entries: key bytes -> value bytes, as Java's offset stores hold
// them (key JSON ["<connector>",{partition}], value JSON offset map). A value
// of nullopt is a tombstone: it deletes the key.
using OffsetEntries = std::vector<std::pair<std::string, std::optional<std::string>>>;

// Where source offsets live: a file in standalone mode, the offsets topic in
// distributed mode (Java OffsetBackingStore). Implementations are thread-safe.
class OffsetBackingStore {
  public:
    // Called once a set() is durable (error == nullptr) or has failed.
    using SetCallback = std::function<void(std::exception_ptr error)>;

    virtual ~OffsetBackingStore() = default;

    virtual void start() {}
    virtual void stop() {}

    // Stored values of the given keys; keys without a value are absent.
    virtual std::map<std::string, std::string> get(const std::vector<std::string>& keys) = 0;
    // Applies a batch atomically. `done` runs when the batch is durable or has
    // failed: on the calling thread before set() returns for the memory and
    // file stores, possibly later on another thread for a Kafka-topic store.
    // A failed batch leaves the store unchanged.
    virtual void set(const OffsetEntries& entries, SetCallback done) = 0;
    // Every stored entry (the offsets REST API, tools).
    virtual std::map<std::string, std::string> all() = 0;

    // set() that waits and rethrows the failure.
    void set_sync(const OffsetEntries& entries);
};

}  // namespace kc::host::storage
