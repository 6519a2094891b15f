// What every task driver shares: its thread, its target state (running,
// paused), stop requests, status reporting, and the plugin pieces built from
// the connector config (converters, transformation chain, error handler).
// A driver is the InstanceContext of its task, so the host services a task
// calls (offsets, sink context, errant records) land on its driver.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "host/config/config_map.hpp"
#include "host/core/connect_types.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/runtime/active_topics.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/error_handler.hpp"
#include "host/runtime/kafka_clients.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/runtime/task_status.hpp"
#include "host/runtime/transformation_chain.hpp"
#include "kc/data.hpp"

namespace kc::host::runtime {

struct PluginSpec {
    std::string class_name;
    config::ConfigMap config;
};

// Everything a task needs, prepared by the worker.
struct TaskSetup {
    ConnectorTaskId id;
    PluginRegistry* registry = nullptr;
    PluginHandle connector;         // the connector's plugin (its descriptor names the task table)
    config::ConfigMap task_config;  // as the connector generated it, placeholders resolved
    ConnectorConfig connector_config;
    PluginSpec key_converter, value_converter, header_converter;
    TaskStatusListener* listener = nullptr;
    // Keeps `listener` alive for as long as the task's thread, which may
    // outlive its owner when it was abandoned. Null when the owner outlives it.
    std::shared_ptr<TaskStatusListener> listener_owner;
    ActiveTopics* active_topics = nullptr;  // nullptr: topic.tracking.enable=false
    TargetState initial_state = TargetState::Started;
    int64_t offset_flush_interval_ms = 60000;
    int64_t offset_flush_timeout_ms = 5000;
    // The task's metrics, dropped from the registry with the driver.
    metrics::MetricsRegistry* metrics_registry = nullptr;
    std::shared_ptr<metrics::TaskMetrics> metrics;
    // The task's Kafka producer and consumer come from here.
    std::shared_ptr<KafkaClients> kafka_clients = librdkafka_clients();
};

class TaskDriver : public InstanceContext, public std::enable_shared_from_this<TaskDriver> {
  public:
    explicit TaskDriver(TaskSetup setup);
    ~TaskDriver() override;

    const ConnectorTaskId& id() const { return setup_.id; }

    // Starts the task thread (which holds a reference to this driver).
    void start();
    // Asks the task to stop: returns at once; the task flushes and exits.
    void request_stop();
    // Waits for the thread until `deadline`; false when it is still running
    // (the thread then finishes on its own, detached).
    bool await_stop(std::chrono::steady_clock::time_point deadline);
    void set_target_state(TargetState s);

    std::string log_prefix() const override { return "[" + task_name_ + "] "; }

  protected:
    // The task's life on its thread: create, start, loop, stop. Throws on failure.
    virtual void execute() = 0;
    // Wakes the plugin (its stop()) when a stop is requested.
    virtual void on_stop_requested() {}

    void build_pipeline();  // converters, chain, error handler
    bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
    bool paused() const { return target_.load(std::memory_order_relaxed) == TargetState::Paused; }
    // Blocks while paused (reporting PAUSED/RUNNING); false when stopping.
    // `meanwhile` runs about once a second while paused, so a Kafka client
    // the task owns keeps serving its queue (statistics pile up otherwise).
    bool await_unpaused(const std::function<void()>& meanwhile = {});
    // Sleeps up to ms, woken early by stop or state changes.
    void sleep_for(int64_t ms);
    void report(ConnectState s, const std::string& trace = {});

    TaskSetup setup_;
    std::string task_name_;  // "<connector>-<task>"
    std::unique_ptr<ConverterInstance> key_converter_, value_converter_;
    std::unique_ptr<HeaderConverterInstance> header_converter_;
    std::unique_ptr<TransformationChain> chain_;
    std::unique_ptr<ErrorHandler> errors_;
    TopicRecorder topics_;           // the topics this task produced to / consumed from
    metrics::TaskMetrics& metrics_;  // setup_.metrics, or a private one when none was given

  private:
    void run();

    std::atomic<bool> stopping_{false};
    std::atomic<TargetState> target_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool finished_ = false;
    std::thread thread_;
};

}  // namespace kc::host::runtime
