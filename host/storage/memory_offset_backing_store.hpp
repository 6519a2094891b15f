#pragma once

#include <mutex>

#include "host/storage/offset_backing_store.hpp"
#include "host/storage/offset_index.hpp"

namespace kc::host::storage {

// Offsets in memory only (tests, and the base of the file store). Keys are
// matched by the partition they name (OffsetIndex): get() finds an offset
// whatever order the partition's keys were written in, and answers under the
// key it was asked for.
class MemoryOffsetBackingStore : public OffsetBackingStore {
  public:
    std::map<std::string, std::string> get(const std::vector<std::string>& keys) override;
    void set(const OffsetEntries& entries, SetCallback done) override;
    std::map<std::string, std::string> all() override;

  protected:
    // Hook for subclasses: persist `next` (the whole content after the batch)
    // before it replaces the current data; throwing keeps the old data.
    virtual void persist(const std::map<std::string, std::string>& next) { (void)next; }
    // Replaces the content without persisting (loading).
    void replace(std::map<std::string, std::string> data);

  private:
    std::mutex mu_;
    OffsetIndex data_;
};

}  // namespace kc::host::storage
