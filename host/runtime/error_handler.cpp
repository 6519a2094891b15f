#include "host/runtime/error_handler.hpp"

#include <spdlog/spdlog.h>

#include <random>
#include <thread>

namespace kc::host::runtime {

std::string_view stage_name(Stage s) {
    switch (s) {
        case Stage::TaskPoll:
            return "TASK_POLL";
        case Stage::TaskPut:
            return "TASK_PUT";
        case Stage::Transformation:
            return "TRANSFORMATION";
        case Stage::KeyConverter:
            return "KEY_CONVERTER";
        case Stage::ValueConverter:
            return "VALUE_CONVERTER";
        case Stage::HeaderConverter:
            return "HEADER_CONVERTER";
        case Stage::KafkaProduce:
            return "KAFKA_PRODUCE";
        case Stage::KafkaConsume:
            return "KAFKA_CONSUME";
    }
    return "UNKNOWN";
}

std::string_view exception_class_for(kc_status s) {
    switch (s) {
        case KC_RETRIABLE:
            return "org.apache.kafka.connect.errors.RetriableException";
        case KC_CONFIG:
            return "org.apache.kafka.common.config.ConfigException";
        case KC_DATA:
            return "org.apache.kafka.connect.errors.DataException";
        case KC_UNSUPPORTED:
            return "java.lang.UnsupportedOperationException";
        case KC_NOMEM:
            return "java.lang.OutOfMemoryError";
        default:
            return "org.apache.kafka.connect.errors.ConnectException";
    }
}

namespace {

// Java tolerates any exception in the converter and transformation stages;
// elsewhere only RetriableException is tolerable.
bool tolerates_any(Stage s) {
    return s == Stage::KeyConverter || s == Stage::ValueConverter || s == Stage::HeaderConverter ||
           s == Stage::Transformation || s == Stage::KafkaProduce;
}

ErrorReport describe(Stage stage, std::string_view cls, const kafka::ConsumedMessage* consumed,
                     std::exception_ptr e) {
    ErrorReport r{stage, cls, consumed, KC_FATAL, {}, {}, {}};
    try {
        std::rethrow_exception(e);
    } catch (const PluginError& pe) {
        r.status = pe.status;
        r.message = pe.what();
        r.trace = pe.trace.empty() ? std::string(exception_class_for(pe.status)) + ": " + pe.what()
                                   : pe.trace;
    } catch (const std::exception& ex) {
        r.status = KC_FATAL;
        r.message = ex.what();
        r.trace = std::string(exception_class_for(KC_FATAL)) + ": " + ex.what();
    } catch (...) {
        r.status = KC_FATAL;
        r.message = "unknown error";
        r.trace = r.message;
    }
    r.exception_class = exception_class_for(r.status);
    return r;
}

class LogReporter : public ErrorReporter {
  public:
    LogReporter(std::string task_id, bool include, metrics::TaskMetrics* metrics)
        : task_id_(std::move(task_id)), include_(include), metrics_(metrics) {}
    void report(const ErrorReport& r) override {
        std::string line = "Error encountered in task " + task_id_ + ". Executing stage '" +
                           std::string(stage_name(r.stage)) + "' with class '" +
                           std::string(r.class_name) + "'";
        if (include_ && r.consumed) {
            static const char* ts_names[] = {"NoTimestampType", "CreateTime", "LogAppendTime"};
            int tt = r.consumed->timestamp_type;
            line += ", where consumed record is {topic='" + std::string(r.consumed->topic) +
                    "', partition=" + std::to_string(r.consumed->partition) +
                    ", offset=" + std::to_string(r.consumed->offset) +
                    ", timestamp=" + std::to_string(r.consumed->timestamp) +
                    ", timestampType=" + (tt >= 0 && tt <= 2 ? ts_names[tt] : "NoTimestampType") +
                    "}";
        }
        line += ".";
        spdlog::error("{}\n{}", line, r.trace);
        if (metrics_) metrics_->record_error_logged();
    }

