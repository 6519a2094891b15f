#include <doctest/doctest.h>

#include "host/storage/status_records.hpp"
#include "host/storage/storage_error.hpp"

using namespace kc::host::storage;
using kc::host::ConnectorTaskId;
using kc::host::ConnectState;

TEST_CASE("status records: keys") {
    CHECK(connector_status_key("my-conn") == "status-connector-my-conn");
    CHECK(task_status_key({"my-conn", 3}) == "status-task-my-conn-3");
    CHECK(topic_status_key("orders", "my-conn") == "status-topic-orders:connector-my-conn");

    StatusKey k = parse_status_key("status-connector-my-conn");
    CHECK(k.kind == StatusKeyKind::Connector);
    CHECK(k.connector == "my-conn");
    k = parse_status_key("status-task-my-conn-3");
    CHECK(k.kind == StatusKeyKind::Task);
    CHECK(k.connector == "my-conn");
    CHECK(k.task == 3);
    k = parse_status_key("status-topic-orders:connector-my:conn");
    CHECK(k.kind == StatusKeyKind::Topic);
    CHECK(k.topic == "orders");
    CHECK(k.connector == "my:conn");
    // Java cuts at the first ':' and skips the separator's length unchecked.
    k = parse_status_key("status-topic-t:XXXXXXXXXXc");
    CHECK(k.connector == "c");

    const auto invalid = [](std::string_view key, const char* why) {
        CAPTURE(key);
        CHECK_THROWS_WITH_AS(parse_status_key(key), doctest::Contains(why), RecordFormatError);
    };
    invalid("status-connector-", "no connector name");
    invalid("status-task-c", "not status-task-<connector>-<task number>");
    invalid("status-task-c-x", "not status-task-<connector>-<task number>");
    invalid("status-topic-orders", "no ':' after the topic");
    invalid("status-topic-:connector-c", "empty topic");
    invalid("status-topic-t:conn", "no connector after the topic");
    invalid("status-topic-t:connector-", "empty connector");
    invalid("status-other", "not a connector, task or topic status key");
}

TEST_CASE("status records: values byte for byte as Java writes them") {
    // Named, not a braced temporary inside the status: g++ 12 at -O3 reports
    // the temporary's string as maybe-uninitialized (a false positive).
    const ConnectorTaskId c0{"c", 0};
    CHECK(encode_connector_status({"c", ConnectState::Running, std::nullopt, "10.0.0.1:8083", 5}) ==
          R"({"state":"RUNNING","trace":null,"worker_id":"10.0.0.1:8083","generation":5})");
    CHECK(
        encode_task_status({c0, ConnectState::Failed,
                            "org.apache.kafka.connect.errors.ConnectException: \"boom\"\n\tat X",
                            "w:8083", 7}) ==
        R"({"state":"FAILED","trace":"org.apache.kafka.connect.errors.ConnectException: \"boom\"\n\tat X","worker_id":"w:8083","generation":7})");
    CHECK(encode_connector_status({"c", ConnectState::Stopped, std::nullopt, "w", 0}) ==
          R"({"state":"STOPPED","trace":null,"worker_id":"w","generation":0})");
    // DESTROYED is a tombstone.
    CHECK_FALSE(encode_connector_status({"c", ConnectState::Destroyed, std::nullopt, "w", 1}));
    CHECK_FALSE(encode_task_status({c0, ConnectState::Destroyed, std::nullopt, "w", 1}));
    CHECK(
        encode_topic_status({"orders", "c", 2, 1700000000000}) ==
        R"({"topic":{"name":"orders","connector":"c","task":2,"discoverTimestamp":1700000000000}})");
}

