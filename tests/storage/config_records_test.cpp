#include <doctest/doctest.h>

#include "host/storage/config_records.hpp"
#include "host/storage/storage_error.hpp"

using namespace kc::host::storage;
using kc::host::ConnectorTaskId;
using kc::host::SessionKey;
using kc::host::TargetState;
using kc::host::config::ConfigMap;

TEST_CASE("config records: keys as Java writes them") {
    CHECK(connector_config_key("my-conn") == "connector-my-conn");
    CHECK(target_state_key("my-conn") == "target-state-my-conn");
    CHECK(task_config_key({"my-conn", 12}) == "task-my-conn-12");
    CHECK(task_commit_key("my-conn") == "commit-my-conn");
    CHECK(task_count_record_key("my-conn") == "tasks-fencing-my-conn");
    CHECK(restart_request_key("my-conn") == "restart-connector-my-conn");
    CHECK(logger_level_key("org.apache.kafka") == "logger-cluster-org.apache.kafka");
    CHECK(kSessionKeyKey == "session-key");
}

TEST_CASE("config records: keys are classified in Java's dispatch order") {
    const auto kind = [](std::string_view key) { return parse_config_key(key).kind; };
    CHECK(kind("target-state-c") == ConfigKeyKind::TargetState);
    CHECK(kind("connector-c") == ConfigKeyKind::ConnectorConfig);
    CHECK(kind("task-c-0") == ConfigKeyKind::TaskConfig);
    // "target-state-" is tested before "task-" could be, "tasks-" is not "task-".
    CHECK(kind("tasks-fencing-c") == ConfigKeyKind::TaskCountRecord);
    CHECK(kind("commit-c") == ConfigKeyKind::TaskCommit);
    CHECK(kind("restart-connector-c") == ConfigKeyKind::RestartRequest);
    CHECK(kind("session-key") == ConfigKeyKind::SessionKey);
    CHECK(kind("logger-cluster-org.x") == ConfigKeyKind::LoggerLevel);
    CHECK(parse_config_key("connector-").name.empty());
    CHECK(parse_config_key("target-state-connector-x").name == "connector-x");
    CHECK(parse_config_key("logger-cluster-org.x").name == "org.x");
    // session-key must match exactly.
    CHECK_THROWS_WITH_AS(parse_config_key("session-key-2"),
                         doctest::Contains("'session-key-2' is not a known key"),
                         RecordFormatError);
    CHECK_THROWS_AS(parse_config_key(""), RecordFormatError);
    CHECK_THROWS_WITH_AS(parse_config_key("task-c-x"),
                         doctest::Contains("couldn't be parsed as a task config key"),
                         RecordFormatError);
}

TEST_CASE("config records: task keys split as Java splits them") {
    CHECK(parse_task_config_key("task-c-0") == ConnectorTaskId{"c", 0});
    CHECK(parse_task_config_key("task-my-conn-7") == ConnectorTaskId{"my-conn", 7});
    CHECK(parse_task_config_key("task-a--1") == ConnectorTaskId{"a-", 1});
    CHECK(parse_task_config_key("task-c-+3") == ConnectorTaskId{"c", 3});
    CHECK(parse_task_config_key("task-c-007") == ConnectorTaskId{"c", 7});
    // String.split drops trailing empty parts, so a trailing '-' is ignored.
    CHECK(parse_task_config_key("task-c-1-") == ConnectorTaskId{"c", 1});
    CHECK(parse_task_config_key("task--5") == ConnectorTaskId{"", 5});  // ["task","","5"]
    CHECK_FALSE(parse_task_config_key("task-5").has_value());
    CHECK_FALSE(parse_task_config_key("task-c-").has_value());
    CHECK_FALSE(parse_task_config_key("task-c-x").has_value());
    CHECK_FALSE(parse_task_config_key("task-c-2147483648").has_value());  // beyond int
    CHECK(parse_task_config_key("task-c-2147483647") == ConnectorTaskId{"c", 2147483647});
}

