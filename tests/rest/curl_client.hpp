// An HTTP client independent of the server under test: the curl command-line tool.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace kc::host::test {

struct HttpResult {
    int status = 0;                              // 0 when curl could not connect
    std::map<std::string, std::string> headers;  // names lower-cased, final response only
    std::string body;
};

class CurlClient {
  public:
    // `base` like "http://127.0.0.1:8083"; extra_args are added to every call (e.g. --cacert x).
    explicit CurlClient(std::string base, std::vector<std::string> extra_args = {});

    // `path` includes any query. A non-empty body is sent as application/json.
    HttpResult call(const std::string& method, const std::string& path,
                    const std::string& body = "") const;
    HttpResult get(const std::string& path) const { return call("GET", path); }

    // Same requests, one curl run, so curl reuses one keep-alive connection. Returns the
    // status of each and how many TCP connections curl opened in total.
    std::vector<int> statuses_on_one_connection(const std::vector<std::string>& paths,
                                                int* connections) const;

  private:
    std::string base_;
    std::vector<std::string> extra_args_;
    kc::test::TempDir temp_{"kc-rest-curl"};  // curl's request and response files
    std::string dir_ = temp_.path().string();
};

std::string shell_quote(const std::string& s);
// Runs a shell command; returns its stdout and sets *exit_code.
std::string run_command(const std::string& command, int* exit_code);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace kc::host::test
