// A sink connector's offsets (KIP-875) read and changed through its consumer
// group, on the fake Kafka: which partitions are reported, where a reset goes,
// what a malformed request or a group with members is answered.
#include <doctest/doctest.h>

#include <stdexcept>

#include "fake_kafka.hpp"
#include "host/runtime/sink_connector_offsets.hpp"

using namespace kc::host;
using namespace kc::host::runtime;

namespace {

ConnectorOffset sink_offset(const std::string& topic, std::int64_t partition,
                            std::optional<std::int64_t> offset) {
    ConnectorOffset o{{{"kafka_topic", topic}, {"kafka_partition", partition}}, std::nullopt};
    if (offset) o.offset = storage::OffsetMap{{"kafka_offset", *offset}};
    return o;
}

using Committed = std::map<kafka::TopicPartition, int64_t>;

}  // namespace

TEST_CASE("sink offsets: the group's committed offsets of the connector's topics") {
    testing::FakeKafka kafka;
    kafka.create_topic("in", 2);
    kafka.create_topic("other", 1);
    auto group = kafka.group_offsets({});
    group->commit_from_outside({{"in", 1, 5}, {"other", 0, 9}});

    const auto offsets = read_sink_connector_offsets(*group, {"in", "missing"});
    // in-0 has no committed offset, "missing" no partitions, "other" is not
    // the connector's.
    REQUIRE(offsets.size() == 1);
    CHECK(offsets[0].partition ==
          storage::OffsetMap{{"kafka_topic", std::string("in")}, {"kafka_partition", int64_t{1}}});
    REQUIRE(offsets[0].offset);
    CHECK(*offsets[0].offset == storage::OffsetMap{{"kafka_offset", int64_t{5}}});
    CHECK(read_sink_connector_offsets(*group, {"missing"}).empty());
}

TEST_CASE("sink offsets: altered to the given offsets, a null offset back to the log start") {
    testing::FakeKafka kafka;
    kafka.create_topic("in", 2);
    kafka.set_log_start({"in", 1}, 3);
    auto group = kafka.group_offsets({});
    change_sink_connector_offsets(
        *group, "c", {sink_offset("in", 0, 7), sink_offset("in", 1, std::nullopt)}, false);
    CHECK(kafka.committed() == Committed{{{"in", 0}, 7}, {{"in", 1}, 3}});
}

TEST_CASE("sink offsets: a reset sends every partition back to its log start") {
    testing::FakeKafka kafka;
    kafka.create_topic("in", 2);
    kafka.set_log_start({"in", 0}, 4);
    auto group = kafka.group_offsets({});
    group->commit_from_outside({{"in", 0, 10}, {"in", 1, 20}});
    change_sink_connector_offsets(*group, "c", read_sink_connector_offsets(*group, {"in"}), true);
    CHECK(kafka.committed() == Committed{{{"in", 0}, 4}, {{"in", 1}, 0}});
}

TEST_CASE("sink offsets: refused with Java's message while the group has members") {
    testing::FakeKafka kafka;
    kafka.create_topic("in", 1);
    auto group = kafka.group_offsets({});
    auto member = kafka.consumer({}, nullptr);
    member->subscribe({"in"});
    CHECK_THROWS_WITH_AS(
        change_sink_connector_offsets(*group, "c", {sink_offset("in", 0, 7)}, false),
        doctest::Contains("Failed to alter consumer group offsets for connector c either "
                          "because its tasks haven't stopped completely yet"),
        std::runtime_error);
    CHECK(kafka.committed().empty());

    member->close();
    change_sink_connector_offsets(*group, "c", {sink_offset("in", 0, 7)}, false);
    CHECK(kafka.committed() == Committed{{{"in", 0}, 7}});
}

TEST_CASE("sink offsets: a malformed entry is refused before anything is committed") {
    testing::FakeKafka kafka;
    kafka.create_topic("in", 1);
    auto group = kafka.group_offsets({});
    const ConnectorOffset good = sink_offset("in", 0, 7);
    auto refused = [&](const ConnectorOffset& bad, const std::string& message) {
        CAPTURE(message);
        CHECK_THROWS_WITH_AS(change_sink_connector_offsets(*group, "c", {good, bad}, false),
                             doctest::Contains(message.c_str()), OffsetRequestError);
    };
    refused({{{"kafka_partition", int64_t{0}}}, std::nullopt}, "need kafka_topic (string)");
    refused(
        {{{"kafka_topic", std::string("in")}, {"kafka_partition", std::string("0")}}, std::nullopt},
        "kafka_partition (integer)");
    refused(sink_offset("bad topic!", 0, 1), "Invalid kafka_topic");
    refused(sink_offset("in", -1, 1), "Invalid kafka_partition -1");
    refused(sink_offset("in", int64_t{1} << 31, 1), "Invalid kafka_partition 2147483648");
    refused(sink_offset("in", 0, -2), "non-negative integer kafka_offset");
    refused({{{"kafka_topic", std::string("in")}, {"kafka_partition", int64_t{0}}},
             storage::OffsetMap{{"offset", int64_t{1}}}},
            "non-negative integer kafka_offset");
    CHECK(kafka.committed().empty());
}
