// Drives one sink task (Java WorkerSinkTask): consume a batch -> header, key,
// value converters -> transformation chain -> put(); every
// offset.flush.interval.ms (or when the task asks) preCommit() and commit the
// consumer offsets the task reports safe. A RetriableException from put()
// pauses the partitions and redelivers the same batch. The partitions' offsets
// are kept by SinkPartitions, the consumed records behind a batch by
// ConsumedBatch; this class runs the loop and answers the sink task context.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"
#include "host/kafka/message_consumer.hpp"
#include "host/runtime/consumed_batch.hpp"
#include "host/runtime/sink_partitions.hpp"
#include "host/runtime/task_driver.hpp"

namespace kc::host::runtime {

class SinkTaskDriver : public TaskDriver, private kafka::RebalanceListener {
  public:
    SinkTaskDriver(TaskSetup setup, kafka::ClientConfig consumer_config,
                   std::optional<kafka::ClientConfig> dlq_producer_config,
                   std::shared_ptr<kafka::Admin> admin);
    ~SinkTaskDriver() override;

    // Sink task context (task thread).
    kc_status sink_assignment(kc_arena* arena, const kc_topic_partition** out,
                              size_t* out_count) override;
    kc_status sink_pause(const kc_topic_partition* tps, size_t count) override;
    kc_status sink_resume(const kc_topic_partition* tps, size_t count) override;
    kc_status sink_offset_reset(const kc_topic_partition_offset* tpos, size_t count) override;
    kc_status sink_timeout(int64_t timeout_ms) override;
    kc_status sink_request_commit() override;
    kc_status errant_record_report(const kc_record* record, kc_status cause,
                                   std::string_view message) override;

  protected:
    void execute() override;
    void on_stop_requested() override;

  private:
    void on_partitions_assigned(const std::vector<kafka::TopicPartition>& tps) override;
    void on_partitions_revoked(const std::vector<kafka::TopicPartition>& tps) override;
    void on_partitions_lost(const std::vector<kafka::TopicPartition>& tps) override;

    void convert_batch();
    bool deliver();                   // put(); false when it must be redelivered
    void record_active(int64_t now);  // sink-record-active-count
    void commit(bool sync, const std::vector<kafka::TopicPartition>* only = nullptr);
    void pause_all(bool pause);

    kafka::ClientConfig consumer_config_;
    std::optional<kafka::ClientConfig> dlq_config_;
    // The DLQ topic check's: the worker's, or the task's own (admin.override.*).
    std::shared_ptr<kafka::Admin> admin_;
    std::unique_ptr<kafka::MessageConsumer> consumer_;
    std::unique_ptr<SinkTaskInstance> task_;
    std::mutex task_mutex_;
    SinkPartitions partitions_;

    kafka::MessageBatch batch_, scratch_;
    Arena arena_{1 << 20}, commit_arena_{16 * 1024};
    std::vector<const kc_record*> records_;
    ConsumedBatch consumed_;  // finds the message behind a reported record
    std::vector<kc_header> header_scratch_;
    bool redeliver_ = false;
    int64_t retry_timeout_ms_ = -1;  // from context.timeout()
    bool commit_requested_ = false;
    bool failed_by_reporter_ = false;
    std::string reporter_failure_trace_;
};

}  // namespace kc::host::runtime
