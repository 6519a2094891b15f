// Every command-line tool answers --help and a bad command line the same way:
// help on stdout with exit code 0; "<tool>: <why>" and the help on stderr with
// exit code 1. Java's positional arguments keep their meaning.
#include <doctest/doctest.h>

#include <string>

#include "support/command.hpp"

namespace {

using kc::test::CommandResult;

// Runs a tool from the build's bin directory; `streams` picks what is kept
// ("2>&1" for both, "2>/dev/null" for stdout, "2>&1 >/dev/null" for stderr).
CommandResult run(const std::string& tool, const std::string& args, const char* streams) {
    return kc::test::run_command(std::string(KC_BIN_DIR) + "/" + tool + " " + args + " " + streams +
                                 " </dev/null");
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

const char* const kTools[] = {"connect-standalone", "connect-distributed",
                              "connect-embedded-broker", "connect-plugin-path"};

}  // namespace

TEST_CASE("--help and -h print the usage, the summary and the options on stdout, exit 0") {
    for (const std::string tool : kTools) {
        CAPTURE(tool);
        for (const char* flag : {"--help", "-h"}) {
            const CommandResult help = run(tool, flag, "2>/dev/null");
            CHECK(help.exit_code == 0);
            CHECK(starts_with(help.output, "Usage: " + tool + " "));
            CHECK(help.output.find("\nOptions:\n  -h [ --help ]") != std::string::npos);
        }
    }
}

TEST_CASE("an unknown option names the tool and the option on stderr, exit 1") {
    for (const std::string tool : kTools) {
        CAPTURE(tool);
        const CommandResult bad = run(tool, "--no-such-option", "2>&1 >/dev/null");
        CHECK(bad.exit_code == 1);
        CHECK(starts_with(bad.output, tool + ": "));
        CHECK(bad.output.find("--no-such-option") != std::string::npos);
        CHECK(bad.output.find("\nUsage: " + tool + " ") != std::string::npos);
    }
}

TEST_CASE("the workers take Java's positional worker.properties") {
    for (const std::string tool : {"connect-standalone", "connect-distributed"}) {
        CAPTURE(tool);
        const CommandResult missing = run(tool, "", "2>&1 >/dev/null");
        CHECK(missing.exit_code == 1);
        CHECK(starts_with(missing.output, tool + ": missing the worker config file"));
        // A worker file that does not exist is read (and fails) after parsing.
        const CommandResult absent = run(tool, "/nonexistent/worker.properties", "2>&1");
        CHECK(absent.exit_code == 1);
        CHECK(absent.output.find("/nonexistent/worker.properties") != std::string::npos);
    }
    // connect-distributed takes exactly one file; connect-standalone any
    // number of connector files after it.
    const CommandResult two = run("connect-distributed", "a.properties b.properties", "2>&1");
    CHECK(two.exit_code == 1);
    CHECK(starts_with(two.output, "connect-distributed: "));
    const CommandResult many =
        run("connect-standalone", "/nonexistent/w.properties c1.json c2.properties", "2>&1");
    CHECK(many.exit_code == 1);
    CHECK(many.output.find("/nonexistent/w.properties") != std::string::npos);
}
