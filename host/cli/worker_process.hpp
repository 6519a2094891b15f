// What both worker commands (connect-standalone, connect-distributed) do as
// processes: take SIGINT/SIGTERM on the main thread only, and announce on
// stdout when the REST API is ready (tests and scripts wait for that line).
#pragma once

#include <signal.h>

#include <chrono>
#include <string>

namespace kc::host::cli {

// Blocks SIGINT and SIGTERM for this thread and every thread started after,
// so that wait() alone receives them. Construct before any thread starts.
class StopSignals {
  public:
    StopSignals();
    // Waits for SIGINT or SIGTERM and returns its name.
    const char* wait();

  private:
    sigset_t set_;
};

// Logs the start-up time and prints "Kafka Connect REST API ready at <url>".
void announce_ready(std::chrono::steady_clock::time_point started, const std::string& rest_url);

}  // namespace kc::host::cli
