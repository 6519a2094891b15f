#include "host/runtime/file_offset_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace kc::host::runtime {
namespace {

// Format: one entry per line, "<key length> <value length>\n<key><value>\n",
// lengths in bytes, so keys and values may hold any byte.
class FileOffsetStore : public SourceOffsetStore {
  public:
    explicit FileOffsetStore(std::filesystem::path file) : file_(std::move(file)) { load(); }

    std::optional<std::string> get(const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = data_.find(key);
        if (it == data_.end()) return std::nullopt;
        return it->second;
    }
    void put(
        const std::vector<std::pair<std::string, std::optional<std::string>>>& entries) override {
        std::lock_guard lock(mutex_);
        auto next = data_;
        for (const auto& [k, v] : entries) {
            if (v)
                next[k] = *v;
            else
                next.erase(k);
        }
        save(next);
        data_ = std::move(next);
    }
    std::map<std::string, std::string> all() override {
        std::lock_guard lock(mutex_);
        return data_;
    }

  private:
    void load() {
        std::ifstream in(file_, std::ios::binary);
        if (!in) return;  // no offsets yet
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        size_t pos = 0;
        while (pos < text.size()) {
            size_t nl = text.find('\n', pos);
            if (nl == std::string::npos) break;
            size_t klen = 0, vlen = 0;
            if (std::sscanf(text.c_str() + pos, "%zu %zu", &klen, &vlen) != 2 ||
                nl + 1 + klen + vlen > text.size())
                throw std::runtime_error("Corrupt offsets file " + file_.string() + " at byte " +
                                         std::to_string(pos));
            data_[text.substr(nl + 1, klen)] = text.substr(nl + 1 + klen, vlen);
            pos = nl + 1 + klen + vlen + 1;
        }
    }
    void save(const std::map<std::string, std::string>& data) {
        std::string out;
        for (const auto& [k, v] : data) {
            out += std::to_string(k.size()) + " " + std::to_string(v.size()) + "\n";
            out += k;
            out += v;
            out += '\n';
        }
        std::filesystem::path tmp = file_;
        tmp += ".tmp";
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) fail("create", tmp);
        size_t done = 0;
        while (done < out.size()) {
            ssize_t n = ::write(fd, out.data() + done, out.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                ::close(fd);
                fail("write", tmp);
            }
            done += static_cast<size_t>(n);
        }
        if (::fsync(fd) != 0) {
            ::close(fd);
            fail("sync", tmp);
        }
        ::close(fd);
        if (::rename(tmp.c_str(), file_.c_str()) != 0) fail("rename to", file_);
        std::filesystem::path dir = file_.parent_path().empty() ? "." : file_.parent_path();
        int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }
    [[noreturn]] static void fail(const char* what, const std::filesystem::path& p) {
        throw std::runtime_error(std::string("Could not ") + what + " offsets file " + p.string() +
                                 ": " + std::strerror(errno));
    }

    std::filesystem::path file_;
    std::mutex mutex_;
    std::map<std::string, std::string> data_;
};

}  // namespace

std::unique_ptr<SourceOffsetStore> make_file_offset_store(const std::filesystem::path& file) {
    return std::make_unique<FileOffsetStore>(file);
}

}  // namespace kc::host::runtime
