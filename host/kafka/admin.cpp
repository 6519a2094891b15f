#include "host/kafka/admin.hpp"

#include <librdkafka/rdkafka_mock.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/kafka_error.hpp"

namespace kc::host::kafka {
namespace {

struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

MetadataPtr all_topics_metadata(rd_kafka_t* rk, int timeout_ms) {
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeout_ms);
    if (err)
        throw KafkaError(err, std::string("metadata request failed: ") + rd_kafka_err2str(err));
    return MetadataPtr(md);
}

struct QueueDeleter {
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
    void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct NewTopicDeleter {
    void operator()(rd_kafka_NewTopic_t* t) const { rd_kafka_NewTopic_destroy(t); }
};
struct AdminOptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct ConfigResourceDeleter {
    void operator()(rd_kafka_ConfigResource_t* r) const { rd_kafka_ConfigResource_destroy(r); }
};

std::vector<TopicCreateResult> create_on_mock(EmbeddedBroker& broker,
                                              const std::vector<NewTopic>& topics) {
    std::vector<TopicCreateResult> out;
    for (const NewTopic& t : topics) {
        TopicCreateResult r{t.name, RD_KAFKA_RESP_ERR_NO_ERROR, {}};
        r.error = static_cast<rd_kafka_resp_err_t>(
            broker.create_topic(t.name, t.partitions < 1 ? 1 : t.partitions, t.replication_factor)
                .value());
        if (r.already_exists()) {
            r.message = "Topic '" + t.name + "' already exists.";
        } else if (r.error) {
            r.message = rd_kafka_err2str(r.error);
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

Admin::Admin(const ClientConfig& config) {
    bootstrap_ = config.settings.get_or("bootstrap.servers", "");
    rk_ = make_admin_rd_kafka(make_rd_conf(config.settings));
}

std::vector<TopicCreateResult> Admin::create_topics(const std::vector<NewTopic>& topics,
                                                    int timeout_ms) {
    if (EmbeddedBroker* broker = EmbeddedBroker::find(bootstrap_)) {
        return create_on_mock(*broker, topics);
    }
    require_controller("CreateTopics", timeout_ms);
    char errstr[512];
    std::vector<std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter>> owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    for (const NewTopic& t : topics) {
        rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(
            t.name.c_str(), t.partitions, t.replication_factor, errstr, sizeof errstr);
        if (!nt) {
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG,
                             "invalid new topic '" + t.name + "': " + errstr);
        }
        owned.emplace_back(nt);
        raw.push_back(nt);
        for (const auto& [k, v] : t.configs) {
            if (rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str())) {
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG,
                                 "invalid config " + k + " for topic '" + t.name + "'");
            }
        }
    }
    std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
        rd_kafka_AdminOptions_new(rk_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout_ms, errstr, sizeof errstr);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, errstr, sizeof errstr);
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_CreateTopics(rk_.get(), raw.data(), raw.size(), options.get(), queue.get());
    // The request times out on its own; the extra second covers local queueing.
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
        rd_kafka_queue_poll(queue.get(), timeout_ms + 1000));
    if (!event) throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, "CreateTopics timed out");
    if (rd_kafka_event_error(event.get())) {
        const rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
        std::string msg =
            std::string("CreateTopics failed: ") + rd_kafka_event_error_string(event.get());
        if (err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE) {
            msg +=
                " (an embedded/mock broker in another process cannot create topics; they are "
                "auto-created with 4 partitions on first use)";
        }
        throw KafkaError(err, msg);
    }
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    std::vector<TopicCreateResult> out;
    for (size_t i = 0; i < count; ++i) {
        const char* msg = rd_kafka_topic_result_error_string(results[i]);
        out.push_back({rd_kafka_topic_result_name(results[i]),
                       rd_kafka_topic_result_error(results[i]), msg ? msg : ""});
    }
    return out;
}

std::vector<TopicInfo> Admin::list_topics(int timeout_ms) {
    return kafka::list_topics(rk_.get(), timeout_ms);
}

std::optional<int32_t> Admin::partition_count(const std::string& topic, int timeout_ms) {
    return kafka::partition_count(rk_.get(), topic, timeout_ms);
}

