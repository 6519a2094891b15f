#include "host/kafka/embedded_broker.hpp"

#include <librdkafka/rdkafka_mock.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "host/kafka/kafka_error.hpp"

namespace kc::host::kafka {
namespace {

std::mutex& registry_mutex() {
    static std::mutex mu;
    return mu;
}

std::map<std::string, EmbeddedBroker*, std::less<>>& registry() {
    static std::map<std::string, EmbeddedBroker*, std::less<>> brokers;
    return brokers;
}

}  // namespace

EmbeddedBroker::EmbeddedBroker(int brokers) : brokers_(brokers) {
    if (brokers < 1) {
        throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, "an embedded broker needs >= 1 broker");
    }
    config::ConfigMap settings{{"client.id", "kc-embedded-broker"}};
    rk_ = make_rd_kafka(RD_KAFKA_PRODUCER, make_rd_conf(settings));
    cluster_ = rd_kafka_mock_cluster_new(rk_.get(), brokers);
    if (!cluster_) {
        throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, "cannot start the embedded (mock) Kafka cluster");
    }
    bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
    {
        std::lock_guard lock(registry_mutex());
        registry()[bootstrap_] = this;
    }
    spdlog::warn("*************************************************************************");
    spdlog::warn("* EMBEDDED IN-MEMORY KAFKA BROKER ({} broker{}) at bootstrap.servers={}", brokers,
                 brokers == 1 ? "" : "s", bootstrap_);
    spdlog::warn("* Test/demo only: ALL DATA IS LOST WHEN THIS PROCESS EXITS; partitions keep");
    spdlog::warn("* at most ~5 MiB; no compaction. Other clients (kcat -b {}) may attach.",
                 bootstrap_);
    spdlog::warn("*************************************************************************");
}

EmbeddedBroker::~EmbeddedBroker() {
    {
        std::lock_guard lock(registry_mutex());
        registry().erase(bootstrap_);
    }
    rd_kafka_mock_cluster_destroy(cluster_);
}

ErrorCode EmbeddedBroker::create_topic(const std::string& name, int32_t partitions,
                                       int replication_factor) {
    const int rf =
        replication_factor < 1 ? std::min(3, brokers_) : std::min(replication_factor, brokers_);
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, rf);
    if (!err) {
        spdlog::info("embedded broker: created topic '{}' with {} partition(s)", name, partitions);
    }
    return ErrorCode(err);
}

void EmbeddedBroker::push_request_errors(int16_t api_key, const std::vector<ErrorCode>& errors) {
    std::vector<rd_kafka_resp_err_t> codes;
    codes.reserve(errors.size());
    for (const ErrorCode e : errors)
        codes.push_back(static_cast<rd_kafka_resp_err_t>(e.value()));
    rd_kafka_mock_push_request_errors_array(cluster_, api_key, codes.size(), codes.data());
}

void EmbeddedBroker::set_broker_down(int32_t broker_id) {
    if (rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(cluster_, broker_id)) {
        throw KafkaError(err, "cannot take embedded broker " + std::to_string(broker_id) + " down");
    }
    spdlog::warn("embedded broker {} is down", broker_id);
}

void EmbeddedBroker::set_broker_up(int32_t broker_id) {
    if (rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(cluster_, broker_id)) {
        throw KafkaError(err, "cannot bring embedded broker " + std::to_string(broker_id) + " up");
    }
    spdlog::info("embedded broker {} is up", broker_id);
}

EmbeddedBroker* EmbeddedBroker::find(std::string_view bootstrap_servers) {
    std::lock_guard lock(registry_mutex());
    auto it = registry().find(bootstrap_servers);
    return it == registry().end() ? nullptr : it->second;
}

}  // namespace kc::host::kafka
