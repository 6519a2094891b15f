#pragma once

#include <memory>

#include "host/storage/offset_backing_store.hpp"

namespace kc::host::storage {

// A source connector's view of its offsets when it has its own offsets topic
// (KIP-618 `offsets.storage.topic`), as Java's ConnectorOffsetBackingStore:
// reads merge the worker's store and the connector's, the connector's winning;
// writes go to the connector's store and are copied to the worker's, so that
// a connector moved back to the worker's topic finds its offsets there.
//
// Tombstones are the delicate part (KAFKA-15018): written only to the
// connector's store, a later fallback read would resurrect the worker store's
// old offset. So a batch with tombstones goes in three steps: the tombstones to
// the worker's store, then everything to the connector's, then the rest to the
// worker's. Failures of the first two fail the batch; the last is only logged.
//
// Either store may be absent (not both). The object must outlive the
// callbacks of its set() calls.
class ConnectorOffsetBackingStore : public OffsetBackingStore {
  public:
    // worker_store: the worker-wide store, not owned (the worker starts and
    // stops it). connector_store: owned; started and stopped with this one.
    // Throws std::invalid_argument when both are null.
    ConnectorOffsetBackingStore(OffsetBackingStore* worker_store,
                                std::unique_ptr<OffsetBackingStore> connector_store);

    void start() override;
    void stop() override;
    std::map<std::string, std::string> get(const std::vector<std::string>& keys) override;
    // `done` reports the write to the connector's store (or the worker's, when
    // there is no connector store), and, with tombstones, the tombstone write
    // before it.
    void set(const OffsetEntries& entries, SetCallback done) override;
    std::map<std::string, std::string> all() override;

    bool has_connector_store() const { return connector_ != nullptr; }
    bool has_worker_store() const { return worker_ != nullptr; }

  private:
    void set_primary_then_secondary(const OffsetEntries& all, OffsetEntries regular,
                                    SetCallback done);

    OffsetBackingStore* worker_;
    std::unique_ptr<OffsetBackingStore> connector_;
};

}  // namespace kc::host::storage
