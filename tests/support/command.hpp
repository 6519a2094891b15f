// Runs a shell command as a test would type it, and keeps what it printed.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace kc::test {

struct CommandResult {
    int exit_code = -1;  // -1 when the command did not exit normally
    std::string output;  // standard output (add 2>&1 to the command for both)
};

inline CommandResult run_command(const std::string& command) {
    CommandResult r;
    FILE* p = ::popen(command.c_str(), "r");
    REQUIRE_MESSAGE(p != nullptr, "cannot run: ", command);
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
        r.output.append(buf, n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace kc::test
