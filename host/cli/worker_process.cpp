#include "worker_process.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace kc::host::cli {

StopSignals::StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

const char* StopSignals::wait() {
    int sig = 0;
    sigwait(&set_, &sig);
    return sig == SIGINT ? "SIGINT" : "SIGTERM";
}

void announce_ready(std::chrono::steady_clock::time_point started, const std::string& rest_url) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    spdlog::info("Kafka Connect started in {} ms", ms);
    std::printf("Kafka Connect REST API ready at %s\n", rest_url.c_str());
    std::fflush(stdout);
}

}  // namespace kc::host::cli
