#include <doctest/doctest.h>

#include "host/core/bounded_json.hpp"
#include "host/core/connect_types.hpp"

using namespace kc::host;

TEST_CASE("target states and instance states use the config topic's and REST's spellings") {
    CHECK(target_state_name(TargetState::Started) == "STARTED");
    CHECK(target_state_name(TargetState::Stopped) == "STOPPED");
    CHECK(parse_target_state("PAUSED") == TargetState::Paused);
    CHECK_FALSE(parse_target_state("RUNNING"));
    CHECK_FALSE(parse_target_state("paused"));
    for (auto s : {ConnectState::Unassigned, ConnectState::Running, ConnectState::Paused,
                   ConnectState::Failed, ConnectState::Restarting, ConnectState::Stopped,
                   ConnectState::Destroyed})
        CHECK(parse_connect_state(connect_state_name(s)) == s);
    CHECK(connect_state_name(ConnectState::Restarting) == "RESTARTING");
    CHECK_FALSE(parse_connect_state("STARTED"));
}

TEST_CASE("a worker id is the advertised URL's host:port") {
    CHECK(worker_id_from_url("http://host:8083/") == "host:8083");
    CHECK(worker_id_from_url("https://10.0.0.1:9443//") == "10.0.0.1:9443");
    CHECK(worker_id_from_url("[::1]:8083") == "[::1]:8083");
}

TEST_CASE("task ids order by connector, then task number") {
    CHECK(ConnectorTaskId{"a", 9} < ConnectorTaskId{"b", 0});
    CHECK(ConnectorTaskId{"a", 1} < ConnectorTaskId{"a", 2});
    CHECK(ConnectorTaskId{"a", 1} == ConnectorTaskId{"a", 1});
}

TEST_CASE("JSON nesting is bounded: deep input is an error with its offset, never a crash") {
    rapidjson::Document doc;
    CHECK_FALSE(parse_bounded_json(doc, R"({"a":[1,{"b":null}]})"));
    CHECK(doc["a"][1].IsObject());

    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    auto error = parse_bounded_json(doc, deep);
    REQUIRE(error);
    CHECK(*error == "JSON nested deeper than 1000 levels at offset 1000");

    CHECK_FALSE(parse_bounded_json(doc, std::string(1000, '[') + std::string(1000, ']')));
    CHECK(parse_bounded_json(doc, "[[[]]]", 2));

    error = parse_bounded_json(doc, R"({"a":)");
    REQUIRE(error);
    CHECK(error->starts_with("invalid JSON at offset 5"));

    // Flags pass through: numbers kept as their text.
    CHECK_FALSE(parse_bounded_json<rapidjson::kParseNumbersAsStringsFlag>(doc, "[1.50]"));
    CHECK(std::string(doc[0].GetString()) == "1.50");
}
