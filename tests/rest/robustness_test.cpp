// Malformed, oversized and unusual requests get a 4xx answer and never hurt the server;
// connections are kept alive between requests.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "rest_fixture.hpp"

#ifndef KC_TEST_PYTHON
#define KC_TEST_PYTHON "python3"
#endif
#ifndef KC_TEST_SOURCE_DIR
#define KC_TEST_SOURCE_DIR "."
#endif

using namespace kc::host::test;

namespace {

// Sends `raw` bytes over a plain socket and returns everything the server answered.
std::string send_raw(unsigned short port, const std::string& raw) {
    char path[] = "/tmp/kc-rest-raw-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    write_text(path, raw);
    int rc = 0;
    std::string out =
        run_command(std::string(KC_TEST_PYTHON) + " " + KC_TEST_SOURCE_DIR +
                        "/raw_http.py 127.0.0.1 " + std::to_string(port) + " < " + path,
                    &rc);
    std::remove(path);
    CHECK(rc == 0);
    return out;
}

}  // namespace

TEST_CASE("a body over rest.request.max.bytes is refused with 413") {
    RestFixture f(kc::host::rest::WorkerProps{{"listeners", "http://127.0.0.1:0"},
                                              {"rest.request.max.bytes", "1024"}});
    std::string big = R"({"name":"x","config":{"pad":")" + std::string(5000, 'a') + "\"}}";
    CHECK(error_message(f.call("POST", "/connectors", big), 413).find("1024") != std::string::npos);
    // Chunked bodies are counted too.
    std::string chunked =
        "POST /connectors HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i)
        chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
    chunked += "0\r\n\r\n";
    std::string answer = send_raw(f.port, chunked);
    CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(answer.find(R"("error_code":413)") != std::string::npos);
    // Still serving.
    CHECK(f.call("GET", "/connectors").status == 200);
    CHECK(f.call("POST", "/connectors",
                 R"({"name":"ok","config":{"connector.class":"FileStreamSink"}})")
              .status == 201);
}

TEST_CASE("malformed HTTP gets 400 and the server keeps serving") {
    RestFixture f;
    std::string answer = send_raw(f.port, "THIS IS NOT HTTP\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(answer.find(R"("error_code":400)") != std::string::npos);

    answer = send_raw(f.port, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);

    answer = send_raw(
        f.port, "GET /connectors?expand=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);

    answer = send_raw(
        f.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 431", 0) == 0);

    // Random bytes, then a truncated request: the connection just ends.
    std::string noise;
    for (int i = 0; i < 3000; ++i)
        noise.push_back(static_cast<char>((i * 7919) % 256));
    send_raw(f.port, noise);
    send_raw(f.port, "POST /connectors HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"na");

    CHECK(f.call("GET", "/").status == 200);
}

TEST_CASE("HTTP/1.1 keep-alive: several requests on one connection") {
    RestFixture f;
    int connections = -1;
    auto statuses = f.client->statuses_on_one_connection(
        {"/", "/connectors", "/nothing", "/connector-plugins"}, &connections);
    REQUIRE(statuses.size() == 4);
    CHECK(statuses[0] == 200);
    CHECK(statuses[1] == 200);
    CHECK(statuses[2] == 404);
    CHECK(statuses[3] == 200);
    CHECK(connections == 1);

    // Two pipelined requests in one write are both answered, in order.
    std::string answer = send_raw(f.port,
                                  "GET /connectors HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto first = answer.find("HTTP/1.1 200");
    auto second = answer.find("HTTP/1.1 200", first + 1);
    CHECK(first == 0);
    CHECK(second != std::string::npos);
    CHECK(answer.find("healthy") > second);
}

TEST_CASE("large bodies that fit are accepted, including with Expect: 100-continue") {
    RestFixture f;
    std::string pad(200000, 'p');
    auto r = f.call(
        "POST", "/connectors",
        R"({"name":"big","config":{"connector.class":"FileStreamSink","pad":")" + pad + "\"}}");
    REQUIRE(r.status == 201);
    CHECK(f.herder.connector("big").config.get_or("pad", "").size() == pad.size());
}

TEST_CASE("a body nested 200,000 levels deep is a 400, not a stack overflow") {
    RestFixture f(kc::host::rest::WorkerProps{{"listeners", "http://127.0.0.1:0"}});
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    const std::string message = error_message(f.call("POST", "/connectors", deep), 400);
    CHECK(message.find("nested deeper than 1000 levels") != std::string::npos);
    const std::string deep_config =
        R"({"name":"x","config":{"a":)" + std::string(5000, '[') + std::string(5000, ']') + "}}";
    CHECK(f.call("POST", "/connectors", deep_config).status == 400);
    CHECK(f.call("GET", "/connectors").status == 200);
}
