// /connectors CRUD, config, expansion and name handling, through a real server and curl.
#include "rest_fixture.hpp"

using kc::host::TargetState;
using namespace kc::host::test;

TEST_CASE("GET / reports version, commit and the Kafka cluster id") {
    RestFixture f;
    auto r = f.call("GET", "/");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/json");
    auto d = parse_json(r.body);
    CHECK(std::string(d["version"].GetString()) == "3.9.0-test");
    CHECK(std::string(d["commit"].GetString()) == "abc123");
    CHECK(std::string(d["kafka_cluster_id"].GetString()) == "fake-cluster-id");
}

TEST_CASE("GET /health maps the herder's health to 200, 503 and 500") {
    RestFixture f;
    auto r = f.call("GET", "/health");
    CHECK(r.status == 200);
    CHECK(std::string(parse_json(r.body)["status"].GetString()) == "healthy");
    f.herder.set_health({"starting", "Worker is still starting up."});
    r = f.call("GET", "/health");
    CHECK(r.status == 503);
    CHECK(std::string(parse_json(r.body)["message"].GetString()) == "Worker is still starting up.");
    f.herder.set_health({"unhealthy", "stuck in tick"});
    CHECK(f.call("GET", "/health").status == 500);
}

TEST_CASE("POST /connectors creates with 201 and Location; a second create is 409") {
    RestFixture f;
    auto r = f.call("POST", "/connectors",
                    R"({"name":"  src  ","config":{"connector.class":"FileStreamSource",)"
                    R"("tasks.max":3,"batch.enabled":true}})");
    REQUIRE(r.status == 201);
    CHECK(r.headers["location"] ==
          "http://127.0.0.1:" + std::to_string(f.port) + "/connectors/src");
    auto d = parse_json(r.body);
    CHECK(std::string(d["name"].GetString()) == "src");
    // Numbers and booleans are taken as their text, name is injected, tasks listed.
    CHECK(std::string(d["config"]["tasks.max"].GetString()) == "3");
    CHECK(std::string(d["config"]["batch.enabled"].GetString()) == "true");
    CHECK(std::string(d["config"]["name"].GetString()) == "src");
    CHECK(d["tasks"].Size() == 3);
    CHECK(std::string(d["tasks"][2]["connector"].GetString()) == "src");
    CHECK(d["tasks"][2]["task"].GetInt() == 2);
    CHECK(std::string(d["type"].GetString()) == "source");
    CHECK_FALSE(f.herder.calls().allow_replace);
    CHECK_FALSE(f.herder.calls().initial_state.has_value());

    r = f.call("POST", "/connectors", R"({"name":"src","config":{"connector.class":"X"}})");
    CHECK(error_message(r, 409) == "Connector src already exists");

    r = f.call("GET", "/connectors");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"(["src"])");
}

TEST_CASE("POST /connectors passes initial_state and rejects bad bodies with 400") {
    RestFixture f;
    auto r = f.call(
        "POST", "/connectors",
        R"({"name":"p","config":{"connector.class":"FileStreamSink"},"initial_state":"paused"})");
    REQUIRE(r.status == 201);
    CHECK(f.herder.calls().initial_state == TargetState::Paused);
    CHECK(f.herder.connector("p").target == kc::host::ConnectState::Paused);

    CHECK(error_message(
              f.call("POST", "/connectors",
                     R"({"name":"q","config":{"connector.class":"X"},"initial_state":"FLYING"})"),
              400)
              .find("initial_state") != std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors",
                               R"({"name":"a","config":{"name":"b","connector.class":"X"}})"),
                        400) ==
          "Connector name configuration (b) doesn't match connector name in the URL (a)");
    CHECK(error_message(f.call("POST", "/connectors", R"({"name":"a"})"), 400).find("config") !=
          std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors", R"({"config":{}})"), 400).find("name") !=
          std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors", R"({"name":"a","config":[1]})"), 400)
              .find("object") != std::string::npos);
    CHECK(
        error_message(f.call("POST", "/connectors", R"({"name":"a","config":{"k":{"x":1}}})"), 400)
            .find("'k'") != std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors", R"({"name":)"), 400).find("Malformed JSON") !=
          std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors", R"([])"), 400).find("object") !=
          std::string::npos);
    CHECK(error_message(f.call("POST", "/connectors", R"({"name":["x"],"config":{}})"), 400)
              .find("'name'") != std::string::npos);
    // The herder's own validation error is passed through.
    CHECK(error_message(f.call("POST", "/connectors",
                               R"({"name":"b","config":{"connector.class":"Broken"}})"),
                        400)
              .rfind("Connector configuration is invalid", 0) == 0);
    // Empty body.
    CHECK(error_message(f.call("POST", "/connectors", " "), 400).find("empty") !=
          std::string::npos);
    CHECK(f.call("GET", "/connectors").body == R"(["p"])");
}

