// What a consumer hands out: a view of each consumed message (topic,
// partition, offset, timestamp, key, value, headers) and the batch of one poll
// that owns what the views point to. No librdkafka type shows, so the runtime
// reads messages the same way from librdkafka's consumer and from a fake one.
#pragma once

#include <kc/abi.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kc::host::kafka {

// A header as consumed. value.ptr == nullptr for a null value.
struct MessageHeader {
    std::string_view key;
    kc_str value;
};

// One consumed message; non-owning, valid until its batch is cleared.
struct ConsumedMessage {
    // For as long as the consumer lives, topic.data() is the same address for
    // every message of a topic, so callers may tell topics apart by it.
    std::string_view topic;
    int32_t partition = -1;
    int64_t offset = -1;
    int64_t timestamp = -1;
    kc_timestamp_type timestamp_type = KC_TS_NONE;
    kc_str key{};    // ptr == nullptr for a null key
    kc_str value{};  // ptr == nullptr for a null value (a tombstone)
    std::span<const MessageHeader> headers;
};

// The messages of one poll, in order. Reuse one across polls: its vectors keep
// their capacity, so a steady stream allocates nothing per message here.
class MessageBatch {
  public:
    MessageBatch() = default;
    ~MessageBatch() { clear(); }
    MessageBatch(const MessageBatch&) = delete;
    MessageBatch& operator=(const MessageBatch&) = delete;

    std::size_t size() const { return messages_.size(); }
    bool empty() const { return messages_.empty(); }
    const ConsumedMessage& operator[](std::size_t i) const { return messages_[i]; }
    auto begin() const { return messages_.cbegin(); }
    auto end() const { return messages_.cend(); }
    // Drops the messages and gives back what the consumer lent the batch.
    void clear();

    // For the consumer filling the batch. add() takes a message without its
    // headers; add_header() appends one to the message added last.
    void add(const ConsumedMessage& message);
    void add_header(std::string_view key, kc_str value);
    // `resource` (the client's message) stays alive until clear() calls
    // `release` on it; one release function per batch fill.
    void hold(void* resource, void (*release)(void*));

  private:
    std::vector<ConsumedMessage> messages_;
    std::vector<MessageHeader> headers_;     // every message's, in order
    std::vector<std::size_t> first_header_;  // per message: its first in headers_
    std::vector<void*> held_;
    void (*release_)(void*) = nullptr;
};

}  // namespace kc::host::kafka
