// Where task drivers and the worker's offset tools get their Kafka clients:
// librdkafka's in the worker, a fake in unit tests. The runtime sees only the
// interfaces of host/kafka (MessageConsumer, MessageProducer,
// ConsumerGroupOffsets), never librdkafka.
#pragma once

#include <memory>

#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"
#include "host/kafka/consumer_group_offsets.hpp"
#include "host/kafka/message_consumer.hpp"
#include "host/kafka/message_producer.hpp"
#include "host/runtime/connector_config.hpp"

namespace kc::host::runtime {

class KafkaClients {
  public:
    virtual ~KafkaClients() = default;

    // `on_delivery` is called from within the producer's poll() and flush().
    virtual std::unique_ptr<kafka::MessageProducer> producer(
        const kafka::ClientConfig& config, kafka::DeliveryCallback on_delivery) = 0;
    // `listener` (may be null) must outlive the consumer.
    virtual std::unique_ptr<kafka::MessageConsumer> consumer(
        const kafka::ClientConfig& config, kafka::RebalanceListener* listener) = 0;
    // The producer of a sink task's dead letter queue, its topic
    // (settings.dlq_topic) created first through `admin` (the worker's or the
    // task's own) when missing. Throws when it cannot be.
    virtual std::unique_ptr<kafka::MessageProducer> dlq_producer(
        const kafka::ClientConfig& producer, kafka::Admin* admin, const ErrorSettings& settings,
        kafka::DeliveryCallback on_delivery) = 0;
    // A sink connector's consumer group (the group.id of `consumer`), read
    // and changed from outside it: the worker's offset tools.
    virtual std::unique_ptr<kafka::ConsumerGroupOffsets> group_offsets(
        const kafka::ClientConfig& consumer) = 0;
};

// The clients talking to Kafka through librdkafka.
std::shared_ptr<KafkaClients> librdkafka_clients();

}  // namespace kc::host::runtime
