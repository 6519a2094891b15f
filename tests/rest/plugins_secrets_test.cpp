// /connector-plugins endpoints and masking of PASSWORD values everywhere.
#include "rest_fixture.hpp"

using namespace kc::host::test;

TEST_CASE("GET /connector-plugins lists connectors only unless connectorsOnly=false") {
    RestFixture f;
    auto r = f.call("GET", "/connector-plugins");
    REQUIRE(r.status == 200);
    CHECK(f.herder.calls().connectors_only);
    auto d = parse_json(r.body);
    REQUIRE(d.Size() == 2);
    CHECK(std::string(d[0]["class"].GetString()) ==
          "org.apache.kafka.connect.file.FileStreamSinkConnector");
    CHECK(std::string(d[0]["type"].GetString()) == "sink");
    CHECK(std::string(d[0]["version"].GetString()) == "3.9.0");

    d = parse_json(f.call("GET", "/connector-plugins?connectorsOnly=false").body);
    CHECK_FALSE(f.herder.calls().connectors_only);
    REQUIRE(d.Size() == 3);
    CHECK(std::string(d[2]["type"].GetString()) == "converter");
    CHECK_FALSE(d[2].HasMember("version"));  // "undefined" is omitted, as Java does
}

TEST_CASE("GET /connector-plugins/{p}/config returns ConfigKeyInfo in Java's shape") {
    RestFixture f;
    auto r = f.call("GET", "/connector-plugins/FileStreamSource/config");
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    REQUIRE(d.Size() == 2);
    const auto& k = d[1];
    CHECK(std::string(k["name"].GetString()) == "topic");
    CHECK(std::string(k["type"].GetString()) == "LIST");
    CHECK(k["required"].GetBool());
    CHECK(k["default_value"].IsNull());
    CHECK(std::string(k["importance"].GetString()) == "HIGH");
    CHECK(k["documentation"].IsString());
    CHECK(std::string(k["group"].GetString()) == "Common");
    CHECK(std::string(k["width"].GetString()) == "LONG");
    CHECK(k["display_name"].IsString());
    CHECK(k["dependents"].IsArray());
    CHECK(k["order"].GetInt() == 1);
    CHECK(error_message(f.call("GET", "/connector-plugins/Nope/config"), 404) ==
          "Unknown plugin Nope.");
    CHECK(error_message(f.call("GET",
                               "/connector-plugins/org.apache.kafka.connect.storage."
                               "FileOffsetBackingStore/config"),
                        400)
              .rfind("Invalid plugin class", 0) == 0);
}

TEST_CASE("validate returns ConfigInfos with PASSWORD values hidden, even with errors") {
    RestFixture f;
    auto r =
        f.call("PUT", "/connector-plugins/FileStreamSource/config/validate",
               R"({"connector.class":"org.apache.kafka.connect.file.FileStreamSourceConnector",)"
               R"("connection.password":"s3cret","tasks.max":"x"})");
    REQUIRE(r.status == 200);
    CHECK(r.body.find("s3cret") == std::string::npos);
    CHECK(f.herder.calls().validated.get_or("connection.password", "") == "s3cret");
    auto d = parse_json(r.body);
    CHECK(std::string(d["name"].GetString()) ==
          "org.apache.kafka.connect.file.FileStreamSourceConnector");
    CHECK(d["error_count"].GetInt() == 1);
    CHECK(d["groups"].Size() == 1);
    bool saw_password = false;
    for (const auto& c : d["configs"].GetArray()) {
        std::string name = c["value"]["name"].GetString();
        CHECK(c["definition"].IsObject());
        CHECK(c["value"]["recommended_values"].IsArray());
        CHECK(c["value"]["visible"].GetBool());
        if (name == "connection.password") {
            saw_password = true;
            CHECK(std::string(c["value"]["value"].GetString()) == "[hidden]");
        }
        if (name == "tasks.max") CHECK(c["value"]["errors"].Size() == 1);
    }
    CHECK(saw_password);

    // The body's class must match the URL's plugin (compared without "Connector").
    CHECK(error_message(f.call("PUT", "/connector-plugins/FileStreamSink/config/validate",
                               R"({"connector.class":"FileStreamSourceConnector"})"),
                        400) ==
          "Included connector type FileStreamSourceConnector does not match request type "
          "FileStreamSink");
    CHECK(
        error_message(
            f.call("PUT", "/connector-plugins/FileStreamSink/config/validate", R"({"a":"b"})"), 400)
            .find("no connector type") != std::string::npos);
    CHECK(error_message(f.call("PUT", "/connector-plugins/X/config/validate", "{oops"), 400)
              .find("Malformed JSON") != std::string::npos);
}

TEST_CASE("PASSWORD values are never returned in clear by config, info or tasks") {
    RestFixture f;
    f.create("db",
             R"(,"connection.password":"hunter2","ssl.key.password":"${file:/s.properties:k}")");
    for (const char* path : {"/connectors/db", "/connectors/db/config", "/connectors/db/tasks",
                             "/connectors/db/tasks-config", "/connectors?expand=info"}) {
        auto r = f.call("GET", path);
        REQUIRE(r.status == 200);
        CHECK_MESSAGE(r.body.find("hunter2") == std::string::npos, path);
        CHECK_MESSAGE(r.body.find("[hidden]") != std::string::npos, path);
        // A config provider reference reveals nothing and stays visible.
        CHECK_MESSAGE(r.body.find("${file:/s.properties:k}") != std::string::npos, path);
    }
    // Writing back a config read from the API keeps the stored secret.
    auto read = f.call("GET", "/connectors/db/config").body;
    REQUIRE(f.call("PUT", "/connectors/db/config", read).status == 200);
    CHECK(f.herder.connector("db").config.get_or("connection.password", "") == "hunter2");
    REQUIRE(
        f.call("PATCH", "/connectors/db/config", R"({"connection.password":"[hidden]","x":"1"})")
            .status == 200);
    CHECK(f.herder.connector("db").config.get_or("connection.password", "") == "hunter2");
    REQUIRE(f.call("PATCH", "/connectors/db/config", R"({"connection.password":"new"})").status ==
            200);
    CHECK(f.herder.connector("db").config.get_or("connection.password", "") == "new");
}
