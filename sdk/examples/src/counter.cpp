// A complete plugin library: a source connector emitting an incrementing
// counter (each task counts on its own topic partition of the source), and a
// transform that drops records whose counter is a multiple of N.
#include <kc/export.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace example {

class CounterSourceTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap& props) override {
        topic_ = props.at("topic");
        task_ = props.at("task.id");
        batch_ = std::stoi(props.at("batch.size"));
        log().info("counting into ", topic_, " as task ", task_);
    }

    void poll(kc::SourceRecords& out) override {
        kc::Arena& arena = out.arena();
        const kc_value* partition =
            kc::make_offset_map(arena, {{"task", kc::make_string_ref(task_)}});
        if (next_ == 0) {  // resume after the last committed count
            if (auto offset = offsetStorageReader().offset(*partition, arena))
                next_ = offset->map_get("count").as_int() + 1;
        }
        for (int i = 0; i < batch_; ++i, ++next_) {
            const kc_value* offset = kc::make_offset_map(arena, {{"count", kc::make_int64(next_)}});
            out.add(kc::RecordBuilder(arena)
                        .topic_ref(topic_)
                        .value(schema_.view(), kc::make_int64(next_))
                        .source(partition, offset));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    void stop() override {}

  private:
    kc::Schema schema_ = kc::SchemaBuilder::int64().build();
    std::string topic_, task_;
    int batch_ = 1;
    int64_t next_ = 0;
};

class CounterSourceConnector : public kc::SourceConnector {
  public:
    using Task = CounterSourceTask;
    static constexpr kc::PluginInfo info{.class_name = "org.example.CounterSourceConnector",
                                         .version = "1.0.0",
                                         .doc = "Emits an incrementing counter per task.",
                                         .aliases = {"counter"}};

    static kc::ConfigDef configDef() {
        kc::ConfigDef def;
        def.define("topic", kc::ConfigType::String, kc::NO_DEFAULT, kc::NonEmptyString::create(),
                   kc::Importance::High, "Topic to write the counter to.")
            .define("batch.size", kc::ConfigType::Int, 10, kc::Range::between(1, 10000),
                    kc::Importance::Low, "Records per poll.");
        return def;
    }

    void start(const kc::ConfigMap& props) override { config_ = props; }
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override {
        kc::Config parsed(configDef(), config_);
        std::vector<kc::ConfigMap> tasks;
        for (int i = 0; i < maxTasks; ++i) {
            kc::ConfigMap task = config_;
            task["batch.size"] = std::to_string(parsed.getInt("batch.size"));
            task["task.id"] = std::to_string(i);
            tasks.push_back(std::move(task));
        }
        return tasks;
    }
    void stop() override {}

  private:
    kc::ConfigMap config_;
};

class DropMultiples : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.example.DropMultiples",
        .version = "1.0.0",
        .doc = "Drops records whose int64 value is a multiple of N."};

    static kc::ConfigDef configDef() {
        kc::ConfigDef def;
        def.define("n", kc::ConfigType::Long, kc::Importance::High, "The divisor.");
        return def;
    }

    void configure(const kc::ConfigMap& configs) override {
        kc::Config parsed(configDef(), configs);
        n_ = parsed.getLong("n");
        if (n_ == 0) throw kc::ConfigException("n", "0", "Value must not be zero");
    }
    const kc_record* apply(kc::RecordView record, kc::Arena&) override {
        kc::ValueView value = record.value();
        if (value.tag() == KC_VAL_INT64 && value.as_int() % n_ == 0) return nullptr;
        return record.raw();
    }

  private:
    int64_t n_ = 1;
};

}  // namespace example

KC_EXPORT_PLUGINS(example::CounterSourceConnector, example::DropMultiples);
