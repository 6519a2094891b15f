#include "host/runtime/task_driver.hpp"

#include <spdlog/spdlog.h>

namespace kc::host::runtime {

TaskDriver::TaskDriver(TaskSetup setup)
    : setup_(std::move(setup)),
      task_name_(setup_.id.connector + "-" + std::to_string(setup_.id.task)),
      topics_(setup_.active_topics, setup_.id.connector),
      metrics_(*(setup_.metrics ? setup_.metrics
                                : (setup_.metrics = std::make_shared<metrics::TaskMetrics>(
                                       setup_.id, false, metrics::WindowConfig{})))),
      target_(setup_.initial_state) {}

TaskDriver::~TaskDriver() {
    // Java drops a task's metric groups when the worker lets the task go (a
    // failed task keeps them, with its status, until then).
    if (setup_.metrics_registry) setup_.metrics_registry->remove_task(setup_.metrics);
    if (thread_.joinable()) thread_.detach();
}

void TaskDriver::start() {
    auto self = shared_from_this();
    thread_ = std::thread([self] { self->run(); });
}

void TaskDriver::request_stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (errors_) errors_->cancel();
    on_stop_requested();
}

bool TaskDriver::await_stop(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    bool done = wake_.wait_until(lock, deadline, [&] { return finished_; });
    lock.unlock();
    if (done) {
        if (thread_.joinable()) thread_.join();
    } else if (thread_.joinable()) {
        spdlog::error("Graceful stop of task {} failed.", task_name_);
        thread_.detach();
    }
    return done;
}

void TaskDriver::set_target_state(TargetState s) {
    {
        std::lock_guard lock(mutex_);
        target_ = s;
    }
    wake_.notify_all();
}

bool TaskDriver::await_unpaused(const std::function<void()>& meanwhile) {
    if (!paused()) return !stopping();
    report(ConnectState::Paused);
    auto resumed = [&] { return stopping_ || target_ != TargetState::Paused; };
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), resumed)) {
        if (!meanwhile) continue;
        lock.unlock();
        meanwhile();
        lock.lock();
    }
    lock.unlock();
    if (stopping()) return false;
    report(ConnectState::Running);
    return true;
}

void TaskDriver::sleep_for(int64_t ms) {
    if (ms <= 0) return;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_.load(); });
}

void TaskDriver::report(ConnectState s, const std::string& trace) {
    metrics_.set_state(s);
    if (setup_.listener) setup_.listener->on_task_state(setup_.id, s, trace);
}

void TaskDriver::build_pipeline() {
    auto& reg = *setup_.registry;
    const std::string& name = setup_.id.connector;
    try {
        key_converter_ = std::make_unique<ConverterInstance>(
            reg.resolve(KC_KIND_CONVERTER, setup_.key_converter.class_name), this);
        key_converter_->configure(*ConfigEntries(setup_.key_converter.config).get(), true);
        value_converter_ = std::make_unique<ConverterInstance>(
            reg.resolve(KC_KIND_CONVERTER, setup_.value_converter.class_name), this);
        value_converter_->configure(*ConfigEntries(setup_.value_converter.config).get(), false);
    } catch (const std::exception& e) {
        throw std::runtime_error("Failed to create converters for connector " + name + ": " +
                                 e.what());
    }
    try {
        header_converter_ = std::make_unique<HeaderConverterInstance>(
            reg.resolve(KC_KIND_HEADER_CONVERTER, setup_.header_converter.class_name), this);
        header_converter_->configure(*ConfigEntries(setup_.header_converter.config).get());
    } catch (const std::exception& e) {
        // Records without headers (most) still flow; headers are dropped, said once here.
        header_converter_.reset();
        spdlog::warn("{}No usable header converter ({}): record headers will be dropped",
                     log_prefix(), e.what());
    }
    chain_ = std::make_unique<TransformationChain>(reg, setup_.connector_config, this);
    errors_ = std::make_unique<ErrorHandler>(setup_.connector_config.errors, task_name_, &metrics_);
    if (setup_.connector_config.errors.log_enable)
        errors_->add_reporter(make_log_reporter(
            task_name_, setup_.connector_config.errors.log_include_messages, &metrics_));
}

void TaskDriver::run() {
    try {
        execute();
        report(ConnectState::Unassigned);
    } catch (const TaskFailure& f) {
        spdlog::error(
            "{}Task threw an uncaught and unrecoverable exception. Task is being "
            "killed and will not recover until manually restarted: {}",
            log_prefix(), f.what());
        report(ConnectState::Failed, f.trace);
    } catch (const PluginError& e) {
        spdlog::error("{}Task failed: {}", log_prefix(), e.what());
        std::string trace = std::string(exception_class_for(e.status)) + ": " + e.what();
        if (!e.trace.empty() && e.trace != trace) trace += "\n" + e.trace;
        report(ConnectState::Failed, trace);
    } catch (const std::exception& e) {
        spdlog::error("{}Task failed: {}", log_prefix(), e.what());
        report(ConnectState::Failed,
               std::string("org.apache.kafka.connect.errors.ConnectException: ") + e.what());
    }
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    wake_.notify_all();
}

}  // namespace kc::host::runtime
