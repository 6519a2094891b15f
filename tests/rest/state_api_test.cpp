// Status, tasks, restart, pause/resume/stop, offsets and topics endpoints.
#include "rest_fixture.hpp"

using namespace kc::host::test;

TEST_CASE("status, task status and task configs") {
    RestFixture f;
    f.create("s", R"(,"fail.task":"1")");
    auto r = f.call("GET", "/connectors/s/status");
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    CHECK(std::string(d["name"].GetString()) == "s");
    CHECK(std::string(d["connector"]["state"].GetString()) == "RUNNING");
    CHECK(std::string(d["connector"]["worker_id"].GetString()) == "fake:8083");
    CHECK_FALSE(d["connector"].HasMember("trace"));  // omitted when there is none
    REQUIRE(d["tasks"].Size() == 2);
    CHECK(d["tasks"][1]["id"].GetInt() == 1);
    CHECK(std::string(d["tasks"][1]["state"].GetString()) == "FAILED");
    CHECK(std::string(d["tasks"][1]["trace"].GetString()).find("Boom") != std::string::npos);
    CHECK(std::string(d["type"].GetString()) == "source");

    r = f.call("GET", "/connectors/s/tasks/1/status");
    REQUIRE(r.status == 200);
    d = parse_json(r.body);
    CHECK(d["id"].GetInt() == 1);
    CHECK(std::string(d["state"].GetString()) == "FAILED");
    CHECK(error_message(f.call("GET", "/connectors/s/tasks/7/status"), 404) ==
          "No status found for task s-7");
    CHECK(error_message(f.call("GET", "/connectors/s/tasks/x/status"), 404) ==
          "HTTP 404 Not Found");
    CHECK(error_message(f.call("GET", "/connectors/zz/status"), 404) ==
          "No status found for connector zz");

    r = f.call("GET", "/connectors/s/tasks");
    REQUIRE(r.status == 200);
    d = parse_json(r.body);
    REQUIRE(d.Size() == 2);
    CHECK(std::string(d[0]["id"]["connector"].GetString()) == "s");
    CHECK(d[1]["id"]["task"].GetInt() == 1);
    CHECK(std::string(d[1]["config"]["task.id"].GetString()) == "1");

    r = f.call("GET", "/connectors/s/tasks-config");
    REQUIRE(r.status == 200);
    d = parse_json(r.body);
    CHECK(std::string(d["s-0"]["task.id"].GetString()) == "0");
    CHECK(error_message(f.call("GET", "/connectors/zz/tasks"), 404) == "Connector zz not found");
}

TEST_CASE("restart: 204 for the connector only, 202 with RESTARTING states otherwise") {
    RestFixture f;
    f.create("s", R"(,"fail.task":"1")");
    auto r = f.call("POST", "/connectors/s/restart");
    CHECK(r.status == 204);
    CHECK(r.body.empty());
    CHECK_FALSE(f.herder.calls().include_tasks);

    r = f.call("POST", "/connectors/s/restart?includeTasks=true&onlyFailed=TRUE&forward=true");
    REQUIRE(r.status == 202);
    CHECK(f.herder.calls().include_tasks);
    CHECK(f.herder.calls().only_failed);
    auto d = parse_json(r.body);
    CHECK(std::string(d["connector"]["state"].GetString()) == "RUNNING");
    CHECK(std::string(d["tasks"][0]["state"].GetString()) == "RUNNING");
    CHECK(std::string(d["tasks"][1]["state"].GetString()) == "RESTARTING");

    r = f.call("POST", "/connectors/s/restart?includeTasks=true");
    REQUIRE(r.status == 202);
    d = parse_json(r.body);
    CHECK(std::string(d["connector"]["state"].GetString()) == "RESTARTING");
    CHECK(std::string(d["tasks"][0]["state"].GetString()) == "RESTARTING");

    CHECK(error_message(f.call("POST", "/connectors/zz/restart"), 404) == "Unknown connector: zz");
    CHECK(f.call("POST", "/connectors/s/tasks/0/restart").status == 204);
    REQUIRE(f.herder.calls().restarted_task.has_value());
    CHECK(f.herder.calls().restarted_task->task == 0);
    CHECK(error_message(f.call("POST", "/connectors/s/tasks/5/restart"), 404) ==
          "Unknown task: s-5");
}