TEST_CASE("config records: values byte for byte as Java's JsonConverter writes them") {
    CHECK(encode_config_properties(ConfigMap{
              {"name", "c"}, {"connector.class", "FileStreamSource"}, {"tasks.max", "1"}}) ==
          R"({"properties":{"name":"c","connector.class":"FileStreamSource","tasks.max":"1"}})");
    CHECK(encode_config_properties(ConfigMap{}) == R"({"properties":{}})");
    CHECK(encode_task_commit(3) == R"({"tasks":3})");
    CHECK(encode_target_state(TargetState::Started) ==
          R"({"state":"STARTED","state.v2":"STARTED"})");
    CHECK(encode_target_state(TargetState::Paused) == R"({"state":"PAUSED","state.v2":"PAUSED"})");
    // Older workers know no STOPPED: they read PAUSED.
    CHECK(encode_target_state(TargetState::Stopped) ==
          R"({"state":"PAUSED","state.v2":"STOPPED"})");
    CHECK(encode_task_count_record(2) == R"({"task-count":2})");
    CHECK(encode_session_key({std::string("\x00\xff\x10key", 6), "HmacSHA256", 1700000000123}) ==
          R"({"key":"AP8Qa2V5","algorithm":"HmacSHA256","creation-timestamp":1700000000123})");
    CHECK(encode_restart_request({"c", true, false}) ==
          R"({"include-tasks":false,"only-failed":true})");
    CHECK(encode_restart_request({"c", false, true}) ==
          R"({"include-tasks":true,"only-failed":false})");
    CHECK(encode_logger_level("DEBUG") == R"({"level":"DEBUG"})");
}

TEST_CASE("config records: any characters are escaped as Jackson escapes them") {
    const ConfigMap hostile{{"quote\"back\\slash", "tab\tnl\ncr\rbs\bff\f"},
                            {"ctl", std::string("\x00\x1f\x7f", 3)},
                            {"utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 </script>"},
                            {"bad", "x\xc3"}};
    const std::string json = encode_config_properties(hostile);
    CHECK(json ==
          "{\"properties\":{"
          "\"quote\\\"back\\\\slash\":\"tab\\tnl\\ncr\\rbs\\bff\\f\","
          "\"ctl\":\"\\u0000\\u001F\x7f\","
          "\"utf8\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 </script>\","
          "\"bad\":\"x\xef\xbf\xbd\"}}");
    // And they read back (the malformed byte as Java would have held it).
    ConfigMap expected = hostile;
    expected.set("bad", "x\xef\xbf\xbd");
    CHECK(decode_config_properties("connector-c", json) == expected);
}

TEST_CASE("config records: values read back") {
    CHECK(decode_config_properties("connector-c", R"({"properties":{"a":"1","n":null,"b":"2"}})") ==
          ConfigMap{{"a", "1"}, {"b", "2"}});
    // Like Jackson, nothing after the first complete value is looked at.
    CHECK(decode_config_properties("connector-c", R"({"properties":{"a":"1"}} trailing)") ==
          ConfigMap{{"a", "1"}});
    CHECK(decode_target_state("target-state-c", R"({"state":"PAUSED","state.v2":"STOPPED"})") ==
          TargetState::Stopped);
    // Written by a worker that predates state.v2.
    CHECK(decode_target_state("target-state-c", R"({"state":"PAUSED"})") == TargetState::Paused);
    CHECK(decode_target_state("target-state-c", R"({"state":"STARTED","state.v2":null})") ==
          TargetState::Started);
    // A state.v2 that is not a string falls back on state, as in Java.
    CHECK(decode_target_state("target-state-c", R"({"state":"PAUSED","state.v2":7})") ==
          TargetState::Paused);
    CHECK(decode_task_commit("commit-c", R"({"tasks":4})") == 4);
    // A Long is narrowed as Java's (int) cast narrows it.
    CHECK(decode_task_commit("commit-c", R"({"tasks":4294967297})") == 1);
    CHECK(decode_task_count_record("tasks-fencing-c", R"({"task-count":0})") == 0);
    const SessionKey key = decode_session_key(
        "session-key", R"({"key":"AP8Qa2V5","algorithm":"HmacSHA256","creation-timestamp":17})");
    CHECK(key.key == std::string("\x00\xff\x10key", 6));
    CHECK(key.algorithm == "HmacSHA256");
    CHECK(key.creation_timestamp_ms == 17);
    // Java's decoder does not require the padding.
    CHECK(
        decode_session_key("session-key", R"({"key":"YWI","algorithm":"A","creation-timestamp":1})")
            .key == "ab");
    CHECK(decode_restart_request("restart-connector-my-c",
                                 R"({"include-tasks":true,"only-failed":true})") ==
          RestartRequest{"my-c", true, true});
    // Flags that are not booleans default to false (Java warns and goes on).
    CHECK(decode_restart_request("restart-connector-c", R"({"include-tasks":"yes"})") ==
          RestartRequest{"c", false, false});
    CHECK(decode_logger_level("logger-cluster-x", R"({"level":"WARN"})") == "WARN");
}

