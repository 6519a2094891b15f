// One error handler per task (Java RetryWithToleranceOperator): runs a stage's
// operation, retries RetriableException with Java's backoff until
// errors.retry.timeout, then either skips the record (errors.tolerance=all,
// for the stages where Java tolerates any exception) or fails the task. Every
// failure goes to the reporters (log, dead letter queue).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/message_batch.hpp"
#include "host/metrics/task_metrics.hpp"
#include "host/plugins/host_services.hpp"
#include "host/runtime/connector_config.hpp"
#include "kc/abi.h"

namespace kc::host::runtime {

enum class Stage {
    TaskPoll,
    TaskPut,
    Transformation,
    KeyConverter,
    ValueConverter,
    HeaderConverter,
    KafkaProduce,
    KafkaConsume,
};
std::string_view stage_name(Stage s);

// What went wrong, for reporters.
struct ErrorReport {
    Stage stage;
    std::string_view class_name;  // the plugin class executing the stage
    const kafka::ConsumedMessage* consumed = nullptr;
    kc_status status = KC_FATAL;
    std::string exception_class;  // Java-style exception class name
    std::string message;
    std::string trace;
};

class ErrorReporter {
  public:
    virtual ~ErrorReporter() = default;
    virtual void report(const ErrorReport& r) = 0;
};

// The task must stop: the error was not tolerable or tolerance is exceeded.
// what() is Java's message, trace carries the cause.
class TaskFailure : public std::runtime_error {
  public:
    TaskFailure(const std::string& message, std::string trace)
        : std::runtime_error(message), trace(std::move(trace)) {}
    std::string trace;
};

class ErrorHandler {
  public:
    // `metrics` (task-error-metrics) may be null.
    ErrorHandler(ErrorSettings settings, std::string task_id,
                 metrics::TaskMetrics* metrics = nullptr);

    void add_reporter(std::unique_ptr<ErrorReporter> r) { reporters_.push_back(std::move(r)); }
    bool has_reporters() const { return !reporters_.empty(); }
    const ErrorSettings& settings() const { return settings_; }
    const std::string& task_id() const { return task_id_; }

    // Runs op(); returns true when it succeeded, false when it failed and the
    // record is to be skipped. Throws TaskFailure when the task must fail.
    template <class Op>
    bool execute(Stage stage, std::string_view class_name, const kafka::ConsumedMessage* consumed,
                 Op&& op) {
        try {
            op();
            return true;
        } catch (...) {
            return on_exception(stage, class_name, consumed, std::current_exception(), op_ref(op));
        }
    }

    // A failure observed outside an operation (a failed produce, the errant
    // record reporter). Returns true when tolerated; throws TaskFailure if not.
    bool handle_failure(Stage stage, std::string_view class_name,
                        const kafka::ConsumedMessage* consumed, kc_status status,
                        std::string message, std::string trace);

    // Interrupts retry backoff (task stopping).
    void cancel();
    uint64_t errors() const { return errors_; }

  private:
    struct Retry {
        void* op;
        void (*call)(void*);
    };
    template <class Op>
    static Retry op_ref(Op& op) {
        return Retry{&op, [](void* p) { (*static_cast<Op*>(p))(); }};
    }
    bool on_exception(Stage stage, std::string_view class_name,
                      const kafka::ConsumedMessage* consumed, std::exception_ptr e, Retry retry);
    bool sleep_backoff(int attempt, std::chrono::steady_clock::time_point deadline);
    void report(const ErrorReport& r);

    ErrorSettings settings_;
    std::string task_id_;
    metrics::TaskMetrics* metrics_;
    std::vector<std::unique_ptr<ErrorReporter>> reporters_;
    uint64_t errors_ = 0;
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

// Java's exception class name for a plugin status (DLQ header, logs).
std::string_view exception_class_for(kc_status s);

// Reporter writing Java's "Error encountered in task ..." line at ERROR.
std::unique_ptr<ErrorReporter> make_log_reporter(std::string task_id, bool include_messages,
                                                 metrics::TaskMetrics* metrics = nullptr);

}  // namespace kc::host::runtime
