// Source offsets in the offsets topic, as Java's KafkaOffsetBackingStore
// keeps them: every worker reads the whole topic; a write is done when Kafka
// has acknowledged its records, and becomes visible once read back.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "host/storage/kafka/internal_topic_log.hpp"
#include "host/storage/offset_backing_store.hpp"
#include "host/storage/offset_index.hpp"

namespace kc::host::storage {

class KafkaOffsetBackingStore : public OffsetBackingStore {
  public:
    // The topic is offset.storage.topic of settings.worker
    // (offset.storage.partitions, default 25). Nothing is contacted before
    // start().
    explicit KafkaOffsetBackingStore(KafkaStoreSettings settings);
    ~KafkaOffsetBackingStore() override;  // stop()

    // Checks the topic (creating it when missing) and reads all of it. Throws
    // kafka::KafkaError when Kafka does not answer within start_timeout.
    void start() override;
    // Waits up to settings.write_timeout for offsets being written; the rest
    // fail their callbacks.
    void stop() override;

    // Reads the topic to its end first (as Java does: another worker may have
    // owned the partition until now), then answers by the partition each key
    // names, whatever order its map was written in (OffsetIndex). Throws
    // StorageError naming the topic when the read takes longer than
    // settings.write_timeout.
    std::map<std::string, std::string> get(const std::vector<std::string>& keys) override;
    // Sends every entry with its key bytes unchanged (the producer places it
    // where Java's murmur2 partitioner would); nullopt values as tombstones.
    // `done` runs on the producer's delivery thread once every record is
    // acknowledged, or with a StorageError naming the topic once every
    // record has an outcome and one failed. Records acknowledged before a
    // failure stay written (Kafka cannot take them back; Java is the same).
    void set(const OffsetEntries& entries, SetCallback done) override;
    // Every entry, after reading the topic to its end.
    std::map<std::string, std::string> all() override;

    // offset.storage.topic.
    std::string topic_name() const;

  private:
    void on_record(const kafka::LogRecord& record);
    void read_to_end();

    const KafkaStoreSettings settings_;
    std::unique_ptr<kafka::KafkaBasedLog> log_;  // set by start(); not reset by stop()

    std::mutex mu_;
    OffsetIndex data_;  // guarded by mu_
};

}  // namespace kc::host::storage
