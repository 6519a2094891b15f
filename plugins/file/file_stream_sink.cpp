#include "file_stream_sink.hpp"

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
        out_ = stdout;
        return;
    }
    out_ = std::fopen(filename_.c_str(), "ae");
    if (!out_)
        throw kc::ConnectException("Couldn't find or create file '" + filename_ +
                                   "' for FileStreamSinkTask: " + std::strerror(errno));
    std::setvbuf(out_, nullptr, _IOFBF, 1 << 20);
}

void FileStreamSinkTask::put(std::span<const kc_record* const> records) {
    for (const kc_record* r : records) {
        line_.clear();
        // Java's PrintStream.println(Object); bytes are written as they are.
        kc::values::append_java_to_string(line_, kc::SchemaView(r->value_schema),
                                          kc::ValueView(&r->value), kc::values::BytesText::raw);
        line_ += '\n';
        if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size())
            throw kc::RetriableException("Could not write to " + filename_ + ": " +
                                         std::strerror(errno));
    }
    // Java's PrintStream hands every line to the OS at once; one write per
    // batch keeps the file as current at a fraction of the cost.
    if (std::fflush(out_) != 0)
        throw kc::RetriableException("Could not write to " + filename_ + ": " +
                                     std::strerror(errno));
}

void FileStreamSinkTask::flush(const kc::TopicPartitionOffsets&) {
    log().trace("Flushing output stream for ", filename_.empty() ? "stdout" : filename_);
    if (out_ && std::fflush(out_) != 0)
        throw kc::RetriableException("Could not flush " + filename_ + ": " + std::strerror(errno));
}

void FileStreamSinkTask::stop() {
    // stop() may come from another thread; closing happens in the destructor,
    // on the task's own thread, once the host is done with the task.
}

void FileStreamSinkTask::close_output() {
    if (out_ && out_ != stdout)
        std::fclose(out_);
    else if (out_)
        std::fflush(out_);
    out_ = nullptr;
}

}  // namespace kc_file
