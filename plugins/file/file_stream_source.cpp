#include "file_stream_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "kc/utf8.hpp"
#include "line_splitter.hpp"

namespace kc_file {
namespace {

constexpr const char* kFile = "file";
constexpr const char* kTopic = "topic";
constexpr const char* kBatchSize = "batch.size";
constexpr std::string_view kFilenameField = "filename";
constexpr std::string_view kPositionField = "position";
constexpr size_t kReadChunk = 64 * 1024;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string get_or_empty(const kc::ConfigMap& props, const char* key) {
    auto it = props.find(key);
    return it == props.end() ? std::string() : it->second;
}

}  // namespace

const kc::ConfigDef& source_config_def() {
    static const kc::ConfigDef def = [] {
        kc::ConfigDef d;
        d.define(kFile, kc::ConfigType::String, nullptr, kc::Importance::High,
                 "Source filename. If not specified, the standard input will be used");
        d.define(kTopic, kc::ConfigType::String, kc::NO_DEFAULT, kc::NonEmptyString::create(),
                 kc::Importance::High, "The topic to publish data to");
        d.define(kBatchSize, kc::ConfigType::Int, 2000, kc::Importance::Low,
                 "The maximum number of records the source task can read from the file each "
                 "time it is polled");
        return d;
    }();
    return def;
}

void FileStreamSourceConnector::start(const kc::ConfigMap& props) {
    kc::Config parsed(source_config_def(), props);  // throws ConfigException naming the key
    props_ = props;
}

std::vector<kc::ConfigMap> FileStreamSourceConnector::taskConfigs(int) {
    // Only one input stream makes sense.
    return {props_};
}

kc::ExactlyOnceSupport FileStreamSourceConnector::exactlyOnceSupport(const kc::ConfigMap& props) {
    // Only a file can be re-read from a position; stdin cannot.
    return get_or_empty(props, kFile).empty() ? kc::ExactlyOnceSupport::Unsupported
                                              : kc::ExactlyOnceSupport::Supported;
}

bool FileStreamSourceConnector::alterOffsets(
    const kc::ConfigMap& props,
    const std::vector<std::pair<kc::ValueView, kc::ValueView>>& offsets) {
    if (get_or_empty(props, kFile).empty())
        throw kc::ConnectException(
            "Offsets cannot be modified if the 'file' configuration is unspecified. This is "
            "because stdin is used for input and offsets are not tracked.");
    for (const auto& [partition, offset] : offsets) {
        if (offset.is_null()) continue;  // a reset
        if (partition.tag() != KC_VAL_MAP || partition.map_get(kFilenameField).is_null())
            throw kc::ConnectException("Partitions must contain the key 'filename'");
        if (offset.tag() != KC_VAL_MAP) throw kc::ConnectException("Offsets must be maps");
        kc::ValueView pos = offset.map_get(kPositionField);
        if (pos.raw() == nullptr)
            throw kc::ConnectException(
                "Offset objects should either be null or contain the key "
                "'position'");
        if (!pos.is_integral())
            throw kc::ConnectException(
                "The value for the 'position' key in the offset is "
                "expected to be a Long value");
        if (pos.as_int() < 0)
            throw kc::ConnectException(
                "The value for the 'position' key in the offset should "
                "be a non-negative value");
    }
    // The framework stores the offsets; the task reads them when it starts.
    return true;
}

FileStreamSourceTask::~FileStreamSourceTask() {
    if (fd_ > 0) ::close(fd_);
}

void FileStreamSourceTask::start(const kc::ConfigMap& props) {
    kc::Config parsed(source_config_def(), props);
    filename_ = get_or_empty(props, kFile);
    topic_ = parsed.getString(kTopic);
    batch_size_ = parsed.getInt(kBatchSize);
    if (batch_size_ < 1) batch_size_ = 1;
    capacity_ = kReadChunk * 2;
    buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
    if (!filename_.empty()) {
        kc::Pool scratch;
        kc_value name = kc::make_string_ref(filename_);
        const kc_value* map = kc::make_offset_map(scratch, {{kFilenameField, name}});
        partition_ = kc::OwnedValue::copy_of(map);
    }
}

bool FileStreamSourceTask::open_input(kc::Arena& arena) {
    if (filename_.empty()) {
        fd_ = STDIN_FILENO;
        log().debug("Reading from stdin");
        return true;
    }
    int fd = ::open(filename_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        log().warn("Couldn't find file ", filename_,
                   " for FileStreamSourceTask, sleeping to wait "
                   "for it to be created");
        return false;
    }
    fd_ = fd;
    std::optional<kc::ValueView> stored = offsetStorageReader().offset(*partition_.raw(), arena);
    if (stored && stored->tag() == KC_VAL_MAP) {
        kc::ValueView pos = stored->map_get(kPositionField);
        if (pos.raw() && !pos.is_integral())
            throw kc::ConnectException("Offset position is the incorrect type");
        if (pos.raw() && pos.as_int() > 0) {
            log().debug("Found previous offset, trying to skip to file offset ", pos.as_int());
            if (::lseek(fd_, pos.as_int(), SEEK_SET) < 0)
                throw kc::ConnectException("Couldn't seek " + filename_ + ": " +
                                           std::strerror(errno));
            position_ = pos.as_int();
        }
    }
    log().debug("Opened ", filename_, " for reading");
    return true;
}

bool FileStreamSourceTask::fill() {
    if (begin_ > 0) {  // keep the unfinished line at the front
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        ascii_end_ = ascii_end_ > begin_ ? ascii_end_ - begin_ : 0;
        begin_ = 0;
    }
    if (capacity_ - end_ < kReadChunk) {
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity_ * 2);
        std::memcpy(bigger.get(), buffer_.get(), end_);
        buffer_ = std::move(bigger);
        capacity_ *= 2;
    }
    if (fd_ == STDIN_FILENO) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) return false;
    }
    ssize_t n = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) return false;
        throw kc::ConnectException("Error while reading " +
                                   (filename_.empty() ? std::string("stdin") : filename_) + ": " +
                                   std::strerror(errno));
    }
    end_ += static_cast<size_t>(n);
    // Extend the known-ASCII run: over what was just read, or again past a
    // non-ASCII byte consumed since (one still waiting stops it at once).
    ascii_end_ +=
        kc::ascii_prefix_length(std::string_view(buffer_.get() + ascii_end_, end_ - ascii_end_));
    return n > 0;
}

