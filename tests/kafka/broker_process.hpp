// The connect-embedded-broker launcher run as a child process for a test:
// started with --control and the given arguments, stopped with SIGTERM.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

extern char** environ;

class BrokerProcess {
  public:
    explicit BrokerProcess(std::vector<std::string> args) {
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
        args.insert(args.begin(), {KC_EMBEDDED_BROKER_BIN, "--control"});
        std::vector<char*> argv;
        for (std::string& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        ::close(in[0]);
        REQUIRE(spawned == 0);
        from_ = ::fdopen(out[0], "r");
        to_ = ::fdopen(in[1], "w");
        first_line_ = read_line();
    }
    ~BrokerProcess() { stop(); }
    BrokerProcess(const BrokerProcess&) = delete;
    BrokerProcess& operator=(const BrokerProcess&) = delete;

    // The first line it printed: "bootstrap.servers=..." when it started.
    const std::string& first_line() const { return first_line_; }
    std::string bootstrap() const {
        const std::string prefix = "bootstrap.servers=";
        REQUIRE(first_line_.rfind(prefix, 0) == 0);
        return first_line_.substr(prefix.size());
    }
    // Sends one --control command and returns its one-line answer.
    std::string command(const std::string& text) {
        std::fprintf(to_, "%s\n", text.c_str());
        std::fflush(to_);
        return read_line();
    }
    // SIGTERM, then the exit status (as waitpid gives it); -1 if already stopped.
    int stop() {
        if (pid_ <= 0) return -1;
        std::fclose(to_);
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        std::fclose(from_);
        pid_ = 0;
        return status;
    }

  private:
    std::string read_line() {
        char line[1024] = {};
        if (!std::fgets(line, sizeof line, from_)) return {};
        std::string text(line);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        return text;
    }

    pid_t pid_ = 0;
    FILE* from_ = nullptr;
    FILE* to_ = nullptr;
    std::string first_line_;
};