TEST_CASE("config records: bad values give an error naming the record and the field") {
    const auto fails = [](auto decode, std::string_view key, std::string_view value,
                          const char* message) {
        CAPTURE(value);
        CHECK_THROWS_WITH_AS(decode(key, value), doctest::Contains(message), RecordFormatError);
    };
    fails(decode_config_properties, "connector-c", "{\"properties\":", "not valid JSON");
    fails(decode_config_properties, "connector-c", "", "not valid JSON");
    fails(decode_config_properties, "connector-c", "{\"properties\":{}", "not valid JSON");
    fails(decode_config_properties, "connector-c", "{\"properties\":{\"a\":\"\xff\"}}",
          "not valid JSON");
    // A record nested deeper than any Java writer nests is refused, not a stack overflow.
    fails(decode_config_properties, "connector-c",
          std::string(300000, '[') + std::string(300000, ']'), "nested deeper than 1000 levels");
    fails(decode_config_properties, "connector-c", "[1]",
          "config record 'connector-c': value should be an object but is an array");
    fails(decode_config_properties, "connector-c", R"({"props":{}})",
          "field 'properties' should be an object but is missing");
    fails(decode_config_properties, "task-c-0", R"({"properties":"x"})",
          "config record 'task-c-0': field 'properties' should be an object but is a string");
    fails(decode_config_properties, "connector-c", R"({"properties":{"tasks.max":1}})",
          "property 'tasks.max' should be a string but is an integer");
    fails(decode_target_state, "target-state-c", R"({"state":"RUNNING"})",
          "invalid target state 'RUNNING'");
    // A string state.v2 wins, even when it is no state.
    fails(decode_target_state, "target-state-c", R"({"state":"PAUSED","state.v2":"GONE"})",
          "invalid target state 'GONE'");
    fails(decode_target_state, "target-state-c", R"({"state":1})",
          "field 'state' should be a string but is an integer");
    fails(decode_task_commit, "commit-c", R"({"tasks":"3"})",
          "config record 'commit-c': field 'tasks' should be an integer but is a string");
    fails(decode_task_commit, "commit-c", R"({"tasks":3.0})",
          "field 'tasks' should be an integer but is a number");
    fails(decode_task_commit, "commit-c", R"({})",
          "field 'tasks' should be an integer but is missing");
    fails(decode_task_count_record, "tasks-fencing-c", R"({"task-count":null})",
          "field 'task-count' should be an integer but is null");
    fails(decode_session_key, "session-key",
          R"({"key":"AP8Qa2V5","algorithm":"HmacSHA256","creation-timestamp":1.5})",
          "field 'creation-timestamp' should be an integer but is a number");
    fails(decode_session_key, "session-key",
          R"({"key":"!!!!","algorithm":"HmacSHA256","creation-timestamp":1})",
          "field 'key' is not valid base64");
    fails(decode_session_key, "session-key", R"({"key":"AP8Qa2V5","creation-timestamp":1})",
          "field 'algorithm' should be a string but is missing");
    fails(decode_logger_level, "logger-cluster-x", R"({"level":false})",
          "field 'level' should be a string but is a boolean");
}
