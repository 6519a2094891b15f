#include "host/storage/file_offset_backing_store.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace {

constexpr std::string_view kMagic = "KCOFFSETS1\n";

uint32_t crc32(std::string_view data) {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char b : data)
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void put_u32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::string errno_text() {
    return std::strerror(errno);
}

// Writes all of `data` to fd, or throws.
void write_all(int fd, std::string_view data, const std::string& name) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw StorageError("cannot write offsets file " + name + ": " + errno_text());
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    // Closing can report a deferred write error, so it is checked.
    void close(const std::string& name) {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) {
            throw StorageError("cannot close offsets file " + name + ": " + errno_text());
        }
    }

  private:
    int fd_;
};

std::filesystem::path temp_path(const std::filesystem::path& file) {
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    return tmp;
}

}  // namespace

std::string encode_offset_file(const std::map<std::string, std::string>& data) {
    std::string out(kMagic);
    put_u32(out, static_cast<uint32_t>(data.size()));
    for (const auto& [k, v] : data) {
        put_u32(out, static_cast<uint32_t>(k.size()));
        out += k;
        put_u32(out, static_cast<uint32_t>(v.size()));
        out += v;
    }
    put_u32(out, crc32(out));
    return out;
}

std::map<std::string, std::string> decode_offset_file(const std::string& bytes,
                                                      const std::string& name) {
    auto corrupt = [&](const std::string& why) {
        return StorageError("offsets file " + name + " is corrupt (" + why +
                            "); refusing to start without its offsets. Restore it from a backup "
                            "or delete it to start every source from the beginning.");
    };
    if (bytes.size() < kMagic.size() + 8 || bytes.compare(0, kMagic.size(), kMagic) != 0) {
        throw corrupt("not an offsets file of this worker");
    }
    const std::string_view body(bytes.data(), bytes.size() - 4);
    std::size_t pos = kMagic.size();
    auto get_u32 = [&](std::string_view in, std::size_t& p) -> uint32_t {
        if (in.size() - p < 4) throw corrupt("truncated");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v |= static_cast<uint32_t>(static_cast<unsigned char>(in[p + i])) << (8 * i);
        }
        p += 4;
        return v;
    };
    std::size_t crc_pos = body.size();
    if (get_u32(bytes, crc_pos) != crc32(body)) throw corrupt("checksum mismatch");
    const uint32_t count = get_u32(body, pos);
    std::map<std::string, std::string> out;
    for (uint32_t i = 0; i < count; ++i) {
        std::string parts[2];
        for (std::string& part : parts) {
            const uint32_t len = get_u32(body, pos);
            if (body.size() - pos < len) throw corrupt("truncated");
            part.assign(body.data() + pos, len);
            pos += len;
        }
        out[std::move(parts[0])] = std::move(parts[1]);
    }
    if (pos != body.size()) throw corrupt("trailing bytes");
    return out;
}

FileOffsetBackingStore::FileOffsetBackingStore(std::filesystem::path file)
    : file_(std::move(file)) {}

void FileOffsetBackingStore::start() {
    std::error_code ec;
    const std::filesystem::path tmp = temp_path(file_);
    if (std::filesystem::exists(tmp, ec)) {
        spdlog::warn("ignoring and removing {} left by an interrupted offsets write", tmp.string());
        std::filesystem::remove(tmp, ec);
    }
    if (!std::filesystem::exists(file_, ec)) {
        spdlog::info("offsets file {} does not exist yet; starting with no offsets",
                     file_.string());
        return;
    }
    std::ifstream in(file_, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (!in) throw StorageError("cannot read offsets file " + file_.string());
    replace(decode_offset_file(buf.str(), file_.string()));
    spdlog::info("loaded {} source offset(s) from {}", all().size(), file_.string());
}

void FileOffsetBackingStore::persist(const std::map<std::string, std::string>& next) {
    const std::string bytes = encode_offset_file(next);
    const std::filesystem::path tmp = temp_path(file_);
    const std::string tmp_name = tmp.string();
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (fd.get() < 0) {
            throw StorageError("cannot create offsets file " + tmp_name + ": " + errno_text());
        }
        write_all(fd.get(), bytes, tmp_name);
        if (::fsync(fd.get()) != 0) {
            throw StorageError("cannot sync offsets file " + tmp_name + ": " + errno_text());
        }
        fd.close(tmp_name);
    }
    if (::rename(tmp.c_str(), file_.c_str()) != 0) {
        throw StorageError("cannot replace offsets file " + file_.string() + ": " + errno_text());
    }
    // The rename is durable only once the directory entry is on disk.
    std::filesystem::path dir = file_.parent_path();
    if (dir.empty()) dir = ".";
    Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() < 0 || ::fsync(dfd.get()) != 0) {
        throw StorageError("cannot sync directory " + dir.string() + ": " + errno_text());
    }
}

}  // namespace kc::host::storage
