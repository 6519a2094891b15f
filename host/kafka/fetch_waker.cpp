#include "host/kafka/fetch_waker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace kc::host::kafka {
namespace {

int64_t conf_int(rd_kafka_t* rk, const char* key, int64_t fallback) {
    char buf[64];
    size_t size = sizeof buf;
    if (rd_kafka_conf_get(rd_kafka_conf(rk), key, buf, &size) != RD_KAFKA_CONF_OK) return fallback;
    try {
        return std::stoll(buf);
    } catch (const std::exception&) {
        return fallback;
    }
}

}  // namespace

FetchWaker::FetchWaker(rd_kafka_t* rk)
    : rk_(rk),
      queue_(rd_kafka_queue_get_consumer(rk)),
      min_messages_(std::max<int64_t>(1, conf_int(rk, "queued.min.messages", 100000))),
      max_bytes_(std::max<int64_t>(1, conf_int(rk, "queued.max.messages.kbytes", 65536)) * 1024) {}

FetchWaker::~FetchWaker() {
    if (queue_) rd_kafka_queue_destroy(queue_);
}

int64_t FetchWaker::stop_level() const {
    if (average_size_ < 1) return min_messages_;
    return std::min(min_messages_, static_cast<int64_t>(max_bytes_ / average_size_));
}

void FetchWaker::after_poll(std::size_t taken, std::size_t bytes) {
    if (!queue_ || taken == 0) return;
    // A slowly moving average: the size mix of a topic changes slowly.
    const double size = static_cast<double>(bytes) / static_cast<double>(taken);
    average_size_ = average_size_ < 1 ? size : average_size_ * 0.9 + size * 0.1;
    const int64_t half = std::max<int64_t>(1, stop_level() / 2);
    const int64_t queued = rd_kafka_queue_length(queue_);
    if (queued >= half) {
        filled_ = true;
    } else if (filled_) {
        filled_ = false;
        wake();
    }
}

void FetchWaker::wake() {
    rd_kafka_topic_partition_list_t* assignment = nullptr;
    if (rd_kafka_assignment(rk_, &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR || !assignment) return;
    if (assignment->cnt > 0) {
        for (int i = 0; i < assignment->cnt; ++i)
            assignment->elems[i].offset = RD_KAFKA_OFFSET_END;  // "latest": cheapest to answer
        ++wakeups_;
        // The answer is not needed: the request itself is the wakeup.
        const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_, assignment, 1000);
        if (err) spdlog::debug("fetch wakeup request failed: {}", rd_kafka_err2str(err));
    }
    rd_kafka_topic_partition_list_destroy(assignment);
}

}  // namespace kc::host::kafka
