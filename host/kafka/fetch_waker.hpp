// Keeps a group consumer's fetchers busy while a backlog is drained.
//
// librdkafka 2.0.2 stops fetching while the consumer queue holds
// queued.min.messages messages (or queued.max.messages.kbytes) and looks at the
// queue again only when its broker thread next wakes up: on network I/O, on a
// request to send, or after up to one second. A consumer that drains a backlog
// more slowly than the fetcher fills the queue, empties it, then idles for the
// rest of that second (the sink benchmark lost 70% of its throughput to it).
// Any request to a partition leader wakes its broker thread, so once the queue
// has drained below half of what stops the fetcher, one ListOffsets round trip
// to the leaders of the assignment restarts fetching at once.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>

namespace kc::host::kafka {

class FetchWaker {
  public:
    // rk: a consumer whose main queue is routed to its consumer queue.
    explicit FetchWaker(rd_kafka_t* rk);
    ~FetchWaker();
    FetchWaker(const FetchWaker&) = delete;
    FetchWaker& operator=(const FetchWaker&) = delete;

    // Called after each poll that took `taken` messages of `bytes` in total.
    void after_poll(std::size_t taken, std::size_t bytes);
    // How many times the fetchers were woken (for tests and debug logs).
    uint64_t wakeups() const { return wakeups_; }

  private:
    // Messages in the queue at which the fetcher stops, for the current
    // average message size.
    int64_t stop_level() const;
    void wake();

    rd_kafka_t* rk_;
    rd_kafka_queue_t* queue_;
    int64_t min_messages_;
    int64_t max_bytes_;
    double average_size_ = 0;
    bool filled_ = false;  // the queue was at least half-way to stop_level()
    uint64_t wakeups_ = 0;
};

}  // namespace kc::host::kafka
