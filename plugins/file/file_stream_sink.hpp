// org.apache.kafka.connect.file.FileStreamSinkConnector and its task: appends
// each record's value, printed as Java's toString() would, as one line to a
// file (or stdout).
#pragma once

#include <kc/connector.hpp>
#include <kc/sink_task.hpp>

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "file_version.hpp"

namespace kc_file {

const kc::ConfigDef& sink_config_def();
class FileStreamSinkTask;

class FileStreamSinkConnector : public kc::SinkConnector {
  public:
    using Task = FileStreamSinkTask;
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.file.FileStreamSinkConnector",
        .version = KC_FILE_PLUGIN_VERSION,
        .doc = "Appends the values of records from Kafka topics to a file (or standard output)."};
    static kc::ConfigDef configDef() { return sink_config_def(); }

    void start(const kc::ConfigMap& props) override;
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override;
    void stop() override {}
    bool alterOffsets(
        const kc::ConfigMap&,
        const std::vector<std::pair<kc::TopicPartition, std::optional<int64_t>>>&) override {
        return true;  // only the framework's consumer offsets matter
    }

  private:
    kc::ConfigMap props_;
};

class FileStreamSinkTask : public kc::SinkTask {
  public:
    ~FileStreamSinkTask() override;
    void start(const kc::ConfigMap& props) override;
    void put(std::span<const kc_record* const> records) override;
    void flush(const kc::TopicPartitionOffsets& offsets) override;
    void stop() override;

  private:
    void write_batch();
    off_t file_size() const;  // -1 when not a regular file (stdout, a pipe)
    void undo_partial_write(off_t start, std::size_t written);
    void close_output();

    std::string filename_;
    int fd_ = -1;
    std::string batch_;  // the lines of one put(), reused
};

}  // namespace kc_file
