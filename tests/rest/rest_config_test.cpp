// Parsing of the REST server's worker settings, and the URL/router helpers.
#include <doctest/doctest.h>

#include <fstream>

#include "host/rest/rest_config.hpp"
#include "host/rest/rest_error.hpp"
#include "host/rest/router.hpp"
#include "host/rest/url.hpp"

using namespace kc::host::rest;

TEST_CASE("listeners: defaults, lists, empty host, IPv6 and ports") {
    auto cfg = parse_rest_config({});
    REQUIRE(cfg.listeners.size() == 1);
    CHECK(cfg.listeners[0].scheme == "http");
    CHECK(cfg.listeners[0].host.empty());
    CHECK(cfg.listeners[0].port == 8083);
    CHECK(cfg.admin_on_main);
    CHECK_FALSE(cfg.tls.has_value());
    CHECK(cfg.max_body_bytes == 10 * 1024 * 1024);

    auto specs = parse_listener_list("listeners", " HTTP://localhost:0 , http://[::1]:9000/,");
    REQUIRE(specs.size() == 2);
    CHECK(specs[0].scheme == "http");
    CHECK(specs[0].host == "localhost");
    CHECK(specs[0].port == 0);
    CHECK(specs[1].host == "::1");
    CHECK(specs[1].port == 9000);
}

