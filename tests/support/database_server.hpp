// A database server that a CTest fixture started with one of the
// scripts/*-test-server.sh scripts (PostgreSQL, MariaDB). The fixture passes
// the server's state directory in an environment variable; the script wrote
// the server's JDBC URL to <state>/url and can pause and resume the server.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace kc::test {

class DatabaseServer {
  public:
    DatabaseServer(const char* state_variable, std::string script)
        : state_variable_(state_variable), script_(std::move(script)) {}

    // The JDBC URL, or "" when no fixture started the server.
    std::string url() const {
        std::ifstream in(state_dir() + "/url");
        std::string url;
        std::getline(in, url);
        return url;
    }
    // The JDBC URL of a test that cannot run without the server.
    std::string required_url() const {
        std::string u = url();
        REQUIRE_MESSAGE(!u.empty(), "no server: ", state_variable_, " names no started fixture");
        return u;
    }
    // Stops the server, keeping its data and port, to test an outage; resume()
    // starts it again.
    void pause() const { control("pause"); }
    void resume() const { control("resume"); }

  private:
    std::string state_dir() const {
        const char* dir = std::getenv(state_variable_);
        return dir ? dir : "";
    }
    void control(const std::string& what) const {
        const std::string command = script_ + " " + what + " " + state_dir();
        REQUIRE(std::system(command.c_str()) == 0);
    }

    const char* state_variable_;
    std::string script_;
};

}  // namespace kc::test
