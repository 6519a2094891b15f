#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/kafka/client_config.hpp"
#include "host/kafka/rd_conf.hpp"

namespace kc::host::kafka {

struct NewTopic {
    std::string name;
    int32_t partitions = -1;          // -1 = broker default
    int16_t replication_factor = -1;  // -1 = broker default
    config::ConfigMap configs;        // e.g. cleanup.policy=compact
};

struct TopicCreateResult {
    std::string name;
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
    std::string message;
    bool created() const { return error == RD_KAFKA_RESP_ERR_NO_ERROR; }
    bool already_exists() const { return error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS; }
};

struct TopicInfo {
    std::string name;
    int32_t partitions = 0;
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

// Topic administration and metadata. When the bootstrap address belongs to an
// EmbeddedBroker of this process (the mock cluster has no CreateTopics),
// topics are created through the mock cluster's own API instead. Calls may
// come from any thread: the worker keeps one for all its admin work, and its
// statistics (statistics.interval.ms) become admin-client-metrics.
class Admin {
  public:
    explicit Admin(const ClientConfig& config);
    Admin(const Admin&) = delete;
    Admin& operator=(const Admin&) = delete;

    // One result per topic, in order; a topic that exists already reports
    // already_exists(). Throws KafkaError when the request itself fails.
    std::vector<TopicCreateResult> create_topics(const std::vector<NewTopic>& topics,
                                                 int timeout_ms);
    // Every topic of the cluster (internal ones included). Never creates topics.
    std::vector<TopicInfo> list_topics(int timeout_ms);
    // nullopt when the topic does not exist. Never creates it.
    std::optional<int32_t> partition_count(const std::string& topic, int timeout_ms);
    // The topic's configuration as the brokers report it (DescribeConfigs),
    // e.g. cleanup.policy. Throws KafkaError: RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE
    // when the brokers have no DescribeConfigs (the embedded broker), the
    // broker's code (e.g. TOPIC_AUTHORIZATION_FAILED) when it refuses.
    config::ConfigMap describe_topic_configs(const std::string& topic, int timeout_ms);
    // The cluster id (GET / shows it as kafka_cluster_id); empty if unknown.
    std::string cluster_id(int timeout_ms);
    rd_kafka_t* handle() const { return rk_.get(); }
    const std::string& bootstrap_servers() const { return bootstrap_; }

  private:
    // librdkafka sends CreateTopics and DescribeConfigs to the controller and
    // waits for it. The embedded broker names a controller that is none of its
    // brokers, so instead of waiting out the timeout this throws KafkaError
    // RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, as for a broker without the API.
    void require_controller(const std::string& api, int timeout_ms);

    std::string bootstrap_;
    RdKafkaPtr rk_;
};

// Every topic of the cluster, through any client handle (all-topics metadata,
// which never auto-creates a topic, unlike a request naming one).
std::vector<TopicInfo> list_topics(rd_kafka_t* rk, int timeout_ms);
// nullopt when the topic does not exist. Never creates it.
std::optional<int32_t> partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// Asks the cluster for metadata; throws KafkaError with a message saying that
// Kafka at `bootstrap.servers` could not be reached within timeout_ms.
void check_reachable(const ClientConfig& config, int timeout_ms);

}  // namespace kc::host::kafka
