// org.apache.kafka.connect.file.FileStreamSourceConnector and its task: each
// line of a file (or stdin) becomes one record with partition
// {"filename":<file>} and offset {"position":<bytes past the line>}.
#pragma once

#include <kc/connector.hpp>
#include <kc/source_task.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "file_version.hpp"

namespace kc_file {

const kc::ConfigDef& source_config_def();
class FileStreamSourceTask;

class FileStreamSourceConnector : public kc::SourceConnector {
  public:
    using Task = FileStreamSourceTask;
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.file.FileStreamSourceConnector",
        .version = KC_FILE_PLUGIN_VERSION,
        .doc = "Reads lines of a file (or standard input) into a Kafka topic."};
    static kc::ConfigDef configDef() { return source_config_def(); }

    void start(const kc::ConfigMap& props) override;
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override;
    void stop() override {}
    kc::ExactlyOnceSupport exactlyOnceSupport(const kc::ConfigMap& props) override;
    bool alterOffsets(const kc::ConfigMap& props,
                      const std::vector<std::pair<kc::ValueView, kc::ValueView>>& offsets) override;

  private:
    kc::ConfigMap props_;
};

class FileStreamSourceTask : public kc::SourceTask {
  public:
    ~FileStreamSourceTask() override;
    void start(const kc::ConfigMap& props) override;
    void poll(kc::SourceRecords& out) override;
    void stop() override;

  private:
    bool open_input(kc::Arena& arena);
    // Reads more input into the buffer; false at end of input (or no data yet).
    bool fill();
    void idle_wait(int ms);

    std::string filename_;  // empty = stdin
    std::string topic_;
    int batch_size_ = 2000;
    int fd_ = -1;
    kc::OwnedValue partition_;  // {"filename": filename_}
    int64_t position_ = 0;      // bytes of the file consumed into records
    // Left uninitialised, so that only the pages read() fills are resident:
    // a worker with hundreds of tasks on small files pays for what they read.
    std::unique_ptr<char[]> buffer_;
    size_t capacity_ = 0;
    size_t begin_ = 0, end_ = 0;
    size_t ascii_end_ = 0;  // buffer_[begin_, ascii_end_) is all ASCII: no UTF-8 check
    std::string repaired_;  // a line with malformed UTF-8, as Java decodes it

    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace kc_file
