#include "curl_client.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/command.hpp"

#ifndef KC_TEST_CURL
#define KC_TEST_CURL "curl"
#endif

namespace kc::host::test {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string run_command(const std::string& command, int* exit_code) {
    const auto r = kc::test::run_command(command);
    if (exit_code) *exit_code = r.exit_code;
    return r.output;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

CurlClient::CurlClient(std::string base, std::vector<std::string> extra_args)
    : base_(std::move(base)), extra_args_(std::move(extra_args)) {}

HttpResult CurlClient::call(const std::string& method, const std::string& path,
                            const std::string& body) const {
    std::string body_file = dir_ + "/response", header_file = dir_ + "/headers",
                request_file = dir_ + "/request";
    std::filesystem::remove(body_file);
    std::string cmd = std::string(KC_TEST_CURL) + " -sS --max-time 20 -o " +
                      shell_quote(body_file) + " -D " + shell_quote(header_file) +
                      " -w '%{http_code}' -X " + shell_quote(method);
    for (const auto& a : extra_args_)
        cmd += " " + shell_quote(a);
    if (!body.empty()) {
        write_text(request_file, body);
        cmd += " -H 'Content-Type: application/json' --data-binary @" + shell_quote(request_file);
    }
    cmd += " " + shell_quote(base_ + path) + " 2>/dev/null";
    int rc = 0;
    std::string out = run_command(cmd, &rc);
    HttpResult result;
    result.status = std::atoi(out.c_str());
    result.body = read_text(body_file);
    // -D holds every response (e.g. "100 Continue" first); keep the last one's headers.
    std::istringstream headers(read_text(header_file));
    std::string line;
    while (std::getline(headers, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("HTTP/", 0) == 0) {
            result.headers.clear();
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        result.headers[name] = value;
    }
    return result;
}

std::vector<int> CurlClient::statuses_on_one_connection(const std::vector<std::string>& paths,
                                                        int* connections) const {
    std::string cmd = std::string(KC_TEST_CURL) + " -sS --max-time 20";
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (i) cmd += " --next";  // resets per-transfer options, not the connection cache
        for (const auto& a : extra_args_)
            cmd += " " + shell_quote(a);
        cmd +=
            " -o /dev/null -w '%{http_code} %{num_connects}\\n' " + shell_quote(base_ + paths[i]);
    }
    int rc = 0;
    std::istringstream out(run_command(cmd + " 2>/dev/null", &rc));
    std::vector<int> statuses;
    int status = 0, connects = 0;
    *connections = 0;
    while (out >> status >> connects) {
        statuses.push_back(status);
        *connections += connects;
    }
    return statuses;
}

}  // namespace kc::host::test
