// A real RestServer on an ephemeral port over a FakeHerder, with a curl client aimed at it.
#pragma once

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>

#include "curl_client.hpp"
#include "fake_herder.hpp"
#include "host/rest/rest_config.hpp"
#include "host/rest/rest_server.hpp"

namespace kc::host::test {

struct RestFixture {
    explicit RestFixture(rest::WorkerProps props = {{"listeners", "http://127.0.0.1:0"}},
                         std::vector<std::string> curl_args = {}) {
        server = std::make_unique<rest::RestServer>(herder, rest::parse_rest_config(props),
                                                    rest::ServerInfo{"3.9.0-test", "abc123"});
        server->start();
        auto l = server->listeners().front();  // listeners() returns a copy
        port = l.port;
        client = std::make_unique<CurlClient>(
            l.scheme + "://" + (l.host.empty() ? "127.0.0.1" : l.host) + ":" + std::to_string(port),
            std::move(curl_args));
    }

    HttpResult call(const std::string& method, const std::string& path,
                    const std::string& body = "") {
        return client->call(method, path, body);
    }

    // Creates connector `name` through the API and checks it was created.
    void create(const std::string& name, const std::string& extra_config = "") {
        auto r =
            call("POST", "/connectors",
                 R"({"name":")" + name +
                     R"(","config":{"connector.class":)"
                     R"("org.apache.kafka.connect.file.FileStreamSourceConnector","tasks.max":"2",)"
                     R"("topic":"t1")" +
                     extra_config + "}}");
        REQUIRE(r.status == 201);
    }

    FakeHerder herder;
    std::unique_ptr<rest::RestServer> server;
    std::unique_ptr<CurlClient> client;
    unsigned short port = 0;
};

inline rapidjson::Document parse_json(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.c_str());
    REQUIRE_MESSAGE(!d.HasParseError(), "not JSON: ", text);
    return d;
}

// Checks Java's error body {"error_code": status, "message": "..."} and returns the message.
inline std::string error_message(const HttpResult& r, int status) {
    CHECK(r.status == status);
    auto d = parse_json(r.body);
    REQUIRE(d.IsObject());
    REQUIRE(d.HasMember("error_code"));
    CHECK(d["error_code"].GetInt() == status);
    REQUIRE(d["message"].IsString());
    return d["message"].GetString();
}

}  // namespace kc::host::test
