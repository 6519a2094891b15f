// A plugin library exercising every kind and every way a plugin call can fail,
// for the SDK's boundary and export tests (sdk.unit).
#include <kc/export.hpp>

#include <stdexcept>
#include <string>

namespace sdk_test {

// Throws what `kind` names: a Connect exception with its status, a plain
// std::exception, a nested chain, or something not derived from std::exception.
[[noreturn]] inline void throw_kind(const std::string& kind) {
    if (kind == "data") throw kc::DataException("bad record at offset 7");
    if (kind == "retriable") throw kc::RetriableException("database busy");
    if (kind == "std") throw std::out_of_range("index 3 out of range");
    if (kind == "nested") {
        try {
            throw std::runtime_error("socket closed");
        } catch (...) {
            std::throw_with_nested(kc::ConnectException("write failed"));
        }
    }
    throw 42;
}

class TestSourceTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap& props) override {
        props_ = props;
        if (props.count("start.throws")) throw_kind(props.at("start.throws"));
    }
    void poll(kc::SourceRecords& out) override {
        if (props_.count("poll.throws")) throw_kind(props_.at("poll.throws"));
        kc::Arena& arena = out.arena();
        for (int i = 0; i < 3; ++i)
            out.add(kc::RecordBuilder(arena)
                        .topic(props_.at("topic"))
                        .value(nullptr, kc::make_int64(i)));
    }
    void commitRecord(kc::RecordView, const kc::RecordMetadata* metadata) override {
        if (metadata == nullptr) throw kc::ConnectException("metadata missing");
    }
    void stop() override { throw std::runtime_error("stop failed"); }

  private:
    kc::ConfigMap props_;
};

class TestSourceConnector : public kc::SourceConnector {
  public:
    using Task = TestSourceTask;
    static constexpr kc::PluginInfo info{.class_name = "org.kc.test.TestSourceConnector",
                                         .version = "2.1.0",
                                         .doc = "Source connector for SDK tests",
                                         .aliases = {"sdk-test-source", "TestSrc"}};
    static kc::ConfigDef configDef() {
        kc::ConfigDef def;
        def.define("topic", kc::ConfigType::String, kc::NO_DEFAULT, kc::NonEmptyString::create(),
                   kc::Importance::High, "Target topic")
            .define("tasks", kc::ConfigType::Int, 1, kc::Range::between(1, 4), kc::Importance::Low,
                    "Tasks to create", "Common", 1, kc::Width::Short, "Task count", {"topic"});
        return def;
    }
    void start(const kc::ConfigMap& props) override { props_ = props; }
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override {
        const int wanted = kc::Config(configDef(), props_).getInt("tasks");
        (void)maxTasks;  // deliberately ignored: the SDK must refuse too many configs
        return std::vector<kc::ConfigMap>(wanted, props_);
    }
    void stop() override {}
    kc::ExactlyOnceSupport exactlyOnceSupport(const kc::ConfigMap&) override { throw 42; }

  private:
    kc::ConfigMap props_;
};

class TestSinkTask : public kc::SinkTask {
  public:
    void start(const kc::ConfigMap&) override {}
    void put(std::span<const kc_record* const> records) override {
        for (kc::RecordView r : records) {
            if (r.topic() == "retry") throw kc::RetriableException("try again later");
            // Read raw, as plugin code may: the SDK hands in complete records.
            if (r.topic() == "where")
                throw kc::DataException("consumed at '" +
                                        std::string(kc::sv(r.raw()->original_topic)) + "' offset " +
                                        std::to_string(r.raw()->original_kafka_offset));
        }
        count_ += records.size();
    }
    kc::TopicPartitionOffsets preCommit(const kc::TopicPartitionOffsets& current) override {
        kc::TopicPartitionOffsets safe;
        for (const auto& [tp, offset] : current)
            if (tp.partition == 0) safe[tp] = offset;  // only partition 0 is durable
        return safe;
    }
    void stop() override {}

  private:
    size_t count_ = 0;
};

class TestSinkConnector : public kc::SinkConnector {
  public:
    using Task = TestSinkTask;
    static constexpr kc::PluginInfo info{.class_name = "org.kc.test.TestSinkConnector"};
    void start(const kc::ConfigMap&) override {}
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override {
        return std::vector<kc::ConfigMap>(maxTasks, kc::ConfigMap{{"k", "v"}});
    }
    void stop() override {}
};

class TestConverter : public kc::Converter {
  public:
    static constexpr kc::PluginInfo info{.class_name = "org.kc.test.TestConverter",
                                         .version = "1.0"};
    void configure(const kc::ConfigMap&, bool isKey) override { is_key_ = isKey; }
    kc::Bytes fromConnectData(std::string_view, std::span<const kc_header>, kc::SchemaView,
                              kc::ValueView value, kc::Arena&) override {
        if (value.is_null()) return std::nullopt;
        buffer_ = std::string(value.as_string());
        return std::string_view(buffer_);
    }
    kc::SchemaAndValue toConnectData(std::string_view, std::span<const kc_header>, kc::Bytes data,
                                     kc::Arena& arena) override {
        if (!data) return {};
        return {nullptr, kc::make_string(arena, *data)};
    }

  private:
    bool is_key_ = false;
    std::string buffer_;
};

class TestTransform : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.kc.test.TestTransform$Value",
        .doc = "Drops topic 'drop', renames topic 'rename', throws on 'boom'"};
    void configure(const kc::ConfigMap&) override {}
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override {
        if (record.topic() == "drop") return nullptr;
        if (record.topic() == "boom") throw_kind("other");
        if (record.topic() == "rename")
            return kc::RecordBuilder(arena, *record.raw()).topic("renamed").build();
        return record.raw();
    }
};

class TestPredicate : public kc::Predicate {
  public:
    static constexpr kc::PluginInfo info{.class_name = "org.kc.test.TestPredicate"};
    void configure(const kc::ConfigMap& configs) override { topic_ = configs.at("topic"); }
    bool test(kc::RecordView record) override { return record.topic() == topic_; }

  private:
    std::string topic_;
};

class TestConfigProvider : public kc::ConfigProvider {
  public:
    static constexpr kc::PluginInfo info{.class_name = "org.kc.test.TestConfigProvider"};
    // ttl.ms: how long the values stay valid (the config.action.reload test
    // sets a short one).
    void configure(const kc::ConfigMap& configs) override {
        if (auto it = configs.find("ttl.ms"); it != configs.end()) ttl_ms_ = std::stoll(it->second);
    }
    kc::ConfigData get(const std::string& path) override {
        if (path == "missing") throw kc::ConfigException("no such path: " + path);
        return {{{"user", "alice"}, {"password", "s3cret"}}, ttl_ms_};
    }

  private:
    int64_t ttl_ms_ = 60000;
};

}  // namespace sdk_test

KC_EXPORT_PLUGINS(sdk_test::TestSourceConnector, sdk_test::TestSinkConnector,
                  sdk_test::TestConverter, sdk_test::TestTransform, sdk_test::TestPredicate,
                  sdk_test::TestConfigProvider);
