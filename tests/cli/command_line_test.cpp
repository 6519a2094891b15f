// Every command-line tool answers --help and a bad command line the same way:
// help on stdout with exit code 0; "<tool>: <why>" and the help on stderr with
// exit code 1. Java's positional arguments keep their meaning.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace {

struct Result {
    int exit_code = -1;
    std::string out;
};

// Runs a tool from the build's bin directory; `streams` picks what is kept
// ("2>&1" for both, "2>/dev/null" for stdout, "2>&1 >/dev/null" for stderr).
Result run(const std::string& tool, const std::string& args, const char* streams) {
    Result r;
    const std::string command =
        std::string(KC_BIN_DIR) + "/" + tool + " " + args + " " + streams + " </dev/null";
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
        r.out.append(buf, n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
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
            const Result help = run(tool, flag, "2>/dev/null");
            CHECK(help.exit_code == 0);
            CHECK(starts_with(help.out, "Usage: " + tool + " "));
            CHECK(help.out.find("\nOptions:\n  -h [ --help ]") != std::string::npos);
        }
    }
}

TEST_CASE("an unknown option names the tool and the option on stderr, exit 1") {
    for (const std::string tool : kTools) {
        CAPTURE(tool);
        const Result bad = run(tool, "--no-such-option", "2>&1 >/dev/null");
        CHECK(bad.exit_code == 1);
        CHECK(starts_with(bad.out, tool + ": "));
        CHECK(bad.out.find("--no-such-option") != std::string::npos);
        CHECK(bad.out.find("\nUsage: " + tool + " ") != std::string::npos);
    }
}

TEST_CASE("the workers take Java's positional worker.properties") {
    for (const std::string tool : {"connect-standalone", "connect-distributed"}) {
        CAPTURE(tool);
        const Result missing = run(tool, "", "2>&1 >/dev/null");
        CHECK(missing.exit_code == 1);
        CHECK(starts_with(missing.out, tool + ": missing the worker config file"));
        // A worker file that does not exist is read (and fails) after parsing.
        const Result absent = run(tool, "/nonexistent/worker.properties", "2>&1");
        CHECK(absent.exit_code == 1);
        CHECK(absent.out.find("/nonexistent/worker.properties") != std::string::npos);
    }
    // connect-distributed takes exactly one file; connect-standalone any
    // number of connector files after it.
    const Result two = run("connect-distributed", "a.properties b.properties", "2>&1");
    CHECK(two.exit_code == 1);
    CHECK(starts_with(two.out, "connect-distributed: "));
    const Result many =
        run("connect-standalone", "/nonexistent/w.properties c1.json c2.properties", "2>&1");
    CHECK(many.exit_code == 1);
    CHECK(many.out.find("/nonexistent/w.properties") != std::string::npos);
}
