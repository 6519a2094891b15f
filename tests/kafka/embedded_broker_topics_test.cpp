// Internal topics on a broker shared by several processes: the
// connect-embedded-broker launcher pre-creates them (its mock cluster has no
// CreateTopics, and would auto-create a topic with 4 partitions on first use).
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "host/config/config_error.hpp"
#include "host/kafka/admin.hpp"
#include "host/kafka/internal_topic_clients.hpp"
#include "host/kafka/kafka_based_log.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/kafka/topic_admin.hpp"
#include "tests/kafka/broker_process.hpp"

using namespace kc::host::kafka;
using namespace std::chrono_literals;

TEST_CASE("connect-embedded-broker: --topic and create-topic pre-create topics") {
    BrokerProcess broker(
        {"--brokers", "2", "--topic", "connect-configs:1", "--topic", "connect-offsets:6"});
    const std::string addr = broker.bootstrap();
    CHECK(broker.command("create-topic connect-status 3") == "ok");
    CHECK(broker.command("create-topic connect-status 3").rfind("error: ", 0) == 0);
    CHECK(broker.command("create-topic status-rf 2 2") == "ok");
    CHECK(broker.command("create-topic zero 0").rfind("error: ", 0) == 0);
    CHECK(broker.command("create-topic two-words 1 1 extra").rfind("error: ", 0) == 0);
    CHECK(broker.command("create-topic").rfind("error: expected 'down <broker-id>'", 0) == 0);
    CHECK(broker.command("down 2") == "ok");  // the other commands still work
    CHECK(broker.command("up 2") == "ok");

    Admin admin(build_client_config(ClientRole::Admin, addr, {}));
    CHECK(admin.partition_count("connect-configs", 10000) == 1);
    CHECK(admin.partition_count("connect-offsets", 10000) == 6);
    CHECK(admin.partition_count("connect-status", 10000) == 3);
    CHECK(admin.partition_count("status-rf", 10000) == 2);
    CHECK_FALSE(admin.partition_count("zero", 10000).has_value());
    CHECK(broker.stop() == 0);
}

TEST_CASE("TopicAdmin against a broker without CreateTopics: uses existing topics, names missing") {
    BrokerProcess broker({"--topic", "connect-configs:1", "--topic", "two-part:2"});
    const ConfigMap worker{{"config.storage.topic", "connect-configs"},
                           {"offset.storage.topic", "connect-offsets"},
                           {"offset.storage.partitions", "3"}};
    TopicAdmin admin(build_client_config(ClientRole::Admin, broker.bootstrap(), {}));

    const TopicDescription d =
        admin.ensure(internal_topic_spec(InternalTopic::Config, worker), 10s);
    CHECK_FALSE(d.created);
    CHECK(d.partitions == 1);
    CHECK_FALSE(d.cleanup_policy.has_value());

    CHECK_THROWS_WITH_AS(
        admin.ensure(internal_topic_spec(InternalTopic::Offsets, worker), 10s),
        doctest::Contains("Topic 'connect-offsets' supplied via the 'offset.storage.topic' "
                          "property does not exist"),
        KafkaError);
    // Still missing: nothing asked for it by name.
    CHECK_FALSE(admin.admin().partition_count("connect-offsets", 5000).has_value());

    ConfigMap two = worker;
    two.set("config.storage.topic", "two-part");
    CHECK_THROWS_WITH_AS(admin.ensure(internal_topic_spec(InternalTopic::Config, two), 10s),
                         doctest::Contains("required to have a single partition"),
                         kc::host::config::ConfigError);
}

TEST_CASE("KafkaBasedLog: two logs share a topic of a broker in another process") {
    BrokerProcess broker({"--topic", "connect-status:4"});
    const std::string addr = broker.bootstrap();
    auto producer = [&] {
        return internal_topic_client_config(ClientRole::Producer, addr, {},
                                            internal_topic_producer_defaults());
    };
    auto consumer = [&] {
        return internal_topic_client_config(ClientRole::Consumer, addr, {},
                                            internal_topic_consumer_defaults());
    };
    std::mutex mu;
    std::vector<std::string> seen_by_b;
    KafkaBasedLog a("connect-status", producer(), consumer(), [](const LogRecord&) {});
    KafkaBasedLog b("connect-status", producer(), consumer(), [&](const LogRecord& r) {
        std::lock_guard lock(mu);
        seen_by_b.emplace_back(*r.key);
    });
    a.start(20s);
    b.start(20s);
    for (int i = 0; i < 8; ++i)
        a.send("status-task-c-" + std::to_string(i), "{}");
    a.flush(10s);
    b.read_to_end(10s);
    std::lock_guard lock(mu);
    CHECK(seen_by_b.size() == 8);
}
