#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "host/kafka/admin.hpp"
#include "host/kafka/producer.hpp"

using namespace kc::host::kafka;

extern char** environ;

// The launcher's path comes from CMake (KC_EMBEDDED_BROKER_BIN).
TEST_CASE("connect-embedded-broker: prints its address, serves clients, stops on SIGTERM") {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const char* argv[] = {KC_EMBEDDED_BROKER_BIN, "--brokers", "2", "--topic", "orders:3", nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, const_cast<char**>(argv), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);

    FILE* from_child = ::fdopen(out[0], "r");
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, from_child) != nullptr);
    std::string text(line);
    REQUIRE(text.rfind("bootstrap.servers=", 0) == 0);
    const std::string addr = text.substr(18, text.find('\n') - 18);
    CHECK(addr.find(',') != std::string::npos);  // two brokers

    Admin admin(build_client_config(ClientRole::Admin, addr, {}));
    CHECK(admin.partition_count("orders", 10000) == 3);
    int delivered = 0;
    {
        Producer producer(build_client_config(ClientRole::Producer, addr, {}),
                          [&](const DeliveryReport& r) { delivered += r.error ? 0 : 1; });
        REQUIRE(!producer.produce("orders", 2, {}, {"x", 1}, {}, -1, nullptr));
        CHECK(!producer.flush(10000));
    }
    CHECK(delivered == 1);

    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::fclose(from_child);
}

TEST_CASE("connect-embedded-broker: bad arguments exit with 1") {
    const char* argv[] = {KC_EMBEDDED_BROKER_BIN, "--topic", "t:zero", nullptr};
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, const_cast<char**>(argv), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WEXITSTATUS(status) == 1);
}

TEST_CASE("connect-embedded-broker --control: takes a broker down and up, refuses bad commands") {
    int out[2], in[2];
    REQUIRE(::pipe(out) == 0);
    REQUIRE(::pipe(in) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const char* argv[] = {KC_EMBEDDED_BROKER_BIN, "--control", nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, const_cast<char**>(argv), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(in[0]);
    FILE* from_child = ::fdopen(out[0], "r");
    FILE* to_child = ::fdopen(in[1], "w");
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, from_child) != nullptr);
    REQUIRE(std::string(line).rfind("bootstrap.servers=", 0) == 0);
    const std::string addr(line + 18, std::string(line).find('\n') - 18);

    auto command = [&](const char* text) {
        std::fprintf(to_child, "%s\n", text);
        std::fflush(to_child);
        REQUIRE(std::fgets(line, sizeof line, from_child) != nullptr);
        return std::string(line);
    };
    CHECK(command("down 1") == "ok\n");
    {
        // Nothing answers while the only broker is down...
        Admin admin(build_client_config(ClientRole::Admin, addr, {}));
        CHECK(admin.cluster_id(1500).empty());
    }
    CHECK(command("up 1") == "ok\n");
    {
        // ...and it answers again once it is up.
        Admin admin(build_client_config(ClientRole::Admin, addr, {}));
        CHECK_FALSE(admin.cluster_id(10000).empty());
    }
    CHECK(command("sideways 1").rfind("error: expected 'down <broker-id>'", 0) == 0);
    CHECK(command("down 9").rfind("error: ", 0) == 0);  // no such broker

    std::fclose(to_child);
    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WEXITSTATUS(status) == 0);
    std::fclose(from_child);
}
