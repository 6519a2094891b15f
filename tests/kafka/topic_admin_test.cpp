// TopicAdmin and the internal topic specs, against the in-process embedded
// broker (which has neither CreateTopics nor DescribeConfigs: topics are
// created through the mock cluster's own call).
#include <doctest/doctest.h>

#include <chrono>

#include "host/config/config_error.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/kafka/topic_admin.hpp"

using namespace kc::host::kafka;
using kc::host::config::ConfigError;
using namespace std::chrono_literals;

namespace {

const ConfigMap kWorker{
    {"group.id", "connect-cluster"},
    {"config.storage.topic", "connect-configs"},
    {"offset.storage.topic", "connect-offsets"},
    {"status.storage.topic", "connect-status"},
    {"config.storage.replication.factor", "1"},
    {"offset.storage.replication.factor", "1"},
    {"offset.storage.partitions", "7"},
    {"status.storage.replication.factor", "-1"},
    {"status.storage.segment.ms", "600000"},
};

TopicAdmin admin_for(const EmbeddedBroker& broker) {
    return TopicAdmin(build_client_config(ClientRole::Admin, broker.bootstrap_servers(), {}));
}

}  // namespace

TEST_CASE("internal_topic_spec: names, partitions, replication and topic settings") {
    const InternalTopicSpec config = internal_topic_spec(InternalTopic::Config, kWorker);
    CHECK(config.name == "connect-configs");
    CHECK(config.property == "config.storage.topic");
    CHECK(config.partitions == 1);
    CHECK(config.single_partition);
    CHECK(config.replication_factor == 1);
    CHECK(config.topic_settings == ConfigMap{{"cleanup.policy", "compact"}});

    const InternalTopicSpec offsets = internal_topic_spec(InternalTopic::Offsets, kWorker);
    CHECK(offsets.partitions == 7);
    CHECK_FALSE(offsets.single_partition);

    const InternalTopicSpec status = internal_topic_spec(InternalTopic::Status, kWorker);
    CHECK(status.partitions == 5);  // Java's default
    CHECK(status.replication_factor == -1);
    CHECK(status.topic_settings ==
          ConfigMap{{"segment.ms", "600000"}, {"cleanup.policy", "compact"}});

    ConfigMap defaults{{"offset.storage.topic", "o"}, {"offset.storage.cleanup.policy", "delete"}};
    const InternalTopicSpec d = internal_topic_spec(InternalTopic::Offsets, defaults);
    CHECK(d.partitions == 25);
    CHECK(d.replication_factor == 3);
    CHECK(d.topic_settings.get_or("cleanup.policy", "") == "compact");

    CHECK_THROWS_WITH_AS(
        internal_topic_spec(InternalTopic::Status, ConfigMap{}),
        "Missing required configuration \"status.storage.topic\" which has no default value.",
        ConfigError);
    CHECK_THROWS_WITH_AS(
        internal_topic_spec(InternalTopic::Offsets, ConfigMap{{"offset.storage.topic", "o"},
                                                              {"offset.storage.partitions", "0"}}),
        doctest::Contains("offset.storage.partitions"), ConfigError);
    CHECK_THROWS_WITH_AS(internal_topic_spec(InternalTopic::Config,
                                             ConfigMap{{"config.storage.topic", "c"},
                                                       {"config.storage.replication.factor", "x"}}),
                         doctest::Contains("config.storage.replication.factor"), ConfigError);
}

TEST_CASE("require_single_partition: Java's message") {
    CHECK_NOTHROW(require_single_partition("c", 1));
    CHECK_THROWS_WITH_AS(
        require_single_partition("connect-configs", 2),
        "Topic 'connect-configs' supplied via the 'config.storage.topic' property is required to "
        "have a single partition in order to guarantee consistency of connector configurations, "
        "but found 2 partitions.",
        ConfigError);
}

TEST_CASE("require_compact_policy: exactly compact, as a case-insensitive set") {
    const InternalTopicSpec status = internal_topic_spec(InternalTopic::Status, kWorker);
    CHECK_NOTHROW(require_compact_policy(status, "compact"));
    CHECK_NOTHROW(require_compact_policy(status, " Compact ,compact"));
    CHECK_THROWS_WITH_AS(
        require_compact_policy(status, "compact,delete"),
        doctest::Contains("Topic 'connect-status' supplied via the 'status.storage.topic' "
                          "property is required to have 'cleanup.policy=compact' to guarantee "
                          "consistency and durability of connector and task statuses, but found "
                          "the topic currently has 'cleanup.policy=compact,delete'."),
        ConfigError);
    CHECK_THROWS_AS(require_compact_policy(status, "delete"), ConfigError);
    CHECK_THROWS_AS(require_compact_policy(status, ""), ConfigError);
}

TEST_CASE("TopicAdmin on an in-process embedded broker: creates, then finds, the internal topics") {
    EmbeddedBroker broker(1);
    TopicAdmin admin = admin_for(broker);
    const InternalTopicSpec config = internal_topic_spec(InternalTopic::Config, kWorker);
    const InternalTopicSpec offsets = internal_topic_spec(InternalTopic::Offsets, kWorker);

    TopicDescription d = admin.ensure(config, 10s);
    CHECK(d.created);
    CHECK(d.partitions == 1);
    CHECK_FALSE(d.cleanup_policy.has_value());  // no DescribeConfigs: check skipped
    d = admin.ensure(offsets, 10s);
    CHECK(d.created);
    CHECK(d.partitions == 7);

    // A second worker finds them.
    d = admin.ensure(config, 10s);
    CHECK_FALSE(d.created);
    CHECK(d.partitions == 1);
    CHECK(admin.admin().partition_count("connect-offsets", 5000) == 7);
}

TEST_CASE("TopicAdmin: a config topic with 2 partitions is refused with Java's message") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("connect-configs", 2));
    TopicAdmin admin = admin_for(broker);
    CHECK_THROWS_WITH_AS(
        admin.ensure(internal_topic_spec(InternalTopic::Config, kWorker), 10s),
        "Topic 'connect-configs' supplied via the 'config.storage.topic' property is required to "
        "have a single partition in order to guarantee consistency of connector configurations, "
        "but found 2 partitions.",
        ConfigError);
}
