#include "host/plugins/scanner_client.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cstring>
#include <stdexcept>

extern char** environ;

namespace kc::host {
namespace fs = std::filesystem;
namespace {

constexpr int kChildFd = 3;

std::string describe_exit(int status) {
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        return "it crashed the scanner process (killed by signal " + std::to_string(sig) + ", " +
               strsignal(sig) + ")";
    }
    if (WIFEXITED(status))
        return "it terminated the scanner process (exit(" + std::to_string(WEXITSTATUS(status)) +
               ") while loading)";
    return "the scanner process ended unexpectedly";
}

class ScannerProcess {
  public:
    explicit ScannerProcess(const fs::path& program) {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
        fd_ = fds[0];
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        // Plugin output must never reach the protocol stream or our stdout.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, fds[1], kChildFd);
        std::string fd_arg = std::to_string(kChildFd);
        char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>("--fd"),
                        fd_arg.data(), nullptr};
        int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            ::close(fd_);
            throw std::runtime_error("cannot start the plugin scanner " + program.string() + ": " +
                                     std::strerror(rc));
        }
        std::string error;
        auto hello = scanner::read_frame(fd_, 10000, error);
        if (!hello || hello->type != scanner::FrameType::Hello) {
            std::string why = hello ? "unexpected first frame" : error;
            finish(true);
            throw std::runtime_error("the plugin scanner " + program.string() +
                                     " did not start properly: " + why);
        }
    }
    ~ScannerProcess() { finish(false); }

    // nullopt: the process died or hung on this request; `why` says how.
    std::optional<scanner::ScanReply> scan(const scanner::ScanRequest& request, int timeout_ms,
                                           std::string& why) {
        std::string error;
        std::optional<scanner::Frame> frame;
        if (scanner::write_frame(fd_, scanner::FrameType::Scan, scanner::encode(request)))
            frame = scanner::read_frame(fd_, timeout_ms, error);
        if (frame && frame->type == scanner::FrameType::Result)
            return scanner::decode_reply(frame->payload);
        if (error == "timeout") {
            why = "loading it did not finish within " + std::to_string(timeout_ms) +
                  " ms (the scanner process was killed)";
            finish(true);
        } else if (frame) {
            why = "the scanner answered with an unexpected frame";
            finish(true);
        } else {
            why = describe_exit(finish(false));
        }
        return std::nullopt;
    }

  private:
    // Closes our end and reaps the child; returns its wait status.
    int finish(bool kill) {
        if (pid_ <= 0) return status_;
        if (kill) ::kill(pid_, SIGKILL);
        ::close(fd_);
        while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status_;
    }

    int fd_ = -1;
    pid_t pid_ = -1;
    int status_ = 0;
};

}  // namespace

fs::path default_scanner_path() {
    if (const char* env = std::getenv("KC_PLUGIN_SCANNER"); env && *env) return env;
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return (ec ? fs::path(".") : self.parent_path()) / "kc-plugin-scanner";
}

std::vector<scanner::ScanReply> scan_libraries(const std::vector<scanner::ScanRequest>& requests,
                                               const fs::path& program,
                                               std::chrono::milliseconds timeout) {
    std::vector<scanner::ScanReply> replies;
    replies.reserve(requests.size());
    if (requests.empty()) return replies;
    std::error_code ec;
    if (!fs::exists(program, ec))
        throw std::runtime_error("plugin scanner " + program.string() +
                                 " not found (build kc-plugin-scanner or set KC_PLUGIN_SCANNER)");
    std::unique_ptr<ScannerProcess> process;
    for (const auto& request : requests) {
        if (!process) process = std::make_unique<ScannerProcess>(program);
        std::string why;
        auto reply = process->scan(request, static_cast<int>(timeout.count()), why);
        if (reply) {
            replies.push_back(std::move(*reply));
        } else {
            // The culprit is known (one request at a time): report it, respawn.
            replies.push_back({false, why, {}});
            process.reset();
        }
    }
    return replies;
}

}  // namespace kc::host
