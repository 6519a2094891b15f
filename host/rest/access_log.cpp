#include "host/rest/access_log.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

namespace kc::host::rest {

void log_access(const AccessRecord& r) {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char when[40];
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &utc);
    spdlog::info("{} - - [{}] \"{} {} HTTP/{}.{}\" {} {} \"{}\" \"{}\" {}", r.remote, when,
                 r.method, r.target, r.http_version / 10, r.http_version % 10, r.status, r.bytes,
                 r.referer.empty() ? "-" : r.referer, r.user_agent.empty() ? "-" : r.user_agent,
                 r.millis);
}

}  // namespace kc::host::rest
