#include "host/kafka/message_batch.hpp"

namespace kc::host::kafka {

void MessageBatch::clear() {
    messages_.clear();
    headers_.clear();
    first_header_.clear();
    for (void* r : held_)
        release_(r);
    held_.clear();
}

void MessageBatch::add(const ConsumedMessage& message) {
    messages_.push_back(message);
    messages_.back().headers = {};
    first_header_.push_back(headers_.size());
}

void MessageBatch::add_header(std::string_view key, kc_str value) {
    const MessageHeader* before = headers_.data();
    headers_.push_back({key, value});
    ConsumedMessage& last = messages_.back();
    last.headers = {headers_.data() + first_header_.back(), last.headers.size() + 1};
    if (headers_.data() == before) return;
    // The headers moved: point the earlier messages at their new place.
    for (std::size_t i = 0; i + 1 < messages_.size(); ++i)
        if (!messages_[i].headers.empty())
            messages_[i].headers = {headers_.data() + first_header_[i],
                                    messages_[i].headers.size()};
}

void MessageBatch::hold(void* resource, void (*release)(void*)) {
    release_ = release;
    held_.push_back(resource);
}

}  // namespace kc::host::kafka