  private:
    std::string task_id_;
    bool include_;
    metrics::TaskMetrics* metrics_;
};

}  // namespace

std::unique_ptr<ErrorReporter> make_log_reporter(std::string task_id, bool include_messages,
                                                 metrics::TaskMetrics* metrics) {
    return std::make_unique<LogReporter>(std::move(task_id), include_messages, metrics);
}

ErrorHandler::ErrorHandler(ErrorSettings settings, std::string task_id,
                           metrics::TaskMetrics* metrics)
    : settings_(std::move(settings)), task_id_(std::move(task_id)), metrics_(metrics) {}

void ErrorHandler::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    wake_.notify_all();
}

bool ErrorHandler::sleep_backoff(int attempt, std::chrono::steady_clock::time_point deadline) {
    // Java: 300 ms doubling per retry; past errors.retry.delay.max.ms a random
    // delay below the max; never past the deadline.
    int64_t delay = attempt - 1 < 20 ? int64_t{300} << (attempt - 1) : INT64_MAX;
    if (delay > settings_.retry_delay_max_ms) {
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        delay = std::uniform_int_distribution<int64_t>(0, settings_.retry_delay_max_ms - 1)(rng);
    }
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
    if (settings_.retry_timeout_ms >= 0 && until > deadline) until = deadline;
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, until, [&] { return cancelled_.load(); });
    return !cancelled_;
}

bool ErrorHandler::on_exception(Stage stage, std::string_view cls,
                                const kafka::ConsumedMessage* consumed, std::exception_ptr e,
                                Retry retry) {
    auto start = std::chrono::steady_clock::now();
    auto deadline =
        start + std::chrono::milliseconds(std::max<int64_t>(0, settings_.retry_timeout_ms));
    int attempt = 1;
    while (true) {
        bool retriable = false;
        try {
            std::rethrow_exception(e);
        } catch (const PluginError& pe) {
            retriable = pe.status == KC_RETRIABLE;
        } catch (...) {
        }
        bool may_retry =
            retriable && settings_.retry_timeout_ms != 0 &&
            (settings_.retry_timeout_ms < 0 || std::chrono::steady_clock::now() < deadline);
        if (!may_retry || !sleep_backoff(attempt, deadline)) break;
        ++attempt;
        if (metrics_) {
            metrics_->record_failure();
            metrics_->record_retry();
        }
        try {
            retry.call(retry.op);
            return true;
        } catch (...) {
            e = std::current_exception();
        }
    }
    ErrorReport r = describe(stage, cls, consumed, e);
    return handle_failure(stage, cls, consumed, r.status, std::move(r.message), std::move(r.trace));
}

bool ErrorHandler::handle_failure(Stage stage, std::string_view cls,
                                  const kafka::ConsumedMessage* consumed, kc_status status,
                                  std::string message, std::string trace) {
    ++errors_;
    if (metrics_) {
        metrics_->record_failure();
        metrics_->record_error(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
    }
    ErrorReport r{stage,
                  cls,
                  consumed,
                  status,
                  std::string(exception_class_for(status)),
                  std::move(message),
                  std::move(trace)};
    if (r.trace.empty()) r.trace = r.exception_class + ": " + r.message;
    bool tolerable = tolerates_any(stage) || status == KC_RETRIABLE;
    // Reported before deciding, so even the record that fails the task reaches
    // the log and the dead letter queue.
    report(r);
    if (!tolerable)
        throw TaskFailure(
            "Unhandled exception in error handler",
            "org.apache.kafka.connect.errors.ConnectException: Unhandled exception in "
            "error handler\nCaused by: " +
                r.trace);
    if (settings_.tolerance != Tolerance::All)
        throw TaskFailure("Tolerance exceeded in error handler",
                          "org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in "
                          "error handler\nCaused by: " +
                              r.trace);
    if (metrics_) metrics_->record_skipped();
    return false;
}

void ErrorHandler::report(const ErrorReport& r) {
    for (auto& rep : reporters_) {
        try {
            rep->report(r);
        } catch (const std::exception& ex) {
            spdlog::error("Task {}: error reporter failed: {}", task_id_, ex.what());
        }
    }
}

}  // namespace kc::host::runtime