TEST_CASE("pause and resume answer 202, stop 204") {
    RestFixture f;
    f.create("s");
    auto r = f.call("PUT", "/connectors/s/pause");
    CHECK(r.status == 202);
    CHECK(r.body.empty());
    CHECK(f.herder.connector("s").target == kc::host::ConnectState::Paused);
    CHECK(f.call("PUT", "/connectors/s/resume").status == 202);
    CHECK(f.herder.connector("s").target == kc::host::ConnectState::Running);
    CHECK(f.call("PUT", "/connectors/s/stop").status == 204);
    auto d = parse_json(f.call("GET", "/connectors/s/status").body);
    CHECK(std::string(d["connector"]["state"].GetString()) == "STOPPED");
    CHECK(d["tasks"].Size() == 0);
    CHECK(error_message(f.call("PUT", "/connectors/zz/pause"), 404) == "Connector zz not found");
    CHECK(error_message(f.call("PUT", "/connectors/zz/stop"), 404) == "Connector zz not found");
}

TEST_CASE("offsets: read, alter and reset only when stopped") {
    RestFixture f;
    f.create("s");
    auto r = f.call("GET", "/connectors/s/offsets");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"({"offsets":[]})");

    std::string body =
        R"({"offsets":[{"partition":{"filename":"/tmp/a.txt"},"offset":{"position":42,"ratio":0.5,"eof":false}},)"
        R"({"partition":{"kafka_topic":"t","kafka_partition":3},"offset":null}]})";
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets", body), 400)
              .rfind("Connectors must be in the STOPPED state", 0) == 0);
    REQUIRE(f.call("PUT", "/connectors/s/stop").status == 204);
    r = f.call("PATCH", "/connectors/s/offsets", body);
    REQUIRE(r.status == 200);
    CHECK(r.body ==
          R"({"message":"The offsets for this connector have been altered successfully"})");
    auto altered = f.herder.calls().altered;
    REQUIRE(altered.size() == 2);
    // Maps arrive typed and in the order the body gave them.
    CHECK(*altered[0].offset == kc::host::storage::OffsetMap{{"position", std::int64_t{42}},
                                                             {"ratio", 0.5},
                                                             {"eof", false}});
    CHECK(altered[1].partition ==
          kc::host::storage::OffsetMap{{"kafka_topic", std::string("t")},
                                       {"kafka_partition", std::int64_t{3}}});
    CHECK_FALSE(altered[1].offset.has_value());

    auto d = parse_json(f.call("GET", "/connectors/s/offsets").body);
    REQUIRE(d["offsets"].Size() == 2);
    CHECK(std::string(d["offsets"][0]["partition"]["filename"].GetString()) == "/tmp/a.txt");
    CHECK(d["offsets"][0]["offset"]["position"].GetInt64() == 42);
    CHECK(d["offsets"][1]["offset"].IsNull());

    const std::string missing =
        "Partitions / offsets need to be provided for an alter offsets request";
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets", R"({"offsets":[]})"), 400) ==
          missing);
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets", R"({})"), 400) == missing);
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets", R"({"offsets":{}})"), 400)
              .find("array") != std::string::npos);
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets",
                               R"({"offsets":[{"partition":{"a":[1]},"offset":null}]})"),
                        400)
              .find("primitive") != std::string::npos);
    CHECK(error_message(f.call("PATCH", "/connectors/s/offsets", R"({"offsets":[{"offset":{}}]})"),
                        400)
              .find("partition") != std::string::npos);

    r = f.call("DELETE", "/connectors/s/offsets");
    REQUIRE(r.status == 200);
    CHECK(std::string(parse_json(r.body)["message"].GetString()) ==
          "The offsets for this connector have been reset successfully");
    CHECK(error_message(f.call("GET", "/connectors/zz/offsets"), 404) == "Connector zz not found");
}

TEST_CASE("active topics and their reset; 403 when tracking is disabled") {
    RestFixture f;
    f.create("s");
    auto r = f.call("GET", "/connectors/s/topics");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"({"s":{"topics":["t1"]}})");
    CHECK(f.call("PUT", "/connectors/s/topics/reset").status == 202);
    f.herder.set_topic_tracking(false);
    CHECK(error_message(f.call("GET", "/connectors/s/topics"), 403) ==
          "Topic tracking is disabled.");
    CHECK(error_message(f.call("PUT", "/connectors/s/topics/reset"), 403) ==
          "Topic tracking reset is disabled.");
}
