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
        REQUIRE(producer.produce("orders", 2, {}, {"x", 1}, {}, -1, nullptr) == 0);
        CHECK(producer.flush(10000) == 0);
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
