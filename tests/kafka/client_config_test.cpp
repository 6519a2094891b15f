#include <doctest/doctest.h>

#include "host/config/config_error.hpp"
#include "host/kafka/client_config.hpp"

using namespace kc::host::kafka;
using kc::host::config::ConfigError;

namespace {
std::string get(const ClientConfig& c, std::string_view k) {
    const std::string* v = c.settings.find(k);
    return v ? *v : std::string("<unset>");
}
}  // namespace

TEST_CASE("client config: layering defaults < worker prefix < overrides") {
    const ConfigMap worker{{"producer.linger.ms", "50"},
                           {"producer.acks", "1"},
                           {"consumer.fetch.min.bytes", "10"},
                           {"key.converter", "x"}};
    const ClientConfig c =
        build_client_config(ClientRole::Producer, "b:9092", worker, source_producer_defaults(),
                            ConfigMap{{"acks", "0"}});
    CHECK(get(c, "bootstrap.servers") == "b:9092");
    CHECK(get(c, "linger.ms") == "50");
    CHECK(get(c, "acks") == "0");
    CHECK(get(c, "max.in.flight.requests.per.connection") == "1");
    CHECK(get(c, "fetch.min.bytes") == "<unset>");  // consumer setting not given to producer
    CHECK(get(c, "key.converter") == "<unset>");
}

TEST_CASE("client config: Java-only settings are mapped") {
    const ConfigMap worker{{"producer.max.request.size", "2000000"},
                           {"producer.buffer.memory", "33554432"},
                           {"producer.key.serializer", "org.apache.kafka...ByteArraySerializer"},
                           {"producer.max.block.ms", "9223372036854775807"},
                           {"producer.send.buffer.bytes", "-1"},
                           {"producer.compression.type", "lz4"}};
    const ClientConfig p = build_client_config(ClientRole::Producer, "b:1", worker);
    CHECK(get(p, "message.max.bytes") == "2000000");
    CHECK(get(p, "queue.buffering.max.kbytes") == "32768");
    CHECK(get(p, "socket.send.buffer.bytes") == "0");
    CHECK(get(p, "compression.type") == "lz4");
    CHECK(get(p, "key.serializer") == "<unset>");
    CHECK(get(p, "max.block.ms") == "<unset>");

    const ConfigMap cw{{"consumer.fetch.max.wait.ms", "100"},
                       {"consumer.max.poll.records", "2000"},
                       {"consumer.auto.offset.reset", "none"},
                       {"consumer.partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"},
                       {"consumer.value.deserializer", "x"}};
    const ClientConfig c = build_client_config(ClientRole::Consumer, "b:1", cw,
                                               sink_consumer_defaults("connect-sink"));
    CHECK(get(c, "fetch.wait.max.ms") == "100");
    CHECK(c.max_poll_records == 2000);
    CHECK(get(c, "max.poll.records") == "<unset>");
    CHECK(get(c, "auto.offset.reset") == "error");
    CHECK(get(c, "partition.assignment.strategy") == "cooperative-sticky");
    CHECK(get(c, "group.id") == "connect-sink");
    CHECK(get(c, "enable.auto.commit") == "false");
}

TEST_CASE("client config: JAAS PLAIN credentials become sasl.username/password") {
    const ConfigMap worker{
        {"sasl.mechanism", "PLAIN"},
        {"security.protocol", "SASL_PLAINTEXT"},
        {"sasl.jaas.config",
         "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
         "password=\"s3cret\";"}};
    const ClientConfig a = build_client_config(ClientRole::Admin, "b:1", worker);
    CHECK(get(a, "sasl.username") == "alice");
    CHECK(get(a, "sasl.password") == "s3cret");
    CHECK(get(a, "security.protocol") == "SASL_PLAINTEXT");
    // Task clients only see their own prefix, as in Java.
    const ClientConfig p = build_client_config(ClientRole::Producer, "b:1", worker);
    CHECK(get(p, "sasl.username") == "<unset>");
}

TEST_CASE("client config: unknown settings are dropped, bad values rejected by name") {
    const ConfigMap worker{{"producer.interceptor.classes", "com.example.X"}};
    const ClientConfig p = build_client_config(ClientRole::Producer, "b:1", worker);
    CHECK(get(p, "interceptor.classes") == "<unset>");
    const ConfigMap bad{{"producer.acks", "sometimes"}};
    CHECK_THROWS_WITH_AS(build_client_config(ClientRole::Producer, "b:1", bad),
                         doctest::Contains("acks"), ConfigError);
    const ConfigMap bad_records{{"consumer.max.poll.records", "0"}};
    CHECK_THROWS_AS(build_client_config(ClientRole::Consumer, "b:1", bad_records), ConfigError);
}

TEST_CASE("client config: a connector's own admin client") {
    const ConfigMap worker{{"group.id", "g"},
                           {"security.protocol", "PLAINTEXT"},
                           {"admin.request.timeout.ms", "7000"},
                           {"admin.socket.timeout.ms", "8000"},
                           {"producer.linger.ms", "50"}};
    SUBCASE("Java's client id, the worker's admin settings, the connector's overrides on top") {
        const ClientConfig c =
            connector_admin_config("b:9092", worker, "connector-adminclient-src-0",
                                   ConfigMap{{"request.timeout.ms", "9000"}}, "5000");
        CHECK(get(c, "client.id") == "connector-adminclient-src-0");
        CHECK(get(c, "bootstrap.servers") == "b:9092");
        CHECK(get(c, "security.protocol") == "PLAINTEXT");
        CHECK(get(c, "socket.timeout.ms") == "8000");
        CHECK(get(c, "request.timeout.ms") == "9000");
        CHECK(get(c, "statistics.interval.ms") == "5000");
        CHECK(get(c, "linger.ms") == "<unset>");
    }
    SUBCASE("an override names the client and the cluster") {
        const ClientConfig c = connector_admin_config(
            "b:9092", worker, "connector-adminclient-src-0",
            ConfigMap{{"client.id", "mine"}, {"bootstrap.servers", "other:9092"}}, "5000");
        CHECK(get(c, "client.id") == "mine");
        CHECK(get(c, "bootstrap.servers") == "other:9092");
    }
    SUBCASE("the shared admin: the worker's group in its client id, no overrides") {
        const ClientConfig c = shared_admin_config("b:9092", worker, "5000");
        CHECK(get(c, "client.id") == "g-shared-admin");
        CHECK(get(c, "request.timeout.ms") == "7000");
    }
    SUBCASE("a bad override is refused naming the key") {
        CHECK_THROWS_WITH_AS(
            connector_admin_config("b:9092", worker, "id", ConfigMap{{"socket.timeout.ms", "soon"}},
                                   "5000"),
            doctest::Contains("socket.timeout.ms"), ConfigError);
    }
}