void FileStreamSourceTask::idle_wait(int ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_.load(); });
}

void FileStreamSourceTask::poll(kc::SourceRecords& out) {
    kc::Arena& arena = out.arena();
    if (fd_ < 0 && !open_input(arena)) {
        idle_wait(1000);
        return;
    }
    const int64_t timestamp = now_ms();
    const bool tracked = !filename_.empty();
    int count = 0;
    while (count < batch_size_ && !stopping_) {
        Line line = next_line(std::string_view(buffer_.get() + begin_, end_ - begin_));
        if (line.consumed == 0) {
            if (!fill()) break;
            continue;
        }
        std::string_view text = line.text;
        if (begin_ + text.size() > ascii_end_ && kc::invalid_utf8_offset(text)) {
            // Java reads the file through a UTF-8 InputStreamReader, which
            // turns malformed bytes into U+FFFD rather than failing.
            repaired_ = kc::replace_malformed_utf8(text);
            text = repaired_;
        }
        begin_ += line.consumed;
        position_ += static_cast<int64_t>(line.consumed);
        kc::RecordBuilder record(arena);
        record.topic_ref(topic_).value(kc::schemas::string(), kc::make_string(arena, text));
        record.timestamp(timestamp);
        if (tracked) {
            // {"position": n}, map and entry in one allocation (one per line).
            struct PositionOffset {
                kc_value map;
                kc_map_entry entry;
            };
            auto* offset = arena.alloc<PositionOffset>();
            offset->entry.key = kc::make_string_ref(kPositionField);
            offset->entry.value = kc::make_int64(position_);
            offset->map.tag = KC_VAL_MAP;
            offset->map.u.map.entries = &offset->entry;
            offset->map.u.map.count = 1;
            record.source(partition_.raw(), &offset->map);
        }
        out.add(record);
        ++count;
    }
    if (count == 0 && !stopping_) idle_wait(fd_ == STDIN_FILENO ? 0 : 1000);
}

void FileStreamSourceTask::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

}  // namespace kc_file
