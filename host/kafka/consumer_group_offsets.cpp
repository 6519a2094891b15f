#include "host/kafka/consumer_group_offsets.hpp"

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"

namespace kc::host::kafka {
namespace {

// Reads through one consumer that never joins the group; commits through a
// fresh one, assigned the partitions it commits.
class LibrdkafkaGroupOffsets : public ConsumerGroupOffsets {
  public:
    explicit LibrdkafkaGroupOffsets(ClientConfig config) : config_(std::move(config)) {}

    std::optional<int32_t> partition_count(const std::string& topic, int timeout_ms) override {
        return kafka::partition_count(reader().handle(), topic, timeout_ms);
    }
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartition>& partitions,
                                                int timeout_ms) override {
        return reader().committed(partitions, timeout_ms);
    }
    std::vector<TopicPartitionOffset> start_offsets(const std::vector<TopicPartition>& partitions,
                                                    int timeout_ms) override {
        return reader().start_offsets(partitions, timeout_ms);
    }
    void commit_from_outside(const std::vector<TopicPartitionOffset>& offsets) override {
        reader_.reset();
        Consumer outsider(config_);
        outsider.assign(offsets);
        outsider.commit_sync(offsets);
    }

  private:
    Consumer& reader() {
        if (!reader_) reader_ = std::make_unique<Consumer>(config_);
        return *reader_;
    }

    ClientConfig config_;
    std::unique_ptr<Consumer> reader_;
};

}  // namespace

std::unique_ptr<ConsumerGroupOffsets> make_consumer_group_offsets(
    const ClientConfig& consumer_config) {
    return std::make_unique<LibrdkafkaGroupOffsets>(consumer_config);
}

}  // namespace kc::host::kafka
