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
    // Rates come from the statistics that successive scrapes saw.
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
    CHECK(s.find("outgoing_byte_rate") == std::string::npos);

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

TEST_CASE("statistics that are not JSON are skipped") {
    auto& cs = ClientStatistics::instance();
    int client = 0;
    cs.update(&client, "{not json");
    CHECK(render(NamingScheme::Strimzi).find("kafka_producer_connection_count") ==
          std::string::npos);
    cs.forget(&client);
}
