// One INFO line per request, in the NCSA form Java's Connect REST server logs:
// 127.0.0.1 - - [27/Mar/2024:10:11:12 +0000] "GET /connectors HTTP/1.1" 200 2 "-" "curl/7.88.1" 3
#pragma once

#include <cstddef>
#include <string>

namespace kc::host::rest {

struct AccessRecord {
    std::string remote;
    std::string method;
    std::string target;
    unsigned http_version = 11;  // 10 or 11
    int status = 0;
    std::size_t bytes = 0;  // response body bytes
    std::string referer;
    std::string user_agent;
    long long millis = 0;
};

void log_access(const AccessRecord& record);

}  // namespace kc::host::rest
