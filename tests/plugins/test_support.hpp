// Helpers shared by the plugin-host tests: fixture paths, temporary trees,
// captured logs, running the command-line tools.
#pragma once

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace kc::host::test {

namespace fs = std::filesystem;

inline fs::path fixture(const std::string& tree) {
    return fs::path(KC_FIXTURE_ROOT) / tree;
}
inline fs::path bin_dir() {
    return fs::path(KC_BIN_DIR);
}

using kc::test::TempDir;

inline void copy_tree(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// Names, sizes and contents of every file under root, folded into one value.
inline std::string tree_checksum(const fs::path& root) {
    std::vector<fs::path> files;
    for (auto& p : fs::recursive_directory_iterator(root))
        files.push_back(p.path());
    std::sort(files.begin(), files.end());
    std::size_t h = 0;
    std::string listing;
    for (auto& f : files) {
        listing += fs::relative(f, root).string() + "\n";
        if (fs::is_regular_file(f)) {
            std::ifstream in(f, std::ios::binary);
            std::stringstream s;
            s << in.rdbuf();
            h = h * 31 + std::hash<std::string>{}(s.str());
        }
    }
    return listing + std::to_string(h);
}

// Captures spdlog output (pattern "<level> <logger> <message>") for a scope.
class LogCapture {
  public:
    LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
        previous_ = spdlog::default_logger();
        auto logger = std::make_shared<spdlog::logger>("host", sink_);
        logger->set_pattern("%l %n %v");
        logger->set_level(spdlog::level::debug);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    std::string text() const {
        std::string all;
        for (auto& line : sink_->last_formatted())
            all += line;
        return all;
    }
    bool contains(const std::string& s) const { return text().find(s) != std::string::npos; }

  private:
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
    std::shared_ptr<spdlog::logger> previous_;
};

using kc::test::CommandResult;

// Runs a command; with_stderr keeps its standard error in the output too.
inline CommandResult run(const std::string& command, bool with_stderr = true) {
    return kc::test::run_command(command + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace kc::host::test