config::ConfigMap Admin::describe_topic_configs(const std::string& topic, int timeout_ms) {
    require_controller("DescribeConfigs", timeout_ms);
    char errstr[512];
    std::unique_ptr<rd_kafka_ConfigResource_t, ConfigResourceDeleter> resource(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
    rd_kafka_ConfigResource_t* resources[] = {resource.get()};
    std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
        rd_kafka_AdminOptions_new(rk_.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, errstr, sizeof errstr);
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_DescribeConfigs(rk_.get(), resources, 1, options.get(), queue.get());
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
        rd_kafka_queue_poll(queue.get(), timeout_ms + 1000));
    const std::string what = "DescribeConfigs for topic '" + topic + "'";
    if (!event) throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, what + " timed out");
    if (const rd_kafka_resp_err_t err = rd_kafka_event_error(event.get())) {
        throw KafkaError(err, what + " failed: " + rd_kafka_event_error_string(event.get()));
    }
    size_t count = 0;
    const rd_kafka_ConfigResource_t** results = rd_kafka_DescribeConfigs_result_resources(
        rd_kafka_event_DescribeConfigs_result(event.get()), &count);
    if (count != 1) {
        throw KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG,
                         what + ": expected one resource, got " + std::to_string(count));
    }
    if (const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(results[0])) {
        const char* msg = rd_kafka_ConfigResource_error_string(results[0]);
        throw KafkaError(err, what + " failed: " + (msg && *msg ? msg : rd_kafka_err2str(err)));
    }
    size_t entry_count = 0;
    const rd_kafka_ConfigEntry_t** entries =
        rd_kafka_ConfigResource_configs(results[0], &entry_count);
    config::ConfigMap out;
    for (size_t i = 0; i < entry_count; ++i) {
        const char* value = rd_kafka_ConfigEntry_value(entries[i]);
        if (value) out.set(rd_kafka_ConfigEntry_name(entries[i]), value);
    }
    return out;
}

void Admin::require_controller(const std::string& api, int timeout_ms) {
    const int32_t controller = rd_kafka_controllerid(rk_.get(), timeout_ms);
    // Unknown (e.g. unreachable): the request itself will say what went wrong.
    if (controller < 0) return;
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk_.get(), 0, nullptr, &md, timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return;
    }
    const MetadataPtr owned(md);
    for (int i = 0; i < md->broker_cnt; ++i) {
        if (md->brokers[i].id == controller) return;
    }
    throw KafkaError(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
                     api + " is not available: the brokers at bootstrap.servers=" + bootstrap_ +
                         " name no controller (broker " + std::to_string(controller) +
                         " is not one of them), as an embedded broker in another process does");
}

std::vector<TopicInfo> list_topics(rd_kafka_t* rk, int timeout_ms) {
    MetadataPtr md = all_topics_metadata(rk, timeout_ms);
    std::vector<TopicInfo> out;
    out.reserve(static_cast<std::size_t>(md->topic_cnt));
    for (int i = 0; i < md->topic_cnt; ++i) {
        out.push_back({md->topics[i].topic, md->topics[i].partition_cnt, md->topics[i].err});
    }
    return out;
}

std::optional<int32_t> partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
    for (const TopicInfo& t : list_topics(rk, timeout_ms)) {
        if (t.name == topic && !t.error) return t.partitions;
    }
    return std::nullopt;
}

std::string Admin::cluster_id(int timeout_ms) {
    char* id = rd_kafka_clusterid(rk_.get(), timeout_ms);
    if (!id) return {};
    std::string out(id);
    rd_kafka_mem_free(rk_.get(), id);
    return out;
}

void check_reachable(const ClientConfig& config, int timeout_ms) {
    const std::string servers = config.settings.get_or("bootstrap.servers", "");
    RdKafkaPtr rk = make_rd_kafka(RD_KAFKA_PRODUCER, make_rd_conf(config.settings));
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 0, nullptr, &md, timeout_ms);
    if (md) rd_kafka_metadata_destroy(md);
    if (err) {
        throw KafkaError(err, "Kafka is not reachable at bootstrap.servers=" + servers +
                                  " (no metadata within " + std::to_string(timeout_ms) +
                                  " ms: " + rd_kafka_err2str(err) +
                                  "). Check the address and that the brokers are up, or leave "
                                  "bootstrap.servers unset to run an embedded broker.");
    }
}

}  // namespace kc::host::kafka
