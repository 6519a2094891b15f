// What the task drivers and the herder need from a source offset store: JSON
// key bytes (["<connector>",{partition}]) to JSON value bytes, written
// durably in batches. A standalone worker backs it with a file, a distributed
// one with the offsets topic; the drivers never know which.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kc::host::runtime {

class SourceOffsetStore {
  public:
    virtual ~SourceOffsetStore() = default;
    virtual std::optional<std::string> get(const std::string& key) = 0;
    // nullopt values delete (tombstones). Durable when it returns; throws on failure.
    virtual void put(
        const std::vector<std::pair<std::string, std::optional<std::string>>>& entries) = 0;
    // Every stored entry (offsets REST API).
    virtual std::map<std::string, std::string> all() = 0;
};

}  // namespace kc::host::runtime
