// A source for the integration tests of the worker's produce path: it emits
// `records` string values "r0", "r1", ... to `topic`, `per.poll` at a time,
// then nothing. The worker hands records without headers, timestamp or
// partition to the producer in batches and the others one by one, so the
// knobs mix the two (0 = never):
//   timestamp.every  record i carries timestamp 1000000 + i when i is a multiple
//   header.every     record i carries header seq=<i> when i is a multiple
//   partition.every  record i names partition 0 when i is a multiple
// and record bad.partition.at names a partition no topic has. On a topic of
// one partition every record lands in partition 0, which holds the order.
#include <kc/export.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace it_fixture {

constexpr int32_t kMissingPartition = 9999;

kc::ConfigDef sequence_config() {
    kc::ConfigDef def;
    def.define("topic", kc::ConfigType::String, kc::NO_DEFAULT, kc::Importance::High,
               "Target topic")
        .define("records", kc::ConfigType::Int, 1000, kc::Importance::High, "Records in all")
        .define("per.poll", kc::ConfigType::Int, 100, kc::Importance::Low, "Records per poll")
        .define("timestamp.every", kc::ConfigType::Int, 0, kc::Importance::Low,
                "Every n-th record carries a timestamp")
        .define("header.every", kc::ConfigType::Int, 0, kc::Importance::Low,
                "Every n-th record carries a header")
        .define("partition.every", kc::ConfigType::Int, 0, kc::Importance::Low,
                "Every n-th record names partition 0")
        .define("bad.partition.at", kc::ConfigType::Int, -1, kc::Importance::Low,
                "The record sent to a partition that does not exist");
    return def;
}

class SequenceSourceTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap& props) override {
        kc::Config c(sequence_config(), props);
        topic_ = c.getString("topic");
        records_ = c.getInt("records");
        per_poll_ = c.getInt("per.poll");
        partition_every_ = c.getInt("partition.every");
        timestamp_every_ = c.getInt("timestamp.every");
        header_every_ = c.getInt("header.every");
        bad_at_ = c.getInt("bad.partition.at");
    }
    void poll(kc::SourceRecords& out) override {
        if (next_ >= records_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return;
        }
        kc::Arena& arena = out.arena();
        for (int n = 0; n < per_poll_ && next_ < records_; ++n, ++next_) {
            const int i = next_;
            kc::RecordBuilder record(arena);
            record.topic(topic_).value(kc::schemas::string(),
                                       kc::make_string(arena, "r" + std::to_string(i)));
            if (i == bad_at_)
                record.partition(kMissingPartition);
            else if (partition_every_ > 0 && i % partition_every_ == 0)
                record.partition(0);
            if (timestamp_every_ > 0 && i % timestamp_every_ == 0) record.timestamp(1000000 + i);
            if (header_every_ > 0 && i % header_every_ == 0) {
                const kc_header h{kc::str_ref("seq"), kc::schemas::string().raw(),
                                  kc::make_string(arena, std::to_string(i))};
                record.headers({&h, 1});
            }
            out.add(record);
        }
    }
    void stop() override {}

  private:
    std::string topic_;
    int records_ = 0, per_poll_ = 0, timestamp_every_ = 0, header_every_ = 0, partition_every_ = 0;
    int bad_at_ = -1, next_ = 0;
};

class SequenceSourceConnector : public kc::SourceConnector {
  public:
    using Task = SequenceSourceTask;
    static constexpr kc::PluginInfo info{.class_name = "org.kc.it.SequenceSourceConnector",
                                         .version = "1.0",
                                         .doc = "Emits a numbered sequence of records"};
    static kc::ConfigDef configDef() { return sequence_config(); }
    void start(const kc::ConfigMap& props) override { props_ = props; }
    std::vector<kc::ConfigMap> taskConfigs(int) override { return {props_}; }
    void stop() override {}

  private:
    kc::ConfigMap props_;
};

}  // namespace it_fixture

KC_EXPORT_PLUGINS(it_fixture::SequenceSourceConnector);
