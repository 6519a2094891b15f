// librdkafka's producer behind MessageProducer.
#pragma once

#include <kc/abi.h>
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "host/kafka/client_config.hpp"
#include "host/kafka/message_producer.hpp"
#include "host/kafka/rd_conf.hpp"

namespace kc::host::kafka {

// librdkafka's asynchronous producer (see MessageProducer for the contract).
class Producer : public MessageProducer {
  public:
    Producer(const ClientConfig& config, DeliveryCallback on_delivery);
    // Purges what is still queued (each gets a delivery report with a
    // __PURGE_* error, so callers learn it was not delivered) and closes.
    ~Producer() override;
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    ErrorCode produce(std::string_view topic, int32_t partition, kc_str key, kc_str value,
                      std::span<const ProduceHeader> headers, int64_t timestamp_ms,
                      void* opaque) override;
    // One call to librdkafka for the whole batch: it then takes the topic's
    // lock and reads the clocks once per call instead of once per record. No
    // partition: librdkafka (2.0.2 to 2.15 at least) leaks a message it
    // refuses for naming a partition the topic lacks.
    void produce_batch(OutgoingBatch& batch, std::size_t first) override;
    int poll(int timeout_ms) override;
    ErrorCode flush(int timeout_ms) override;
    void ignore_delivery_reports() override { on_delivery_ = nullptr; }
    // Records queued or in flight, not yet reported.
    int in_flight() const;
    rd_kafka_t* handle() const { return rk_.get(); }

  private:
    static void dr_cb(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    rd_kafka_topic_t* topic_handle(std::string_view topic);

    DeliveryCallback on_delivery_;
    RdKafkaPtr rk_;
    std::map<std::string, rd_kafka_topic_t*, std::less<>> topics_;
    // Records nearly always go to the topic of the record before them.
    std::string_view last_topic_;  // a key of topics_
    rd_kafka_topic_t* last_rkt_ = nullptr;
    // Topic of the previous delivery report (rkt handles live until close).
    const rd_kafka_topic_t* dr_rkt_ = nullptr;
    std::string_view dr_topic_;
};

}  // namespace kc::host::kafka
