#include "host/runtime/dlq_reporter.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "host/kafka/admin.hpp"
#include "host/kafka/producer.hpp"

namespace kc::host::runtime {
namespace {

constexpr const char* kPrefix = "__connect.errors.";

class DeadLetterQueueReporter : public ErrorReporter {
  public:
    DeadLetterQueueReporter(const kafka::ClientConfig& producer, const ErrorSettings& settings,
                            std::string connector, int task, metrics::TaskMetrics* metrics)
        : settings_(settings),
          connector_(std::move(connector)),
          task_(std::to_string(task)),
          metrics_(metrics) {
        producer_ =
            std::make_unique<kafka::Producer>(producer, [this](const kafka::DeliveryReport& r) {
                if (r.error && metrics_) metrics_->record_dlq_failure();
                if (r.error)
                    spdlog::error("Could not produce message to dead letter queue. topic={}: {}",
                                  settings_.dlq_topic, rd_kafka_err2str(r.error));
            });
    }
    ~DeadLetterQueueReporter() override { producer_->flush(5000); }

    void report(const ErrorReport& r) override {
        if (!r.consumed || !r.consumed->message) return;  // sinks only: sources have no DLQ
        const rd_kafka_message_t* m = r.consumed->message;
        std::vector<kafka::ProduceHeader> headers;
        std::vector<std::string> keep;  // owns header names/values for this call
        keep.reserve(24);
        rd_kafka_headers_t* hdrs = nullptr;
        if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
            const char* name;
            const void* value;
            size_t size;
            for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &value, &size); ++i)
                headers.push_back({name, kc_str{static_cast<const char*>(value), size}});
        }
        if (settings_.dlq_context_headers) {
            auto add = [&](const char* key, std::string value) {
                keep.push_back(std::string(kPrefix) + key);
                keep.push_back(std::move(value));
                const std::string& k = keep[keep.size() - 2];
                const std::string& v = keep.back();
                headers.push_back({k, kc_str{v.data(), v.size()}});
            };
            add("topic", std::string(r.consumed->topic));
            add("partition", std::to_string(r.consumed->partition));
            add("offset", std::to_string(r.consumed->offset));
            add("connector.name", connector_);
            add("task.id", task_);
            add("stage", std::string(stage_name(r.stage)));
            add("class.name", std::string(r.class_name));
            add("exception.class.name", r.exception_class);
            add("exception.message", r.message);
            add("exception.stacktrace", r.trace);
        }
        kc_str key{static_cast<const char*>(m->key), m->key_len};
        kc_str value{static_cast<const char*>(m->payload), m->len};
        if (metrics_) metrics_->record_dlq_request();
        while (true) {
            auto err =
                producer_->produce(settings_.dlq_topic, -1, key, value, headers, -1, nullptr);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                producer_->poll(50);
                continue;
            }
            if (err && metrics_) metrics_->record_dlq_failure();
            if (err)
                spdlog::error("Could not produce message to dead letter queue. topic={}: {}",
                              settings_.dlq_topic, rd_kafka_err2str(err));
            break;
        }
        producer_->poll(0);
    }

  private:
    ErrorSettings settings_;
    std::string connector_, task_;
    metrics::TaskMetrics* metrics_;
    std::unique_ptr<kafka::Producer> producer_;
};

}  // namespace

std::unique_ptr<ErrorReporter> make_dlq_reporter(const kafka::ClientConfig& producer,
                                                 kafka::Admin& admin, const ErrorSettings& settings,
                                                 std::string connector, int task,
                                                 metrics::TaskMetrics* metrics) {
    // As Java's reporter does: create the topic only when it is missing (a
    // cluster may refuse CreateTopics to the worker yet hold the topic).
    if (admin.partition_count(settings.dlq_topic, 30000))
        return std::make_unique<DeadLetterQueueReporter>(producer, settings, std::move(connector),
                                                         task, metrics);
    kafka::NewTopic t;
    t.name = settings.dlq_topic;
    t.partitions = 1;
    t.replication_factor = settings.dlq_replication_factor;
    auto results = admin.create_topics({t}, 30000);
    if (!results.empty() && !results[0].created() && !results[0].already_exists()) {
        // A small cluster cannot hold 3 replicas; retry with the broker default.
        t.replication_factor = -1;
        results = admin.create_topics({t}, 30000);
        if (!results.empty() && !results[0].created() && !results[0].already_exists())
            throw std::runtime_error("Could not create dead letter queue topic '" + t.name +
                                     "': " + results[0].message);
    }
    return std::make_unique<DeadLetterQueueReporter>(producer, settings, std::move(connector), task,
                                                     metrics);
}

}  // namespace kc::host::runtime
