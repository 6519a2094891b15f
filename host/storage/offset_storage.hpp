#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/storage/offset_backing_store.hpp"
#include "host/storage/offset_json.hpp"

namespace kc::host::storage {

// Reads a connector's source offsets (Java OffsetStorageReaderImpl).
class OffsetStorageReader {
  public:
    OffsetStorageReader(OffsetBackingStore& store, std::string connector)
        : store_(store), connector_(std::move(connector)) {}

    // The stored offset of `partition`; nullopt when none (or a tombstone).
    // A stored value that is not a JSON map is logged and treated as none.
    std::optional<OffsetMap> offset(const OffsetMap& partition);
    // Several at once; one entry per partition that has an offset, keyed by
    // its index in `partitions`.
    std::map<std::size_t, OffsetMap> offsets(const std::vector<OffsetMap>& partitions);

  private:
    OffsetBackingStore& store_;
    std::string connector_;
};

// Buffers a connector's source offsets and flushes them in snapshots (Java
// OffsetStorageWriter). offset() may be called while a flush is in progress:
// new offsets go to the next snapshot. A flush that fails puts its snapshot
// back under any newer offsets, so nothing is lost. Thread-safe.
class OffsetStorageWriter {
  public:
    OffsetStorageWriter(OffsetBackingStore& store, std::string connector)
        : store_(store), connector_(std::move(connector)) {}

    // Records the latest offset of a partition; nullopt offset = tombstone.
    void offset(const OffsetMap& partition, const std::optional<OffsetMap>& offset);

    // Snapshots the buffered offsets. False when there is nothing to flush.
    // Throws std::logic_error if the previous flush has not finished.
    bool begin_flush();
    // Writes the snapshot; `done` runs once it is durable or has failed (for
    // the file store, before do_flush returns). On failure the snapshot is
    // merged back so the next flush retries it.
    void do_flush(OffsetBackingStore::SetCallback done);
    // Gives up a snapshot without writing it (its offsets are kept).
    void cancel_flush();

    bool flush_in_progress() const;
    // Number of partitions waiting for the next flush.
    std::size_t pending() const;

  private:
    using Buffer = std::map<std::string, std::optional<std::string>>;  // key -> value bytes
    void finish_flush(uint64_t id, std::exception_ptr error);

    OffsetBackingStore& store_;
    std::string connector_;
    mutable std::mutex mu_;
    Buffer data_;
    std::optional<Buffer> to_flush_;
    uint64_t flush_id_ = 0;
};

}  // namespace kc::host::storage
