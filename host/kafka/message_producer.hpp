// What a task's driver (and the dead letter queue) asks of a producer.
// kafka::Producer (librdkafka) implements it; unit tests give a fake.
#pragma once

#include <kc/abi.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "host/kafka/error_code.hpp"
#include "host/kafka/outgoing_batch.hpp"

namespace kc::host::kafka {

// One delivery report. topic is valid for the duration of the callback.
struct DeliveryReport {
    ErrorCode error;  // none when acknowledged
    std::string_view topic;
    int32_t partition;
    int64_t offset;     // -1 when not acknowledged
    int64_t timestamp;  // -1 when unknown
    void* opaque;       // as passed to produce()
};
using DeliveryCallback = std::function<void(const DeliveryReport&)>;

// A header to produce. value.ptr == nullptr means a null header value.
struct ProduceHeader {
    std::string_view key;
    kc_str value;
};

// Asynchronous: produce() queues; delivery reports arrive through the
// callback given when the producer was made, from within poll()/flush(), on
// the calling thread. Meant for one thread at a time.
class MessageProducer {
  public:
    // For partition: the partitioner decides.
    static constexpr int32_t kAnyPartition = -1;

    virtual ~MessageProducer() = default;

    // key/value ptr == nullptr means null (a tombstone value). partition
    // kAnyPartition = the partitioner decides; timestamp_ms -1 = now. Returns
    // an error that is queue_full() when the local queue is full (poll() and
    // retry), other errors for bad arguments (unknown partition, too large).
    virtual ErrorCode produce(std::string_view topic, int32_t partition, kc_str key, kc_str value,
                              std::span<const ProduceHeader> headers, int64_t timestamp_ms,
                              void* opaque) = 0;
    // Queues batch records [first, size()) to batch.topic(), without headers
    // or partition, stamped with the time of the call, and sets each one's
    // error (see OutgoingBatch::error).
    virtual void produce_batch(OutgoingBatch& batch, std::size_t first) = 0;

    // Serves delivery reports; returns how many events were served.
    virtual int poll(int timeout_ms) = 0;
    // Waits until every queued record is acknowledged or timeout_ms passes.
    virtual ErrorCode flush(int timeout_ms) = 0;
    // No more delivery reports from here on (e.g. before closing with records
    // the caller has given up on).
    virtual void ignore_delivery_reports() = 0;
};

}  // namespace kc::host::kafka
