// Records to one topic that a producer queues in one call
// (MessageProducer::produce_batch): key, value and the id its delivery report
// carries back, and after the call each record's error. Reuse one across
// batches; the bytes stay the caller's (they live in the batch's arena).
#pragma once

#include <kc/abi.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "host/kafka/error_code.hpp"

struct rd_kafka_message_s;  // the slots are librdkafka's own, filled in place

namespace kc::host::kafka {

class OutgoingBatch {
  public:
    OutgoingBatch();
    ~OutgoingBatch();
    OutgoingBatch(const OutgoingBatch&) = delete;
    OutgoingBatch& operator=(const OutgoingBatch&) = delete;

    // The topic of every record; the caller keeps the name alive while the
    // batch holds records.
    std::string_view topic() const { return topic_; }
    void set_topic(std::string_view topic) { topic_ = topic; }

    // key/value ptr == nullptr means null. `opaque` comes back in the record's
    // delivery report.
    void add(kc_str key, kc_str value, void* opaque);
    std::size_t size() const;
    bool empty() const { return size() == 0; }
    // Drops the records and the topic.
    void clear();

    kc_str key(std::size_t i) const;
    kc_str value(std::size_t i) const;
    void* opaque(std::size_t i) const;
    // After produce_batch: whether record i was queued. Records after the
    // first queue_full() one were not queued and carry that error too.
    ErrorCode error(std::size_t i) const;
    void set_error(std::size_t i, ErrorCode error);  // by the producer

  private:
    friend class Producer;
    std::vector<rd_kafka_message_s> slots_;
    std::string_view topic_;
};

}  // namespace kc::host::kafka
