// Drives one source task (Java WorkerSourceTask): poll -> transformation chain
// -> header/key/value converters -> asynchronous produce; offsets become
// committable as records are acknowledged in order and are flushed every
// offset.flush.interval.ms, then the task's commit() is called.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"
#include "host/kafka/message_producer.hpp"
#include "host/runtime/submitted_records.hpp"
#include "host/runtime/task_driver.hpp"
#include "host/storage/offset_backing_store.hpp"

namespace kc::host::runtime {

class SourceTaskDriver : public TaskDriver {
  public:
    // topic_creation: KIP-158's default group (partitions, replication factor) when
    // topic.creation.enable and both topic.creation.default.* keys are set;
    // `admin` (the worker's, or the task's own when the connector sets
    // admin.override.*) creates the topics; the task lets it go when it ends.
    SourceTaskDriver(TaskSetup setup, kafka::ClientConfig producer_config,
                     storage::OffsetBackingStore* offsets, std::shared_ptr<kafka::Admin> admin,
                     std::optional<std::pair<int32_t, int16_t>> topic_creation);
    ~SourceTaskDriver() override;

    kc_status offset_read(const kc_value* partition, kc_arena* arena, kc_value* out_offset,
                          bool* found, kc_error* err) override;
    kc_status transaction_request(kc_txn_request, const kc_record*) override {
        return KC_UNSUPPORTED;
    }

  protected:
    void execute() override;
    void on_stop_requested() override;

  private:
    void process(SubmittedRecords::Batch* batch, std::span<const kc_record* const> records);
    // Converts one record and produces it or queues it in pending_; false when
    // it was skipped.
    bool send(uint64_t seq, const kc_record& record, Arena& arena);
    // Hands pending_ to the producer in one call (more when its queue is full).
    void flush_pending();
    // A record the producer did not take or Kafka did not acknowledge: the
    // error handler decides (throws TaskFailure when not tolerated).
    void produce_failed(std::string_view topic, kafka::ErrorCode err);
    static std::string send_failure_message(std::string_view topic, kafka::ErrorCode err);
    // Stopping with Kafka unreachable: leave the rest unsent (and uncommitted)
    // rather than block shutdown.
    void check_stop_deadline() const;
    void on_delivery(const kafka::DeliveryReport& r);
    // Writes the committable offsets; returns false on failure or timeout.
    bool commit_offsets();
    void drain(std::chrono::steady_clock::time_point deadline);
    void ensure_topic(std::string_view topic);

    kafka::ClientConfig producer_config_;
    storage::OffsetBackingStore* offsets_;
    std::unique_ptr<SourceTaskInstance> task_;
    SubmittedRecords submitted_;
    std::shared_ptr<kafka::Admin> admin_;
    std::optional<std::pair<int32_t, int16_t>> topic_creation_;
    std::string last_topic_;  // topic creation is checked only when the topic changes
    std::set<std::string, std::less<>> known_topics_;
    std::vector<kafka::ProduceHeader> headers_;  // reused per record
    // Converted records without headers, timestamp or partition waiting to be
    // produced together, in order, all to one topic (whose name lives in
    // their batch).
    kafka::OutgoingBatch pending_;
    std::optional<std::string> failure_;  // from a delivery report, raised on the loop
    std::string failure_trace_;
    std::mutex task_mutex_;  // guards task_ against stop() from other threads
    std::atomic<std::chrono::steady_clock::time_point> stop_deadline_{
        std::chrono::steady_clock::time_point::max()};
    uint64_t sent_ = 0;       // records handed to the producer
    size_t last_active_ = 0;  // source-record-active-count last recorded
    // Last: its delivery reports reach the members above, so it goes first.
    std::unique_ptr<kafka::MessageProducer> producer_;
    struct StopRequested {};
};

}  // namespace kc::host::runtime
