// An admin client nobody polls still reports its librdkafka statistics, as
// Java's admin-client-metrics: the worker keeps one for all its admin work,
// and Strimzi's connection panel queries it.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "host/kafka/admin.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/metrics/prometheus_naming.hpp"

using namespace kc::host::kafka;
using namespace kc::host::metrics;

TEST_CASE("an admin client's statistics arrive without polling, as admin-client-metrics") {
    EmbeddedBroker broker;
    broker.create_topic("t", 1);
    const ClientConfig config =
        build_client_config(ClientRole::Admin, broker.bootstrap_servers(), {},
                            {{"client.id", "it-shared-admin"}, {"statistics.interval.ms", "100"}});
    const MetricsRegistry registry(WindowConfig{});
    const std::string connections =
        "kafka_admin_client_connection_count{clientid=\"it-shared-admin\"} ";
    {
        Admin admin(config);
        REQUIRE(admin.partition_count("t", 5000) == 1);  // connects
        std::string text;
        for (int i = 0; i < 100 && text.find(connections + "1\n") == std::string::npos; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            text = render_prometheus(registry, NamingScheme::Strimzi);
        }
        INFO(text);
        CHECK(text.find(connections + "1\n") != std::string::npos);
        CHECK(text.find("kafka_producer_connection_count{clientid=\"it-shared-admin\"}") ==
              std::string::npos);
        CHECK(text.find("kafka_admin_client_node_incoming_byte_total{clientid=\"it-shared-admin\","
                        "nodeid=\"node-1\"}") != std::string::npos);
    }
    // Closed: its figures go.
    CHECK(render_prometheus(registry, NamingScheme::Strimzi).find("it-shared-admin") ==
          std::string::npos);
}
