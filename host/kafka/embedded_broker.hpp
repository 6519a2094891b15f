#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/kafka/error_code.hpp"
#include "host/kafka/rd_conf.hpp"

typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace kc::host::kafka {

// An in-process, in-memory Kafka cluster: librdkafka's mock cluster, started
// when bootstrap.servers is unset, or by the connect-embedded-broker launcher.
// Any Kafka client (other workers, kcat) can connect to its address.
//
// Limits of librdkafka 2.0.2's mock cluster:
//  - everything is in memory and lost when the process exits;
//  - listeners are 127.0.0.1 only, on ports chosen by the OS (no way to fix
//    a port in 2.0.2), broker ids 1..N;
//  - no CreateTopics/DeleteTopics/DescribeConfigs/AlterConfigs/ListGroups/
//    DescribeGroups/DeleteRecords: create topics through create_topic() (Admin
//    does this by itself for a broker of this process);
//  - an unknown topic named in a Metadata request (by a producer or consumer)
//    is auto-created with 4 partitions and replication min(3, brokers);
//  - no compaction, no topic configs (cleanup.policy is ignored);
//  - each partition keeps at most ~5 MiB or 100000 message sets; older data is
//    silently dropped (the log start moves);
//  - transactions are protocol-level only: no control markers, aborted data
//    stays visible, read_committed is meaningless;
//  - consumer groups: classic JoinGroup/SyncGroup, offsets committed in memory.
class EmbeddedBroker {
  public:
    explicit EmbeddedBroker(int brokers = 1);
    ~EmbeddedBroker();
    EmbeddedBroker(const EmbeddedBroker&) = delete;
    EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

    // Comma-separated host:port list, for bootstrap.servers.
    const std::string& bootstrap_servers() const { return bootstrap_; }
    int broker_count() const { return brokers_; }

    // replication_factor -1 = min(3, brokers). Returns an error (Kafka's
    // TOPIC_ALREADY_EXISTS when the topic exists), none on success.
    ErrorCode create_topic(const std::string& name, int32_t partitions,
                           int replication_factor = -1);
    // Fault injection: a broker that is down drops its connections and refuses
    // new ones until set up again. Ids are 1..broker_count().
    void set_broker_down(int32_t broker_id);
    void set_broker_up(int32_t broker_id);
    // Fault injection: the next requests of API `api_key` (Kafka's protocol
    // number, e.g. 0 = Produce) to any broker fail with `errors`, one each, in
    // order. Codes are Kafka's protocol error codes.
    void push_request_errors(int16_t api_key, const std::vector<ErrorCode>& errors);

    rd_kafka_mock_cluster_t* mock_cluster() const { return cluster_; }

    // The broker of this process listening at `bootstrap_servers`, if any. The
    // broker must outlive the clients that use what this returns.
    static EmbeddedBroker* find(std::string_view bootstrap_servers);
    // Whether a cluster id is that of an embedded broker, in this process or
    // another (connect-embedded-broker): librdkafka names every mock cluster
    // "mockCluster<hex>", and no real broker does.
    static bool is_embedded_cluster_id(std::string_view cluster_id) {
        return cluster_id.starts_with("mockCluster");
    }

  private:
    int brokers_;
    RdKafkaPtr rk_;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
    std::string bootstrap_;
};

}  // namespace kc::host::kafka
