#include "host/kafka/outgoing_batch.hpp"

#include <librdkafka/rdkafka.h>

namespace kc::host::kafka {

OutgoingBatch::OutgoingBatch() = default;
OutgoingBatch::~OutgoingBatch() = default;

void OutgoingBatch::add(kc_str key, kc_str value, void* opaque) {
    rd_kafka_message_t& m = slots_.emplace_back();
    m.key = const_cast<char*>(key.ptr);
    m.key_len = key.ptr ? key.len : 0;
    m.payload = const_cast<char*>(value.ptr);
    m.len = value.ptr ? value.len : 0;
    m._private = opaque;
}

std::size_t OutgoingBatch::size() const {
    return slots_.size();
}

void OutgoingBatch::clear() {
    slots_.clear();
    topic_ = {};
}

kc_str OutgoingBatch::key(std::size_t i) const {
    return {static_cast<const char*>(slots_[i].key), slots_[i].key_len};
}

kc_str OutgoingBatch::value(std::size_t i) const {
    return {static_cast<const char*>(slots_[i].payload), slots_[i].len};
}

void* OutgoingBatch::opaque(std::size_t i) const {
    return slots_[i]._private;
}

ErrorCode OutgoingBatch::error(std::size_t i) const {
    return ErrorCode(slots_[i].err);
}

void OutgoingBatch::set_error(std::size_t i, ErrorCode error) {
    slots_[i].err = static_cast<rd_kafka_resp_err_t>(error.value());
}

}  // namespace kc::host::kafka