TEST_CASE("listeners: malformed entries are refused naming the key") {
    CHECK_THROWS_WITH_AS(parse_listener_list("listeners", "localhost:8083"),
                         doctest::Contains("listeners"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_listener_list("listeners", "ftp://:21"), doctest::Contains("ftp"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_listener_list("listeners", "http://:99999"),
                         doctest::Contains("range"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_listener_list("listeners", "http://host"),
                         doctest::Contains("no port"), std::invalid_argument);
    CHECK_THROWS_AS(parse_listener_list("listeners", "http://:80x"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rest_config({{"listeners", " , "}}), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_rest_config({{"rest.request.max.bytes", "-5"}}),
                         doctest::Contains("rest.request.max.bytes"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rest_config({{"rest.server.threads", "0"}}), std::invalid_argument);
}

TEST_CASE("https needs PEM material; JKS and PKCS12 keystores are refused clearly") {
    CHECK_THROWS_WITH_AS(parse_rest_config({{"listeners", "https://:0"}}),
                         doctest::Contains("certificate"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_rest_config({{"listeners", "https://:0"},
                                            {"listeners.https.ssl.keystore.location", "/ks.jks"},
                                            {"listeners.https.ssl.keystore.type", "JKS"}}),
                         doctest::Contains("PEM"), std::invalid_argument);
    std::string fake_jks = "/tmp/kc-rest-config-test.jks";
    std::ofstream(fake_jks) << "\xfe\xed\xfe\xed binary keystore";
    CHECK_THROWS_WITH_AS(
        parse_rest_config({{"listeners", "https://:0"}, {"ssl.keystore.location", fake_jks}}),
        doctest::Contains("not a PEM file"), std::invalid_argument);
    std::remove(fake_jks.c_str());
    CHECK_THROWS_WITH_AS(parse_rest_config({{"listeners", "https://:0"},
                                            {"ssl.certificate.location", "/nonexistent.pem"},
                                            {"ssl.key.location", "/nonexistent.pem"}}),
                         doctest::Contains("/nonexistent.pem"), std::invalid_argument);
    auto inline_pem = parse_rest_config({{"listeners", "https://:0"},
                                         {"ssl.keystore.key", "-----BEGIN PRIVATE KEY-----x"},
                                         {"ssl.keystore.certificate.chain", "-----BEGIN CERT"},
                                         {"ssl.client.auth", "REQUIRED"},
                                         {"ssl.truststore.certificates", "-----BEGIN CERT"}});
    REQUIRE(inline_pem.tls.has_value());
    CHECK(inline_pem.tls->client_auth == "required");
    CHECK_THROWS_WITH_AS(parse_rest_config({{"listeners", "https://:0"},
                                            {"ssl.keystore.key", "k"},
                                            {"ssl.keystore.certificate.chain", "c"},
                                            {"ssl.client.auth", "required"}}),
                         doctest::Contains("truststore"), std::invalid_argument);
}

TEST_CASE("admin.listeners and advertised settings") {
    auto cfg = parse_rest_config({{"admin.listeners", "http://127.0.0.1:0"},
                                  {"rest.advertised.host.name", "worker-1"},
                                  {"rest.advertised.port", "18083"},
                                  {"rest.advertised.listener", "HTTP"}});
    REQUIRE(cfg.listeners.size() == 2);
    CHECK(cfg.listeners[1].admin_only);
    CHECK_FALSE(cfg.admin_on_main);
    CHECK(cfg.advertised_host == "worker-1");
    CHECK(cfg.advertised_port == 18083);
    CHECK(cfg.advertised_listener == "http");
}

TEST_CASE("percent-decoding and target splitting") {
    CHECK(percent_decode("a%20b+c", false) == "a b+c");
    CHECK(percent_decode("a%20b+c", true) == "a b c");
    CHECK_FALSE(percent_decode("bad%2", false).has_value());
    CHECK_FALSE(percent_decode("bad%g1", false).has_value());
    CHECK(percent_encode_segment("my conn/x") == "my%20conn%2Fx");
    auto t = split_target("/connectors?expand=status&expand=info&flag&x=a%26b");
    REQUIRE(t.has_value());
    CHECK(t->path == "/connectors");
    CHECK(t->query.count("expand") == 2);
    CHECK(t->query.find("flag")->second.empty());
    CHECK(t->query.find("x")->second == "a&b");
    CHECK_FALSE(split_target("/x?a=%").has_value());
}

TEST_CASE("split_target: the absolute form addresses the same resource") {
    auto t = split_target("http://worker:8083/connectors/a%2Fb?expand=status");
    REQUIRE(t.has_value());
    CHECK(t->path == "/connectors/a%2Fb");
    CHECK(t->query.find("expand")->second == "status");
    CHECK(split_target("HTTPS://worker")->path == "/");
    t = split_target("http://worker?x=1");
    CHECK(t->path == "/");
    CHECK(t->query.find("x")->second == "1");
    // Only the http(s) scheme is taken apart; anything else stays a path.
    CHECK(split_target("ftp://x/y")->path == "ftp://x/y");
}

TEST_CASE("router: params, 404, 405 and exceptions mapped to error bodies") {
    Router router;
    router.add("GET", "/things/{id}", [](const RestRequest&, const PathParams& p) {
        if (p.at("id") == "boom") throw std::runtime_error("exploded");
        if (p.at("id") == "gone") throw kc::host::HerderError(409, "conflict here");
        return RestResponse::json(200, "\"" + p.at("id") + "\"");
    });
    router.add("PUT", "/things/{id}",
               [](const RestRequest&, const PathParams&) { return RestResponse::empty(204); });
    router.add("GET", "/admin/x",
               [](const RestRequest&, const PathParams&) { return RestResponse::empty(204); });
    RestRequest req;
    req.method = "GET";
    req.path = "/things/a%2Fb";
    CHECK(router.dispatch(req).body == "\"a/b\"");
    req.path = "/things/boom";
    auto r = router.dispatch(req);
    CHECK(r.status == 500);
    CHECK(r.body == R"({"error_code":500,"message":"exploded"})");
    req.path = "/things/gone";
    CHECK(router.dispatch(req).status == 409);
    req.path = "/things";
    CHECK(router.dispatch(req).status == 404);
    req.method = "DELETE";
    req.path = "/things/1";
    r = router.dispatch(req);
    CHECK(r.status == 405);
    REQUIRE(r.headers.size() == 1);
    CHECK(r.headers[0].second == "GET, PUT");
    req.method = "GET";
    req.path = "/admin/x";
    CHECK(router.dispatch(req).status == 204);
    req.admin_allowed = false;
    CHECK(router.dispatch(req).status == 404);
}
