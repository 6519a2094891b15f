// The metrics of one task (Java's TaskMetricsGroup, SourceTaskMetricsGroup,
// SinkTaskMetricsGroup and ErrorHandlingMetrics): connector-task-metrics,
// source-task-metrics or sink-task-metrics, and task-error-metrics. The task's
// thread records per batch (never per record) into atomics; a scrape reads
// them from another thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "host/core/connect_types.hpp"
#include "host/metrics/attribute.hpp"
#include "host/metrics/sampled_stat.hpp"

namespace kc::host::metrics {

class TaskMetrics {
  public:
    TaskMetrics(ConnectorTaskId id, bool sink, WindowConfig window);

    const ConnectorTaskId& id() const { return id_; }
    bool sink() const { return sink_; }

    // connector-task-metrics
    void set_state(ConnectState s);
    void record_batch(size_t records, int64_t now) { batch_size_.record(double(records), now); }
    void record_commit(bool ok, int64_t duration_ms, int64_t now);

    // source-task-metrics
    void record_poll(size_t records, int64_t duration_ms, int64_t now);
    void record_write(size_t records, int64_t now) { write_.record(double(records), now); }
    void record_source_active(size_t in_flight, int64_t now) { active(in_flight, now); }

    // sink-task-metrics
    void record_read(size_t records, int64_t now) { read_.record(double(records), now); }
    void record_send(size_t records, int64_t duration_ms, int64_t now);
    void record_sink_active(size_t uncommitted, int64_t now) { active(uncommitted, now); }
    void set_partition_count(size_t n) { partitions_.store(int64_t(n), relaxed); }
    void record_commit_skip(int64_t now) { commit_skip_.record(1, now); }

    // task-error-metrics
    void record_failure() { failures_.add(1); }
    void record_retry() { retries_.add(1); }
    void record_error(int64_t wall_ms) {
        errors_.add(1);
        last_error_ms_.store(wall_ms, relaxed);
    }
    void record_skipped() { skipped_.add(1); }
    void record_error_logged() { logged_.add(1); }
    void record_dlq_request() { dlq_requests_.add(1); }
    void record_dlq_failure() { dlq_failures_.add(1); }

    // Every attribute of the task's groups, as of `now`.
    void collect(AttributeSink& out, int64_t now) const;

  private:
    static constexpr auto relaxed = std::memory_order_relaxed;
    void active(size_t n, int64_t now) {
        active_.store(int64_t(n), relaxed);
        active_window_.record(double(n), now);
    }
    // Share of the time since the task was created spent in `s` (Java StateTracker).
    double ratio(ConnectState s, int64_t now) const;

    const ConnectorTaskId id_;
    const std::string task_label_;
    const bool sink_;

    mutable std::mutex state_mutex_;  // state changes are rare
    ConnectState state_ = ConnectState::Unassigned;
    int64_t created_ms_, state_since_ms_;
    int64_t running_ms_ = 0, paused_ms_ = 0;  // closed periods

    SampledStat batch_size_, commit_time_, commit_outcomes_;  // outcomes: 1 ok, 0 failed
    SampledStat poll_time_, put_time_, active_window_;
    Meter poll_, write_, read_, send_, commit_completion_, commit_skip_;
    std::atomic<int64_t> active_{0}, partitions_{0}, commit_seq_{0};
    Total failures_, retries_, errors_, skipped_, logged_, dlq_requests_, dlq_failures_;
    std::atomic<int64_t> last_error_ms_{0};
};

}  // namespace kc::host::metrics
