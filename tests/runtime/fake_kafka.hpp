// A Kafka in memory for the task drivers' unit tests: the KafkaClients a
// driver gets its producer and consumer from. Topics are logs of messages;
// the producer appends to them (delivery reports held back or failed on
// demand), the consumer reads them as one group member that is assigned every
// partition of the topics it subscribes to. Every call is recorded for the
// tests to check. The group offsets tools (KIP-875) read and commit the
// same committed offsets. Thread-safe: the driver runs on its own thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/runtime/kafka_clients.hpp"

namespace kc::host::runtime::testing {

struct FakeMessage {
    std::optional<std::string> key, value;  // nullopt = null
    std::vector<std::pair<std::string, std::string>> headers;
    int64_t timestamp = -1;
};

class FakeKafka : public KafkaClients {
  public:
    // ---- the cluster ----
    void create_topic(const std::string& topic, int partitions);
    // Appends to a partition's log (as another producer would).
    void append(const std::string& topic, int32_t partition, FakeMessage message);
    // What the partition's log holds.
    std::vector<FakeMessage> messages(const std::string& topic, int32_t partition = 0);

    // ---- producing ----
    // While held, produced records stay unacknowledged: no delivery report.
    void hold_acks(bool hold);
    // The next `count` records produced are reported failed with `error`.
    void fail_deliveries(int count, kafka::ErrorCode error);
    // Records produced and not reported yet.
    std::size_t unacknowledged();

    // ---- consuming ----
    std::map<kafka::TopicPartition, int64_t> committed();
    std::set<kafka::TopicPartition> paused();
    // Every seek, in order.
    std::vector<kafka::TopicPartitionOffset> seeks();
    int pause_calls();
    // Where a partition's log starts (0 until set), as if older records had
    // been deleted: what a group offsets reset goes back to.
    void set_log_start(const kafka::TopicPartition& partition, int64_t offset);
    // Commits from outside the group fail (unknown member) while a consumer
    // that subscribed is open: the group has members.
    int group_members();

    // ---- KafkaClients ----
    std::unique_ptr<kafka::MessageProducer> producer(const kafka::ClientConfig& config,
                                                     kafka::DeliveryCallback on_delivery) override;
    std::unique_ptr<kafka::MessageConsumer> consumer(const kafka::ClientConfig& config,
                                                     kafka::RebalanceListener* listener) override;
    std::unique_ptr<kafka::MessageProducer> dlq_producer(
        const kafka::ClientConfig& producer, kafka::Admin* admin, const ErrorSettings& settings,
        kafka::DeliveryCallback on_delivery) override;
    std::unique_ptr<kafka::ConsumerGroupOffsets> group_offsets(
        const kafka::ClientConfig& consumer) override;

  private:
    class Producer;
    class Consumer;
    class GroupOffsets;
    struct Stored {
        FakeMessage message;
        int64_t offset;
        std::vector<kafka::MessageHeader> header_views;  // into message.headers
    };
    using Log = std::deque<Stored>;  // references stay valid as it grows
    struct Delivery {
        const Producer* from;
        kafka::DeliveryReport report;  // its topic is a key of topics_
    };

    // The topic's entry (created with one partition on first use); its key
    // is the name consumed messages point to.
    std::map<std::string, std::vector<Log>>::iterator topic_locked(const std::string& topic);
    Stored& append_locked(const std::string& topic, int32_t partition, FakeMessage message);

    std::mutex mutex_;
    std::condition_variable appended_;
    std::map<std::string, std::vector<Log>> topics_;
    bool hold_acks_ = false;
    int fail_count_ = 0;
    kafka::ErrorCode fail_error_;
    std::vector<Delivery> deliveries_;  // waiting for a producer's poll()
    std::map<kafka::TopicPartition, int64_t> committed_;
    std::set<kafka::TopicPartition> paused_;
    std::vector<kafka::TopicPartitionOffset> seeks_;
    int pause_calls_ = 0;
    std::map<kafka::TopicPartition, int64_t> log_start_;
    int group_members_ = 0;
};

}  // namespace kc::host::runtime::testing
