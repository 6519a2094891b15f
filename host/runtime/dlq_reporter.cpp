#include "host/runtime/dlq_reporter.hpp"

#include <spdlog/spdlog.h>

#include <vector>

namespace kc::host::runtime {
namespace {

constexpr const char* kPrefix = "__connect.errors.";

class DeadLetterQueueReporter : public ErrorReporter {
  public:
    DeadLetterQueueReporter(KafkaClients& clients, const kafka::ClientConfig& producer,
                            kafka::Admin* admin, const ErrorSettings& settings,
                            std::string connector, int task, metrics::TaskMetrics* metrics)
        : settings_(settings),
          connector_(std::move(connector)),
          task_(std::to_string(task)),
          metrics_(metrics) {
        producer_ = clients.dlq_producer(producer, admin, settings_,
                                         [this](const kafka::DeliveryReport& r) {
                                             if (r.error) failed(r.error);
                                         });
    }
    ~DeadLetterQueueReporter() override { producer_->flush(5000); }

    void report(const ErrorReport& r) override {
        if (!r.consumed) return;  // sinks only: sources have no DLQ
        const kafka::ConsumedMessage& m = *r.consumed;
        std::vector<kafka::ProduceHeader> headers;
        std::vector<std::string> keep;  // owns header names/values for this call
        keep.reserve(24);
        for (const kafka::MessageHeader& h : m.headers)
            headers.push_back({h.key, h.value});
        if (settings_.dlq_context_headers) {
            auto add = [&](const char* key, std::string value) {
                keep.push_back(std::string(kPrefix) + key);
                keep.push_back(std::move(value));
                const std::string& k = keep[keep.size() - 2];
                const std::string& v = keep.back();
                headers.push_back({k, kc_str{v.data(), v.size()}});
            };
            add("topic", std::string(m.topic));
            add("partition", std::to_string(m.partition));
            add("offset", std::to_string(m.offset));
            add("connector.name", connector_);
            add("task.id", task_);
            add("stage", std::string(stage_name(r.stage)));
            add("class.name", std::string(r.class_name));
            add("exception.class.name", r.exception_class);
            add("exception.message", r.message);
            add("exception.stacktrace", r.trace);
        }
        if (metrics_) metrics_->record_dlq_request();
        while (true) {
            const kafka::ErrorCode err =
                producer_->produce(settings_.dlq_topic, kafka::MessageProducer::kAnyPartition,
                                   m.key, m.value, headers, -1, nullptr);
            if (err.queue_full()) {
                producer_->poll(50);
                continue;
            }
            if (err) failed(err);
            break;
        }
        producer_->poll(0);
    }

  private:
    void failed(kafka::ErrorCode err) {
        if (metrics_) metrics_->record_dlq_failure();
        spdlog::error("Could not produce message to dead letter queue. topic={}: {}",
                      settings_.dlq_topic, err.message());
    }

    ErrorSettings settings_;
    std::string connector_, task_;
    metrics::TaskMetrics* metrics_;
    std::unique_ptr<kafka::MessageProducer> producer_;
};

}  // namespace

std::unique_ptr<ErrorReporter> make_dlq_reporter(KafkaClients& clients,
                                                 const kafka::ClientConfig& producer,
                                                 kafka::Admin* admin, const ErrorSettings& settings,
                                                 std::string connector, int task,
                                                 metrics::TaskMetrics* metrics) {
    return std::make_unique<DeadLetterQueueReporter>(clients, producer, admin, settings,
                                                     std::move(connector), task, metrics);
}

}  // namespace kc::host::runtime
