#include "host/metrics/task_metrics.hpp"

#include <cctype>

namespace kc::host::metrics {

TaskMetrics::TaskMetrics(ConnectorTaskId id, bool sink, WindowConfig w)
    : id_(std::move(id)),
      task_label_(std::to_string(id_.task)),
      sink_(sink),
      created_ms_(now_ms()),
      state_since_ms_(created_ms_),
      batch_size_(w),
      commit_time_(w),
      commit_outcomes_(w),
      poll_time_(w),
      put_time_(w),
      active_window_(w),
      poll_(w),
      write_(w),
      read_(w),
      send_(w),
      commit_completion_(w),
      commit_skip_(w) {}

void TaskMetrics::set_state(ConnectState s) {
    const int64_t now = now_ms();
    std::lock_guard lock(state_mutex_);
    if (state_ == ConnectState::Running) running_ms_ += now - state_since_ms_;
    if (state_ == ConnectState::Paused) paused_ms_ += now - state_since_ms_;
    state_ = s;
    state_since_ms_ = now;
}

double TaskMetrics::ratio(ConnectState s, int64_t now) const {
    std::lock_guard lock(state_mutex_);
    int64_t in_state = s == ConnectState::Running ? running_ms_ : paused_ms_;
    if (state_ == s) in_state += now - state_since_ms_;
    const int64_t total = now - created_ms_;
    return total <= 0 ? 0.0 : double(in_state) / double(total);
}

void TaskMetrics::record_commit(bool ok, int64_t duration_ms, int64_t now) {
    commit_outcomes_.record(ok ? 1 : 0, now);
    if (!ok) return;
    commit_time_.record(double(duration_ms), now);
    if (sink_) {
        commit_seq_.fetch_add(1, relaxed);
        commit_completion_.record(1, now);
    }
}

void TaskMetrics::record_poll(size_t records, int64_t duration_ms, int64_t now) {
    poll_.record(double(records), now);
    poll_time_.record(double(duration_ms), now);
    batch_size_.record(double(records), now);
}

void TaskMetrics::record_send(size_t records, int64_t duration_ms, int64_t now) {
    send_.record(double(records), now);
    put_time_.record(double(duration_ms), now);
    batch_size_.record(double(records), now);
}

void TaskMetrics::collect(AttributeSink& out, int64_t now) const {
    const Tag tags[] = {{"connector", id_.connector}, {"task", task_label_}};
    ConnectState state;
    {
        std::lock_guard lock(state_mutex_);
        state = state_;
    }
    std::string status(connect_state_name(state));
    for (char& c : status)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

    constexpr std::string_view task = "connector-task-metrics";
    emit_text(out, task, tags, "status", status);
    emit(out, task, tags, "running-ratio", ratio(ConnectState::Running, now));
    emit(out, task, tags, "pause-ratio", ratio(ConnectState::Paused, now));
    emit(out, task, tags, "offset-commit-max-time-ms", commit_time_.max(now));
    emit(out, task, tags, "offset-commit-avg-time-ms", commit_time_.avg(now));
    emit(out, task, tags, "batch-size-max", batch_size_.max(now));
    emit(out, task, tags, "batch-size-avg", batch_size_.avg(now));
    // Java Frequencies: the share of the live windows' commits that succeeded.
    const int64_t commits = commit_outcomes_.count(now);
    const double ok = commits ? commit_outcomes_.sum(now) / double(commits) : 0.0;
    emit(out, task, tags, "offset-commit-success-percentage", ok);
    emit(out, task, tags, "offset-commit-failure-percentage", commits ? 1.0 - ok : 0.0);

    const double active = double(active_.load(relaxed));
    if (sink_) {
        constexpr std::string_view g = "sink-task-metrics";
        emit(out, g, tags, "sink-record-read-rate", read_.rate(now));
        emit(out, g, tags, "sink-record-read-total", read_.total());
        emit(out, g, tags, "sink-record-send-rate", send_.rate(now));
        emit(out, g, tags, "sink-record-send-total", send_.total());
        emit(out, g, tags, "partition-count", double(partitions_.load(relaxed)));
        emit(out, g, tags, "offset-commit-seq-no", double(commit_seq_.load(relaxed)));
        emit(out, g, tags, "offset-commit-completion-rate", commit_completion_.rate(now));
        emit(out, g, tags, "offset-commit-completion-total", commit_completion_.total());
        emit(out, g, tags, "offset-commit-skip-rate", commit_skip_.rate(now));
        emit(out, g, tags, "offset-commit-skip-total", commit_skip_.total());
        emit(out, g, tags, "put-batch-max-time-ms", put_time_.max(now));
        emit(out, g, tags, "put-batch-avg-time-ms", put_time_.avg(now));
        emit(out, g, tags, "sink-record-active-count", active);
        emit(out, g, tags, "sink-record-active-count-max", active_window_.max(now));
        emit(out, g, tags, "sink-record-active-count-avg", active_window_.avg(now));
    } else {
        constexpr std::string_view g = "source-task-metrics";
        emit(out, g, tags, "source-record-poll-rate", poll_.rate(now));
        emit(out, g, tags, "source-record-poll-total", poll_.total());
        emit(out, g, tags, "source-record-write-rate", write_.rate(now));
        emit(out, g, tags, "source-record-write-total", write_.total());
        emit(out, g, tags, "poll-batch-max-time-ms", poll_time_.max(now));
        emit(out, g, tags, "poll-batch-avg-time-ms", poll_time_.avg(now));
        emit(out, g, tags, "source-record-active-count", active);
        emit(out, g, tags, "source-record-active-count-max", active_window_.max(now));
        emit(out, g, tags, "source-record-active-count-avg", active_window_.avg(now));
    }

    constexpr std::string_view e = "task-error-metrics";
    emit(out, e, tags, "total-record-failures", failures_.value());
    emit(out, e, tags, "total-record-errors", errors_.value());
    emit(out, e, tags, "total-records-skipped", skipped_.value());
    emit(out, e, tags, "total-retries", retries_.value());
    emit(out, e, tags, "total-errors-logged", logged_.value());
    emit(out, e, tags, "deadletterqueue-produce-requests", dlq_requests_.value());
    emit(out, e, tags, "deadletterqueue-produce-failures", dlq_failures_.value());
    emit(out, e, tags, "last-error-timestamp", double(last_error_ms_.load(relaxed)));
}

}  // namespace kc::host::metrics
