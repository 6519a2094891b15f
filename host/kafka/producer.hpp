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
#include "host/kafka/rd_conf.hpp"

namespace kc::host::kafka {

// One delivery report. topic is valid for the duration of the callback.
struct DeliveryReport {
    rd_kafka_resp_err_t error;  // RD_KAFKA_RESP_ERR_NO_ERROR when acknowledged
    std::string_view topic;
    int32_t partition;
    int64_t offset;     // -1 when not acknowledged
    int64_t timestamp;  // -1 when unknown
    void* opaque;       // as passed to produce()
};

// A header to produce. value.ptr == nullptr means a null header value.
struct ProduceHeader {
    std::string_view key;
    kc_str value;
};

// Asynchronous producer. produce() queues; delivery reports arrive through the
// callback from within poll()/flush(), on the calling thread. produce()/poll()
// are meant for one thread at a time (the task thread); flush() too.
class Producer {
  public:
    using DeliveryCallback = std::function<void(const DeliveryReport&)>;

    Producer(const ClientConfig& config, DeliveryCallback on_delivery);
    // Purges what is still queued (each gets a delivery report with a
    // __PURGE_* error, so callers learn it was not delivered) and closes.
    ~Producer();
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    // key/value ptr == nullptr means null (a tombstone value). partition -1 =
    // the partitioner decides; timestamp_ms -1 = now. Returns
    // RD_KAFKA_RESP_ERR__QUEUE_FULL when the local queue is full (poll() and
    // retry), other errors for bad arguments (unknown partition, too large).
    rd_kafka_resp_err_t produce(std::string_view topic, int32_t partition, kc_str key, kc_str value,
                                std::span<const ProduceHeader> headers, int64_t timestamp_ms,
                                void* opaque);

    // Queues records without headers or partition, stamped with the time of
    // the call, to one topic in one call: librdkafka then takes the topic's
    // lock and reads the clocks once per call instead of once per record.
    // Reads each message's key, payload and _private (the opaque of its
    // delivery report) and sets its err as produce() would return it; records
    // after the first RD_KAFKA_RESP_ERR__QUEUE_FULL are not queued and carry
    // that error too. No partition: librdkafka (2.0.2 to 2.15 at least) leaks
    // a message it refuses for naming a partition the topic lacks.
    void produce_batch(std::string_view topic, std::span<rd_kafka_message_t> messages);

    // Serves delivery reports; returns how many events were served.
    int poll(int timeout_ms);
    // Waits until every queued record is acknowledged or timeout_ms passes
    // (RD_KAFKA_RESP_ERR__TIMED_OUT).
    rd_kafka_resp_err_t flush(int timeout_ms);
    // Records queued or in flight, not yet reported.
    int in_flight() const;
    // No more delivery reports from here on (e.g. before closing with records
    // the caller has given up on).
    void ignore_delivery_reports() { on_delivery_ = nullptr; }
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
