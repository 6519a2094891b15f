#include "host/cluster/rest_client.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace kc::host::cluster;
using namespace std::chrono_literals;

namespace {

// The echo server as a child process, stopped when the test ends.
class EchoServer {
  public:
    EchoServer() {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            execl(KC_TEST_PYTHON, KC_TEST_PYTHON, KC_TEST_ECHO_SERVER, nullptr);
            _exit(127);
        }
        close(fds[1]);
        FILE* out = fdopen(fds[0], "r");
        char line[32] = {};
        REQUIRE(fgets(line, sizeof line, out) != nullptr);
        fclose(out);
        url_ = "http://127.0.0.1:" + std::string(line, strcspn(line, "\n"));
    }
    ~EchoServer() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    const std::string& url() const { return url_; }

  private:
    pid_t pid_ = -1;
    std::string url_;
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("forward_url joins the advertised URL, the path and the forward flag") {
    CHECK(forward_url("http://a:8083/", "/connectors/x/config", true, "") ==
          "http://a:8083/connectors/x/config?forward=true");
    CHECK(forward_url("http://a:8083/", "/connectors/x/restart", false,
                      "includeTasks=true&onlyFailed=false") ==
          "http://a:8083/connectors/x/restart?forward=false&includeTasks=true&onlyFailed=false");
    CHECK(forward_url("https://b:9/", "/connectors", true, "") ==
          "https://b:9/connectors?forward=true");
}

TEST_CASE("requests carry method, path, query, headers and body; any status comes back") {
    EchoServer server;
    HttpRequest req{"POST",
                    server.url() + "/connectors/c/tasks?forward=true",
                    std::string(R"([{"k":"v"}])"),
                    {{"X-Connect-Authorization", "sig"}, {"Authorization", "Basic Zm9v"}}};
    HttpResponse r = send_http_request(req, 5s);
    CHECK(r.status == 200);
    CHECK(contains(r.body, R"("method": "POST")"));
    CHECK(contains(r.body, R"("path": "/connectors/c/tasks")"));
    CHECK(contains(r.body, R"("query": "forward=true")"));
    CHECK(contains(r.body, R"("x-connect-authorization": "sig")"));
    CHECK(contains(r.body, R"("authorization": "Basic Zm9v")"));
    CHECK(contains(r.body, R"("user-agent": "kafka-connect")"));
    CHECK(contains(r.body, R"("content-type": "application/json")"));
    CHECK(contains(r.body, R"("body": "[{\"k\":\"v\"}]")"));

    r = send_http_request({"GET", server.url() + "/x?status=409", std::nullopt, {}}, 5s);
    CHECK(r.status == 409);
    r = send_http_request({"DELETE", server.url() + "/connectors/c", std::nullopt, {}}, 5s);
    CHECK(r.status == 200);
    CHECK(contains(r.body, R"("body": null)"));
}

TEST_CASE("an unreachable or silent peer is an error naming the URL, within the deadline") {
    EchoServer server;
    const auto start = std::chrono::steady_clock::now();
    try {
        send_http_request({"GET", server.url() + "/hang", std::nullopt, {}}, 300ms);
        FAIL("expected a timeout");
    } catch (const RestClientError& e) {
        CHECK(contains(e.what(), "/hang"));
        CHECK(contains(e.what(), "no answer within 300 ms"));
    }
    CHECK(std::chrono::steady_clock::now() - start < 3s);

    // A port nobody listens on: the echo server's port after it is gone.
    std::string dead;
    {
        EchoServer gone;
        dead = gone.url();
    }
    CHECK_THROWS_AS(send_http_request({"GET", dead + "/", std::nullopt, {}}, 2s), RestClientError);
    CHECK_THROWS_AS(send_http_request({"GET", "ftp://x/", std::nullopt, {}}, 2s), RestClientError);
    CHECK_THROWS_AS(send_http_request({"BREW", server.url() + "/", std::nullopt, {}}, 2s),
                    RestClientError);
}