TEST_CASE("GET, PUT, PATCH and DELETE of one connector") {
    RestFixture f;
    f.create("c1");
    auto r = f.call("GET", "/connectors/c1");
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    CHECK(std::string(d["config"]["topic"].GetString()) == "t1");
    CHECK(d["tasks"].Size() == 2);

    r = f.call("GET", "/connectors/c1/config");
    REQUIRE(r.status == 200);
    CHECK(std::string(parse_json(r.body)["tasks.max"].GetString()) == "2");

    // PUT on an existing connector replaces it: 200, no Location.
    r = f.call("PUT", "/connectors/c1/config",
               R"({"connector.class":"FileStreamSource","tasks.max":"1","topic":"t2"})");
    CHECK(r.status == 200);
    CHECK(r.headers.count("location") == 0);
    CHECK(f.herder.calls().allow_replace);
    CHECK(f.herder.connector("c1").config.get_or("topic", "") == "t2");
    CHECK(f.herder.connector("c1").config.get_or("name", "") == "c1");

    // PUT on a new connector creates it: 201 with Location.
    r = f.call("PUT", "/connectors/c2/config",
               R"({"connector.class":"FileStreamSink","name":"c2"})");
    CHECK(r.status == 201);
    CHECK(r.headers["location"].find("/connectors/c2") != std::string::npos);
    CHECK(error_message(
              f.call("PUT", "/connectors/c2/config", R"({"name":"other","connector.class":"x"})"),
              400)
              .find("doesn't match") != std::string::npos);
    CHECK(error_message(f.call("PUT", "/connectors/c2/config", R"("text")"), 400).find("object") !=
          std::string::npos);

    // PATCH merges; null deletes.
    r = f.call("PATCH", "/connectors/c1/config", R"({"topic":"t3","extra":"1","tasks.max":null})");
    REQUIRE(r.status == 200);
    d = parse_json(r.body);
    CHECK(std::string(d["config"]["topic"].GetString()) == "t3");
    CHECK(std::string(d["config"]["extra"].GetString()) == "1");
    CHECK_FALSE(d["config"].HasMember("tasks.max"));
    CHECK_FALSE(f.herder.calls().patch.at("tasks.max").has_value());
    CHECK(error_message(f.call("PATCH", "/connectors/nope/config", R"({"a":"b"})"), 404) ==
          "Connector nope not found");
    CHECK(error_message(f.call("PATCH", "/connectors/c1/config", R"({"a":[]})"), 400).find("'a'") !=
          std::string::npos);

    r = f.call("DELETE", "/connectors/c1");
    CHECK(r.status == 204);
    CHECK(r.body.empty());
    CHECK(error_message(f.call("GET", "/connectors/c1"), 404) == "Connector c1 not found");
    CHECK(error_message(f.call("GET", "/connectors/c1/config"), 404) == "Connector c1 not found");
    CHECK(error_message(f.call("DELETE", "/connectors/c1"), 404) == "Connector c1 not found");
}

TEST_CASE("GET /connectors?expand=status&expand=info") {
    RestFixture f;
    f.create("a");
    f.create("b");
    auto r = f.call("GET", "/connectors?expand=status&expand=info");
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    REQUIRE(d.IsObject());
    CHECK(d.MemberCount() == 2);
    CHECK(std::string(d["a"]["status"]["connector"]["state"].GetString()) == "RUNNING");
    CHECK(std::string(d["b"]["info"]["name"].GetString()) == "b");
    CHECK(d["b"]["info"]["tasks"].Size() == 2);

    // Only unknown expansions: still the map shape, with empty entries (as Java).
    r = f.call("GET", "/connectors?expand=bogus");
    CHECK(r.body == R"({"a":{},"b":{}})");
}

TEST_CASE("connector names are percent-decoded path segments") {
    RestFixture f;
    auto r = f.call("PUT", "/connectors/my%20conn%2Fx/config",
                    R"({"connector.class":"FileStreamSink"})");
    REQUIRE(r.status == 201);
    CHECK(r.headers["location"].find("/connectors/my%20conn%2Fx") != std::string::npos);
    r = f.call("GET", "/connectors/my%20conn%2Fx");
    REQUIRE(r.status == 200);
    CHECK(std::string(parse_json(r.body)["name"].GetString()) == "my conn/x");
    CHECK(f.call("GET", "/connectors/").status == 200);  // trailing slash is the same resource
    CHECK(error_message(f.call("GET", "/connectors/bad%zz"), 400).find("percent") !=
          std::string::npos);
}

TEST_CASE("unknown paths are 404 and wrong methods 405 with Allow, in the error body shape") {
    RestFixture f;
    CHECK(error_message(f.call("GET", "/nothing/here"), 404) == "HTTP 404 Not Found");
    CHECK(error_message(f.call("GET", "/connectors/a/b/c/d/e"), 404) == "HTTP 404 Not Found");
    auto r = f.call("DELETE", "/connectors");
    CHECK(error_message(r, 405) == "HTTP 405 Method Not Allowed");
    CHECK(r.headers["allow"] == "GET, POST");
    CHECK(f.call("POST", "/connectors/x/pause").status == 405);
}
