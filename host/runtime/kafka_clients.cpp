#include "host/runtime/kafka_clients.hpp"

#include <stdexcept>

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"
#include "host/kafka/producer.hpp"

namespace kc::host::runtime {
namespace {

// As Java's reporter does: create the topic only when it is missing (a
// cluster may refuse CreateTopics to the worker yet hold the topic).
void ensure_dlq_topic(kafka::Admin& a, const ErrorSettings& settings) {
    if (a.partition_count(settings.dlq_topic, 30000)) return;
    kafka::NewTopic t;
    t.name = settings.dlq_topic;
    t.partitions = 1;
    t.replication_factor = settings.dlq_replication_factor;
    auto results = a.create_topics({t}, 30000);
    if (!results.empty() && !results[0].created() && !results[0].already_exists()) {
        // A small cluster cannot hold 3 replicas; retry with the broker default.
        t.replication_factor = -1;
        results = a.create_topics({t}, 30000);
        if (!results.empty() && !results[0].created() && !results[0].already_exists())
            throw std::runtime_error("Could not create dead letter queue topic '" + t.name +
                                     "': " + results[0].message);
    }
}

class Librdkafka : public KafkaClients {
  public:
    std::unique_ptr<kafka::MessageProducer> producer(const kafka::ClientConfig& config,
                                                     kafka::DeliveryCallback on_delivery) override {
        return std::make_unique<kafka::Producer>(config, std::move(on_delivery));
    }
    std::unique_ptr<kafka::MessageConsumer> consumer(const kafka::ClientConfig& config,
                                                     kafka::RebalanceListener* listener) override {
        return std::make_unique<kafka::Consumer>(config, listener);
    }
    std::unique_ptr<kafka::MessageProducer> dlq_producer(
        const kafka::ClientConfig& producer, kafka::Admin* admin, const ErrorSettings& settings,
        kafka::DeliveryCallback on_delivery) override {
        ensure_dlq_topic(*admin, settings);
        return std::make_unique<kafka::Producer>(producer, std::move(on_delivery));
    }
    std::unique_ptr<kafka::ConsumerGroupOffsets> group_offsets(
        const kafka::ClientConfig& consumer) override {
        return kafka::make_consumer_group_offsets(consumer);
    }
};

}  // namespace

std::shared_ptr<KafkaClients> librdkafka_clients() {
    static const auto clients = std::make_shared<Librdkafka>();
    return clients;
}

}  // namespace kc::host::runtime
