#include "file_stream_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <kc/java_string.hpp>

namespace kc_file {

const kc::ConfigDef& sink_config_def() {
    static const kc::ConfigDef def = [] {
        kc::ConfigDef d;
        d.define("file", kc::ConfigType::String, nullptr, kc::Importance::High,
                 "Destination filename. If not specified, the standard output will be used");
        return d;
    }();
    return def;
}

void FileStreamSinkConnector::start(const kc::ConfigMap& props) {
    kc::Config parsed(sink_config_def(), props);
    props_ = props;
}

std::vector<kc::ConfigMap> FileStreamSinkConnector::taskConfigs(int maxTasks) {
    return std::vector<kc::ConfigMap>(static_cast<size_t>(maxTasks < 1 ? 1 : maxTasks), props_);
}

FileStreamSinkTask::~FileStreamSinkTask() {
    close_output();
}

void FileStreamSinkTask::start(const kc::ConfigMap& props) {
    auto it = props.find("file");
    filename_ = it == props.end() ? std::string() : it->second;
    if (filename_.empty()) {
        fd_ = STDOUT_FILENO;
        return;
    }
    fd_ = ::open(filename_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0)
        throw kc::ConnectException("Couldn't find or create file '" + filename_ +
                                   "' for FileStreamSinkTask: " + std::strerror(errno));
}

void FileStreamSinkTask::put(std::span<const kc_record* const> records) {
    batch_.clear();
    for (const kc::RecordView r : records) {
        // Java's PrintStream.println(Object); bytes are written as they are.
        kc::values::append_java_to_string(batch_, r.value_schema(), r.value(),
                                          kc::values::BytesText::Raw);
        batch_ += '\n';
    }
    write_batch();
}

// Java's PrintStream hands every line to the OS at once; one write per batch keeps the file
// as current at a fraction of the cost. A write that fails part way (a full disk) is cut back
// off the file, so the batch the framework retries never follows a torn line.
void FileStreamSinkTask::write_batch() {
    const off_t start = file_size();
    std::size_t done = 0;
    while (done < batch_.size()) {
        const ssize_t n = ::write(fd_, batch_.data() + done, batch_.size() - done);
        if (n >= 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR) continue;
        const int error = errno;
        undo_partial_write(start, done);
        throw kc::RetriableException("Could not write to " +
                                     (filename_.empty() ? std::string("stdout") : filename_) +
                                     ": " + std::strerror(error));
    }
}

off_t FileStreamSinkTask::file_size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return st.st_size;
}

void FileStreamSinkTask::undo_partial_write(off_t start, std::size_t written) {
    if (start < 0 || written == 0) return;
    // Only when the file ends with exactly our partial write: another writer appending to the
    // same file must not lose its lines.
    if (file_size() != start + static_cast<off_t>(written) || ::ftruncate(fd_, start) != 0)
        log().warn("Could not remove a partly written batch from ", filename_,
                   "; its start may appear twice once the write is retried");
}

void FileStreamSinkTask::flush(const kc::TopicPartitionOffsets&) {
    // Every put() already handed its lines to the OS, as Java's flush() of its stream does.
    log().trace("Flushing output stream for ", filename_.empty() ? "stdout" : filename_);
}

void FileStreamSinkTask::stop() {
    // stop() may come from another thread; closing happens in the destructor,
    // on the task's own thread, once the host is done with the task.
}

void FileStreamSinkTask::close_output() {
    if (fd_ >= 0 && fd_ != STDOUT_FILENO) ::close(fd_);
    fd_ = -1;
}

}  // namespace kc_file
