// /admin/loggers over spdlog's registry, and admin.listeners.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "rest_fixture.hpp"

using namespace kc::host::test;

namespace {

// Restores spdlog's levels after a test that changes them.
struct LevelGuard {
    ~LevelGuard() {
        spdlog::drop("org.example");
        spdlog::drop("org.example.sub");
        spdlog::set_level(spdlog::level::info);
    }
};

}  // namespace

TEST_CASE("admin/loggers reads and changes spdlog levels with Java's shapes") {
    LevelGuard guard;
    RestFixture f;
    auto sub = spdlog::default_logger()->clone("org.example.sub");
    spdlog::register_logger(sub);

    auto r = f.call("GET", "/admin/loggers");
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    CHECK(std::string(d["root"]["level"].GetString()) == "INFO");
    CHECK(d["root"]["last_modified"].IsNull());
    CHECK(d.HasMember("org.example.sub"));

    r = f.call("PUT", "/admin/loggers/org.example", R"({"level":"debug"})");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"(["org.example","org.example.sub"])");
    CHECK(sub->level() == spdlog::level::debug);
    REQUIRE(spdlog::get("org.example") != nullptr);
    CHECK(spdlog::default_logger()->level() == spdlog::level::info);

    r = f.call("GET", "/admin/loggers/org.example.sub");
    REQUIRE(r.status == 200);
    d = parse_json(r.body);
    CHECK(std::string(d["level"].GetString()) == "DEBUG");
    CHECK(d["last_modified"].IsInt64());

    // Cluster scope in a standalone worker: applied here, answered 204 as Java does.
    r = f.call("PUT", "/admin/loggers/org.example.sub?scope=cluster", R"({"level":"ERROR"})");
    CHECK(r.status == 204);
    CHECK(sub->level() == spdlog::level::err);

    r = f.call("PUT", "/admin/loggers/root", R"({"level":"WARN"})");
    REQUIRE(r.status == 200);
    CHECK(spdlog::default_logger()->level() == spdlog::level::warn);
    CHECK(sub->level() == spdlog::level::warn);

    CHECK(error_message(f.call("PUT", "/admin/loggers/root", R"({"level":"LOUD"})"), 404)
              .find("LOUD") != std::string::npos);
    CHECK(error_message(f.call("PUT", "/admin/loggers/root", R"({"lvl":"INFO"})"), 400) ==
          "Desired 'level' parameter was not specified in request.");
    CHECK(
        error_message(f.call("PUT", "/admin/loggers/root", R"({"level":3})"), 400).find("string") !=
        std::string::npos);
    CHECK(error_message(f.call("GET", "/admin/loggers/no.such.logger"), 404) ==
          "Logger no.such.logger not found.");
}

TEST_CASE("admin.listeners set to empty disables /admin on the main listeners") {
    RestFixture f(
        kc::host::rest::WorkerProps{{"listeners", "http://127.0.0.1:0"}, {"admin.listeners", ""}});
    CHECK(f.call("GET", "/admin/loggers").status == 404);
    CHECK(f.call("GET", "/connectors").status == 200);
}

TEST_CASE("a dedicated admin listener serves /admin and nothing else") {
    RestFixture f(kc::host::rest::WorkerProps{{"listeners", "http://127.0.0.1:0"},
                                              {"admin.listeners", "http://127.0.0.1:0"}});
    auto bound = f.server->listeners();
    REQUIRE(bound.size() == 2);
    CHECK(bound[1].admin_only);
    CurlClient admin("http://127.0.0.1:" + std::to_string(bound[1].port));
    CHECK(admin.get("/admin/loggers").status == 200);
    CHECK(admin.get("/connectors").status == 404);
    CHECK(f.call("GET", "/admin/loggers").status == 404);
}

TEST_CASE("every request is logged at INFO like Java's access log") {
    LevelGuard guard;
    std::ostringstream captured;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("", sink));
    {
        RestFixture f;
        CHECK(f.call("GET", "/connectors?expand=status").status == 200);
        CHECK(f.call("GET", "/missing").status == 404);
    }
    spdlog::set_default_logger(previous);
    std::string log = captured.str();
    CHECK(log.find("\"GET /connectors?expand=status HTTP/1.1\" 200 2 \"-\" \"curl/") !=
          std::string::npos);
    CHECK(log.find("\"GET /missing HTTP/1.1\" 404 ") != std::string::npos);
    CHECK(log.find("127.0.0.1 - - [") != std::string::npos);
}
