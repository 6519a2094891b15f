// Kafka clients' figures from librdkafka's statistics, under each naming
// scheme: connection counts, bytes and requests per client id, rates between
// two statistics, handles sharing a client id summed, closed clients gone.
#include <doctest/doctest.h>

#include <string>

#include "host/metrics/client_statistics.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/metrics/prometheus_naming.hpp"

using namespace kc::host::metrics;

namespace {

// A statistics document as librdkafka writes it (abridged): one broker up,
// one still connecting.
std::string stats(const char* type, const char* client_id, long ts_us, long tx_bytes,
                  long rx_bytes) {
    return std::string("{\"name\":\"x#") + type + "-1\",\"client_id\":\"" + client_id +
           "\",\"type\":\"" + type + "\",\"ts\":" + std::to_string(ts_us) +
           ",\"tx\":10,\"tx_bytes\":" + std::to_string(tx_bytes) +
           ",\"rx\":10,\"rx_bytes\":" + std::to_string(rx_bytes) +
           ",\"brokers\":{\"b:9092/1\":{\"nodeid\":1,\"state\":\"UP\",\"connects\":2,"
           "\"disconnects\":1},\"b:9093/2\":{\"nodeid\":2,\"state\":\"CONNECT\",\"connects\":0,"
           "\"disconnects\":0}}}";
}

bool has(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

std::string render(NamingScheme scheme) {
    MetricsRegistry r(WindowConfig{});
    return render_prometheus(r, scheme);
}

}  // namespace

TEST_CASE("client statistics become producer-metrics and consumer-metrics") {
    auto& cs = ClientStatistics::instance();
    int producer = 0, consumer = 0, twin = 0;
    cs.update(&producer, stats("producer", "connector-producer-a-0", 1'000'000, 1000, 200));
    // One statistics document: no rate yet (rates are between the last two).
    CHECK(has(render(NamingScheme::Confluent),
              "kafka_producer_producer_metrics_outgoing_byte_rate{client_type=\"producer\","
              "client_id=\"connector-producer-a-0\"} 0"));
    cs.update(&producer, stats("producer", "connector-producer-a-0", 3'000'000, 5000, 400));
    cs.update(&consumer, stats("consumer", "connector-consumer-b-0", 1'000'000, 100, 7000));
    // A second handle with the same client id: summed, not a duplicate series.
    cs.update(&twin, stats("consumer", "connector-consumer-b-0", 1'000'000, 100, 3000));

    const std::string s = render(NamingScheme::Strimzi);
    CHECK(has(s, "kafka_producer_connection_count{clientid=\"connector-producer-a-0\"} 1"));
    CHECK(has(s, "kafka_producer_outgoing_byte_total{clientid=\"connector-producer-a-0\"} 5000"));
    CHECK(has(s, "# TYPE kafka_producer_outgoing_byte_total counter"));
    CHECK(has(s, "kafka_consumer_incoming_byte_total{clientid=\"connector-consumer-b-0\"} 10000"));
    CHECK(has(s, "kafka_consumer_connection_count{clientid=\"connector-consumer-b-0\"} 2"));
    CHECK(
        has(s, "kafka_producer_connection_creation_total{clientid=\"connector-producer-a-0\"} 2"));
    // Strimzi's rules match no client-level rate.
    CHECK(s.find("kafka_producer_outgoing_byte_rate") == std::string::npos);

    const std::string c = render(NamingScheme::Confluent);
    // (5000 - 1000) bytes over the 2 s between the two statistics.
    CHECK(has(c,
              "kafka_producer_producer_metrics_outgoing_byte_rate{client_type=\"producer\","
              "client_id=\"connector-producer-a-0\"} 2000"));
    CHECK(has(c,
              "kafka_consumer_consumer_metrics_incoming_byte{client_type=\"consumer\","
              "client_id=\"connector-consumer-b-0\"} 10000"));

    const std::string r = render(NamingScheme::StrimziReporter);
    CHECK(has(r,
              "kafka_producer_producer_metrics_outgoing_byte{client_id=\"connector-producer-a-0\"} "
              "5000"));
    CHECK(has(r,
              "kafka_consumer_consumer_metrics_connection_count{client_id=\"connector-consumer-b-"
              "0\"} 2"));

    cs.forget(&producer);
    cs.forget(&consumer);
    cs.forget(&twin);
    CHECK(render(NamingScheme::Strimzi).find("connector-producer-a-0") == std::string::npos);
    CHECK(render(NamingScheme::Strimzi).find("connector-consumer-b-0") == std::string::npos);
}

TEST_CASE("statistics that are not JSON, or of a client Java has no group for, are skipped") {
    auto& cs = ClientStatistics::instance();
    int client = 0, mystery = 0;
    cs.update(&client, "{not json");
    cs.update(&mystery, stats("mystery", "odd-client", 1'000'000, 10, 10));
    const std::string s = render(NamingScheme::Strimzi);
    CHECK(s.find("kafka_producer_connection_count") == std::string::npos);
    CHECK(s.find("odd-client") == std::string::npos);
    cs.forget(&client);
    cs.forget(&mystery);
}

namespace {

// Per-broker parts of a statistics document: a broker learned from metadata,
// the bootstrap server (its id not yet known), the group coordinator's own
// connection, and librdkafka's internal handle.
std::string stats_with_brokers(const char* client_id, long ts_us, long rx_bytes) {
    return std::string("{\"client_id\":\"") + client_id +
           "\",\"type\":\"producer\",\"ts\":" + std::to_string(ts_us) +
           ",\"tx_bytes\":900,\"rx_bytes\":" + std::to_string(rx_bytes + 70) +
           ",\"brokers\":{"
           "\"b:9092/1\":{\"nodeid\":1,\"source\":\"learned\",\"state\":\"UP\",\"tx\":4,"
           "\"txbytes\":800,\"rx\":4,\"rxbytes\":" +
           std::to_string(rx_bytes) +
           ",\"rtt\":{\"avg\":2500,\"max\":9000}},"
           "\"b:9092/bootstrap\":{\"nodeid\":-1,\"source\":\"configured\",\"state\":\"UP\","
           "\"tx\":1,\"txbytes\":60,\"rx\":1,\"rxbytes\":50},"
           "\"GroupCoordinator\":{\"nodeid\":1,\"source\":\"logical\",\"state\":\"UP\","
           "\"tx\":1,\"txbytes\":40,\"rx\":1,\"rxbytes\":20},"
           "\":0/internal\":{\"nodeid\":-1,\"source\":\"internal\",\"state\":\"INIT\","
           "\"tx\":1,\"txbytes\":5}}}";
}

}  // namespace

TEST_CASE("per-broker statistics become the node-metrics groups, tagged client-id and node-id") {
    auto& cs = ClientStatistics::instance();
    int producer = 0;
    cs.update(&producer, stats_with_brokers("connector-producer-n-0", 1'000'000, 300));
    cs.update(&producer, stats_with_brokers("connector-producer-n-0", 3'000'000, 700));

    const std::string s = render(NamingScheme::Strimzi);
    CHECK(has(s,
              "kafka_producer_node_incoming_byte_total{clientid=\"connector-producer-n-0\","
              "nodeid=\"node-1\"} 700"));
    CHECK(has(s, "# TYPE kafka_producer_node_incoming_byte_total counter"));
    // (700 - 300) bytes over the 2 s between the two statistics.
    CHECK(has(s,
              "kafka_producer_node_incoming_byte_rate{clientid=\"connector-producer-n-0\","
              "nodeid=\"node-1\"} 200"));
    CHECK(has(s,
              "kafka_producer_node_request_latency_avg{clientid=\"connector-producer-n-0\","
              "nodeid=\"node-1\"} 2.5"));
    // Java's ids of the bootstrap connection (librdkafka's internal handle,
    // also -1, is no connection) and of the coordinator's own.
    CHECK(has(s,
              "kafka_producer_node_outgoing_byte_total{clientid=\"connector-producer-n-0\","
              "nodeid=\"node--1\"} 60"));
    CHECK(has(s,
              "kafka_producer_node_outgoing_byte_total{clientid=\"connector-producer-n-0\","
              "nodeid=\"node-2147483646\"} 40"));
    CHECK(s.find("node_request_latency_max") == std::string::npos);  // no Strimzi rule

    const std::string r = render(NamingScheme::StrimziReporter);
    CHECK(has(r,
              "kafka_producer_producer_node_metrics_incoming_byte{client_id=\"connector-producer-"
              "n-0\",node_id=\"node-1\"} 700"));
    CHECK(has(r,
              "kafka_producer_producer_node_metrics_request_latency_max{client_id=\"connector-"
              "producer-n-0\",node_id=\"node-1\"} 9"));
    CHECK(has(r,
              "kafka_producer_producer_metrics_connection_count{client_id=\"connector-producer-n-"
              "0\"} 3"));

    const std::string c = render(NamingScheme::Confluent);
    CHECK(has(c,
              "kafka_producer_producer_node_metrics_incoming_byte{client_type=\"producer\","
              "client_id=\"connector-producer-n-0\",node_id=\"node-1\"} 700"));
    cs.forget(&producer);
    CHECK(render(NamingScheme::Strimzi).find("connector-producer-n-0") == std::string::npos);
}

TEST_CASE("an admin client's statistics are admin-client-metrics") {
    auto& cs = ClientStatistics::instance();
    int admin = 0;
    // An admin handle is a producer to librdkafka: the group comes from its owner.
    cs.update(&admin, stats("producer", "connect-cluster-shared-admin", 1'000'000, 10, 20),
              "admin-client-metrics");
    const std::string s = render(NamingScheme::Strimzi);
    CHECK(
        has(s, "kafka_admin_client_connection_count{clientid=\"connect-cluster-shared-admin\"} 1"));
    CHECK(has(s,
              "kafka_admin_client_node_incoming_byte_total{clientid=\"connect-cluster-shared-"
              "admin\",nodeid=\"node-1\"} 0"));
    CHECK(s.find("kafka_producer_connection_count{clientid=\"connect-cluster-shared-admin\"") ==
          std::string::npos);
    CHECK(has(render(NamingScheme::StrimziReporter),
              "kafka_admin_client_admin_client_metrics_connection_count{client_id=\"connect-"
              "cluster-shared-admin\"} 1"));
    CHECK(has(render(NamingScheme::Confluent),
              "kafka_admin_client_admin_client_metrics_connection_count{client_type=\"admin-"
              "client\",client_id=\"connect-cluster-shared-admin\"} 1"));
    cs.forget(&admin);
}
