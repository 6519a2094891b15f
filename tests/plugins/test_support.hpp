// Helpers shared by the plugin-host tests: fixture paths, temporary trees,
// captured logs, running the command-line tools.
#pragma once

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <sys/wait.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace kc::host::test {

namespace fs = std::filesystem;

inline fs::path fixture(const std::string& tree) {
    return fs::path(KC_FIXTURE_ROOT) / tree;
}
inline fs::path bin_dir() {
    return fs::path(KC_BIN_DIR);
}

// A fresh directory removed at scope exit.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "kc-plugins-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        for (auto& p : fs::recursive_directory_iterator(path_, ec))
            fs::permissions(p.path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

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

struct CommandResult {
    int exit_code;
    std::string output;  // stdout, and stderr unless left out
};

inline CommandResult run(const std::string& command, bool with_stderr = true) {
    CommandResult r{-1, {}};
    FILE* p = ::popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        r.output.append(buf, n);
    int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace kc::host::test