TEST_CASE("status records: values read back, bad ones name the key and field") {
    const std::string running =
        R"({"state":"RUNNING","trace":null,"worker_id":"w:8083","generation":5})";
    CHECK(decode_connector_status("c", "status-connector-c", running) ==
          ConnectorStatus{"c", ConnectState::Running, std::nullopt, "w:8083", 5});
    CHECK(decode_task_status({"c", 1}, "status-task-c-1",
                             R"({"state":"FAILED","trace":"t","worker_id":"w","generation":2})") ==
          TaskStatus{{"c", 1}, ConnectState::Failed, "t", "w", 2});
    // A status without worker_id or trace (written by hand, or old).
    CHECK(decode_connector_status("c", "k", R"({"state":"PAUSED","generation":1})").worker_id ==
          "");
    CHECK(decode_topic_status(
              "status-topic-o:connector-c",
              R"({"topic":{"name":"o","connector":"c","task":1,"discoverTimestamp":9}})") ==
          TopicStatus{"o", "c", 1, 9});

    const auto fails = [](std::string_view value, const char* message) {
        CAPTURE(value);
        CHECK_THROWS_WITH_AS(decode_connector_status("c", "status-connector-c", value),
                             doctest::Contains(message), RecordFormatError);
    };
    fails("not json", "status record 'status-connector-c': value is not valid JSON");
    fails("42", "value should be an object but is an integer");
    fails(R"({"state":"BUSY","worker_id":"w","generation":1})", "invalid state 'BUSY'");
    fails(R"({"worker_id":"w","generation":1})", "field 'state' should be a string but is missing");
    fails(R"({"state":"RUNNING","trace":3,"worker_id":"w","generation":1})",
          "field 'trace' should be a string but is an integer");
    fails(R"({"state":"RUNNING","worker_id":"w","generation":"1"})",
          "field 'generation' should be an integer but is a string");
    CHECK_THROWS_WITH_AS(decode_topic_status("k", R"({"topic":{"name":"o","connector":"c"}})"),
                         doctest::Contains("field 'task' should be an integer but is missing"),
                         RecordFormatError);
    CHECK_THROWS_WITH_AS(decode_topic_status("k", R"({"name":"o"})"),
                         doctest::Contains("field 'topic' should be an object but is missing"),
                         RecordFormatError);
}

TEST_CASE("status rules: putSafe") {
    const ConnectorStatus older{"c", ConnectState::Running, std::nullopt, "w1", 4};
    const auto failed_by = [](const char* worker, int gen) {
        return ConnectorStatus{"c", ConnectState::Failed, "t", worker, gen};
    };
    CHECK(can_write_status_safely(std::nullopt, failed_by("w2", 0)));  // nothing known
    CHECK(can_write_status_safely(older, failed_by("w1", 1)));         // same worker
    CHECK(can_write_status_safely(older, failed_by("w2", 4)));         // same generation
    CHECK(can_write_status_safely(older, failed_by("w2", 5)));         // newer generation
    CHECK_FALSE(can_write_status_safely(older, failed_by("w2", 3)));   // another's newer report

    const TaskStatus task{{"c", 0}, ConnectState::Running, std::nullopt, "w1", 4};
    CHECK_FALSE(can_write_status_safely(
        task, TaskStatus{{"c", 0}, ConnectState::Unassigned, std::nullopt, "w2", 3}));
    CHECK(can_write_status_safely(
        task, TaskStatus{{"c", 0}, ConnectState::Unassigned, std::nullopt, "w1", 3}));
}

TEST_CASE("status rules: the reader ignores a stale UNASSIGNED task status") {
    const TaskStatus running{{"c", 0}, ConnectState::Running, std::nullopt, "w1", 4};
    const auto unassigned = [](int gen) {
        return TaskStatus{{"c", 0}, ConnectState::Unassigned, std::nullopt, "w2", gen};
    };
    CHECK(is_stale_task_status(running, unassigned(4)));
    CHECK(is_stale_task_status(running, unassigned(3)));
    CHECK_FALSE(is_stale_task_status(running, unassigned(5)));
    CHECK_FALSE(is_stale_task_status(std::nullopt, unassigned(0)));
    // Only UNASSIGNED over RUNNING: anything else is simply the last word.
    TaskStatus paused = running;
    paused.state = ConnectState::Paused;
    CHECK_FALSE(is_stale_task_status(paused, unassigned(1)));
    TaskStatus failed = unassigned(1);
    failed.state = ConnectState::Failed;
    CHECK_FALSE(is_stale_task_status(running, failed));
}

TEST_CASE("status rules: a retry goes ahead only while it is the key's latest write") {
    StatusWriteSequence seq;
    const uint64_t first = seq.next("status-task-c-0");
    CHECK(seq.is_latest("status-task-c-0", first));
    CHECK_FALSE(seq.is_latest("status-task-c-1", first));  // another key
    const uint64_t second = seq.next("status-task-c-0");
    CHECK(second == first + 1);
    CHECK_FALSE(seq.is_latest("status-task-c-0", first));
    CHECK(seq.is_latest("status-task-c-0", second));
    CHECK(seq.next("status-connector-c") == 1);  // keys count separately
}
