// The source and sink task drivers on a fake Kafka (fake_kafka.hpp): the
// task, converters and transform are SDK classes compiled into this test and
// registered as built-ins, so each test runs the real driver loop on its own
// thread in milliseconds.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "fake_kafka.hpp"
#include "host/converters/builtin_converters.hpp"
#include "host/plugins/host_services.hpp"
#include "host/plugins/plugin_registry.hpp"
#include "host/runtime/sink_task_driver.hpp"
#include "host/runtime/source_task_driver.hpp"
#include "host/storage/memory_offset_backing_store.hpp"
#include "kc/connector.hpp"
#include "kc/error.hpp"
#include "kc/export.hpp"
#include "kc/transformation.hpp"

using namespace kc::host;
using namespace kc::host::runtime;
using kc::host::runtime::testing::FakeKafka;
using kc::host::runtime::testing::FakeMessage;

namespace {

using namespace std::chrono_literals;

// Waits up to 10 s for `done`; false when it never came.
bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

// ---- a source task the tests feed --------------------------------------------

struct SourceScript {
    std::mutex mutex;
    std::deque<std::string> to_emit;
    int64_t next_offset = 0;
    int polls = 0;
    std::vector<std::string> acknowledged;  // commitRecord() with metadata
    void reset() {
        std::lock_guard lock(mutex);
        to_emit.clear();
        next_offset = 0;
        polls = 0;
        acknowledged.clear();
    }
    void emit(std::initializer_list<std::string> values) {
        std::lock_guard lock(mutex);
        to_emit.insert(to_emit.end(), values);
    }
    int poll_count() {
        std::lock_guard lock(mutex);
        return polls;
    }
    std::vector<std::string> acked() {
        std::lock_guard lock(mutex);
        return acknowledged;
    }
};
SourceScript source_script;

std::string text_of(kc::RecordView record) {
    return std::string(record.value().as_string());
}

class ScriptedSourceTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap&) override {}
    void poll(kc::SourceRecords& out) override {
        kc::Arena& arena = out.arena();
        {
            std::lock_guard lock(source_script.mutex);
            ++source_script.polls;
            const kc_value* partition =
                kc::make_offset_map(arena, {{"p", kc::make_string_ref("0")}});
            for (; !source_script.to_emit.empty(); source_script.to_emit.pop_front()) {
                const kc_value* offset = kc::make_offset_map(
                    arena, {{"n", kc::make_int64(source_script.next_offset++)}});
                out.add(kc::RecordBuilder(arena)
                            .topic_ref("out")
                            .value(kc::schemas::string(),
                                   kc::make_string(arena, source_script.to_emit.front()))
                            .source(partition, offset));
            }
        }
        if (out.size() == 0) std::this_thread::sleep_for(2ms);
    }
    void commitRecord(kc::RecordView record, const kc::RecordMetadata* metadata) override {
        std::lock_guard lock(source_script.mutex);
        if (metadata) source_script.acknowledged.push_back(text_of(record));
    }
    void stop() override {}
};

class ScriptedSourceConnector : public kc::SourceConnector {
  public:
    using Task = ScriptedSourceTask;
    static constexpr kc::PluginInfo info{.class_name = "test.ScriptedSource", .version = "1"};
    void start(const kc::ConfigMap&) override {}
    std::vector<kc::ConfigMap> taskConfigs(int) override { return {{}}; }
    void stop() override {}
};

// Appends "!" to a string value.
class Exclaim : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{.class_name = "test.Exclaim", .version = "1"};
    void configure(const kc::ConfigMap&) override {}
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override {
        auto* out = arena.alloc<kc_record>();
        *out = *record.raw();
        out->value = kc::make_string(arena, text_of(record) + "!");
        return out;
    }
};

// ---- a sink task the tests steer ------------------------------------------------

struct SinkScript {
    std::mutex mutex;
    std::vector<std::vector<std::string>> puts;  // values of each put() that returned
    std::vector<std::string> header_values;      // of header "h", as converted
    int retriable_failures = 0;                  // put() throws this many times
    int put_calls = 0;
    // Run in the first put() with records, on the task's thread.
    std::function<void(const kc::SinkTaskContext&)> on_first_put;
    void reset() {
        std::lock_guard lock(mutex);
        puts.clear();
        header_values.clear();
        retriable_failures = 0;
        put_calls = 0;
        on_first_put = nullptr;
    }
    std::vector<std::string> all_values() {
        std::lock_guard lock(mutex);
        std::vector<std::string> out;
        for (const auto& p : puts)
            out.insert(out.end(), p.begin(), p.end());
        return out;
    }
    std::size_t put_count() {
        std::lock_guard lock(mutex);
        return puts.size();
    }
};
SinkScript sink_script;

class ScriptedSinkTask : public kc::SinkTask {
  public:
    void start(const kc::ConfigMap&) override {}
    void put(std::span<const kc_record* const> records) override {
        std::function<void(const kc::SinkTaskContext&)> first;
        {
            std::lock_guard lock(sink_script.mutex);
            ++sink_script.put_calls;
            if (records.empty()) return;
            if (sink_script.retriable_failures > 0) {
                --sink_script.retriable_failures;
                throw kc::RetriableException("target busy");
            }
            std::vector<std::string> values;
            for (kc::RecordView r : records) {
                values.push_back(r.value().tag() == KC_VAL_STRING ? text_of(r) : "<other>");
                for (std::size_t i = 0; i < r.raw()->header_count; ++i)
                    if (kc::sv(r.raw()->headers[i].key) == "h")
                        sink_script.header_values.emplace_back(
                            kc::ValueView(&r.raw()->headers[i].value).as_string());
            }
            sink_script.puts.push_back(std::move(values));
            first = std::exchange(sink_script.on_first_put, nullptr);
        }
        if (first) first(context());
    }
    void stop() override {}
};

class ScriptedSinkConnector : public kc::SinkConnector {
  public:
    using Task = ScriptedSinkTask;
    static constexpr kc::PluginInfo info{.class_name = "test.ScriptedSink", .version = "1"};
    void start(const kc::ConfigMap&) override {}
    std::vector<kc::ConfigMap> taskConfigs(int) override { return {{}}; }
    void stop() override {}
};

// A value converter whose value says how it saw header "h": converters get
// the Kafka headers as consumed (bytes), not the header converter's values.
class HeaderEcho : public kc::Converter {
  public:
    static constexpr kc::PluginInfo info{.class_name = "test.HeaderEcho", .version = "1"};
    void configure(const kc::ConfigMap&, bool) override {}
    kc::Bytes fromConnectData(std::string_view, std::span<const kc_header>, kc::SchemaView,
                              kc::ValueView, kc::Arena&) override {
        return std::nullopt;
    }
    kc::SchemaAndValue toConnectData(std::string_view, std::span<const kc_header> headers,
                                     kc::Bytes, kc::Arena& arena) override {
        std::string seen = "none";
        for (const kc_header& h : headers)
            if (kc::sv(h.key) == "h")
                seen = (h.value.tag == KC_VAL_BYTES && !h.schema ? "bytes:" : "converted:") +
                       std::string(kc::sv(h.value.u.str));
        return {nullptr, kc::make_string(arena, seen)};
    }
};

const kc_descriptor source_descriptor = kc::linked_plugin_descriptor<ScriptedSourceConnector>();
const kc_descriptor echo_descriptor = kc::linked_plugin_descriptor<HeaderEcho>();
const kc_descriptor sink_descriptor = kc::linked_plugin_descriptor<ScriptedSinkConnector>();
const kc_descriptor exclaim_descriptor = kc::linked_plugin_descriptor<Exclaim>();

// ---- the harness ---------------------------------------------------------------

class Harness : public TaskStatusListener {
  public:
    Harness() : registry_(WorkerPluginConfig{}) {
        kc::set_linked_plugin_host(host_services());
        for (const kc_descriptor* d : builtin_converters())
            registry_.add_builtin(d);
        registry_.add_builtin(&source_descriptor);
        registry_.add_builtin(&sink_descriptor);
        registry_.add_builtin(&exclaim_descriptor);
        registry_.add_builtin(&echo_descriptor);
        source_script.reset();
        sink_script.reset();
    }
    ~Harness() override { stop(); }

    void on_task_state(const ConnectorTaskId&, ConnectState state,
                       const std::string& trace) override {
        std::lock_guard lock(mutex_);
        states_.push_back(state);
        if (!trace.empty()) trace_ = trace;
    }
    bool reached(ConnectState state) {
        return eventually([&] {
            std::lock_guard lock(mutex_);
            return !states_.empty() && states_.back() == state;
        });
    }
    std::string trace() {
        std::lock_guard lock(mutex_);
        return trace_;
    }

    // Starts the connector's task with these connector settings (beside
    // name, connector.class and String converters).
    void start(const std::string& connector_class, config::ConfigMap settings) {
        const bool sink = connector_class == sink_descriptor.class_name;
        settings.set("name", "conn");
        settings.set("connector.class", connector_class);
        if (sink && !settings.find("topics")) settings.set("topics", "in");
        std::vector<ConfigProblem> problems;
        TaskSetup setup{
            .id = {"conn", 0},
            .registry = &registry_,
            .connector = registry_.resolve_connector(connector_class),
            .task_config = {},
            .connector_config = parse_connector_config(settings, sink, problems),
            .key_converter = converter("key.converter", settings),
            .value_converter = converter("value.converter", settings),
            .header_converter = {"org.apache.kafka.connect.storage.SimpleHeaderConverter", {}},
            .listener = this,
            .listener_owner = {},
            .active_topics = nullptr,
            .initial_state = TargetState::Started,
            .offset_flush_interval_ms = 20,
            .offset_flush_timeout_ms = 1000,
            .metrics_registry = nullptr,
            .metrics = {},
            .kafka_clients = kafka};
        REQUIRE(problems.empty());
        if (sink) {
            std::optional<kafka::ClientConfig> dlq;
            if (settings.find("errors.deadletterqueue.topic.name")) dlq = kafka::ClientConfig{};
            driver_ = std::make_shared<SinkTaskDriver>(std::move(setup), kafka::ClientConfig{}, dlq,
                                                       nullptr);
        } else {
            driver_ = std::make_shared<SourceTaskDriver>(std::move(setup), kafka::ClientConfig{},
                                                         &offsets, nullptr, std::nullopt);
        }
        driver_->start();
    }
    TaskDriver& driver() { return *driver_; }
    void stop() {
        if (!driver_) return;
        driver_->request_stop();
        CHECK(driver_->await_stop(std::chrono::steady_clock::now() + 10s));
        driver_.reset();
    }

    // The committed source offset of partition {"p":"0"} as JSON, or "".
    std::string source_offset() {
        auto all = offsets.all();
        return all.empty() ? "" : all.begin()->second;
    }

    std::shared_ptr<FakeKafka> kafka = std::make_shared<FakeKafka>();
    storage::MemoryOffsetBackingStore offsets;

  private:
    static PluginSpec converter(const std::string& which, const config::ConfigMap& settings) {
        const std::string* cls = settings.find(which);
        PluginSpec spec{cls ? *cls : "org.apache.kafka.connect.storage.StringConverter", {}};
        spec.config = settings.with_prefix(which + ".");
        return spec;
    }

    PluginRegistry registry_;
    std::shared_ptr<TaskDriver> driver_;
    std::mutex mutex_;
    std::vector<ConnectState> states_;
    std::string trace_;
};

std::vector<std::string> values_of(const std::vector<FakeMessage>& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages)
        out.push_back(m.value.value_or("<null>"));
    return out;
}

}  // namespace

// ---- source --------------------------------------------------------------------

TEST_CASE("source: records are transformed, converted and produced; offsets wait for the acks") {
    Harness h;
    h.kafka->hold_acks(true);
    h.start(source_descriptor.class_name,
            {{"transforms", "x"}, {"transforms.x.type", exclaim_descriptor.class_name}});
    REQUIRE(h.reached(ConnectState::Running));
    source_script.emit({"a", "b", "c"});
    REQUIRE(eventually([&] { return h.kafka->unacknowledged() == 3; }));
    CHECK(values_of(h.kafka->messages("out")) == std::vector<std::string>{"a!", "b!", "c!"});
    // Several flush intervals pass: nothing acknowledged, nothing committed.
    std::this_thread::sleep_for(100ms);
    CHECK(h.source_offset().empty());
    CHECK(source_script.acked().empty());

    h.kafka->hold_acks(false);
    REQUIRE(eventually([&] { return h.source_offset() == R"({"n":2})"; }));
    // commitRecord() is given each record as the task made it, once acknowledged.
    CHECK(source_script.acked() == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("source: a failed delivery fails the task and its offset is never committed") {
    Harness h;
    h.kafka->fail_deliveries(1, kafka::ErrorCode(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));
    h.start(source_descriptor.class_name, {});
    REQUIRE(h.reached(ConnectState::Running));
    source_script.emit({"too big", "fine"});
    REQUIRE(h.reached(ConnectState::Failed));
    CHECK(h.trace().find("Failed to send record to topic 'out'") != std::string::npos);
    // "fine" was acknowledged, but the record before it never was.
    CHECK(h.source_offset().empty());
}

TEST_CASE("source: a paused task is not polled until it is resumed") {
    Harness h;
    h.start(source_descriptor.class_name, {});
    REQUIRE(h.reached(ConnectState::Running));
    source_script.emit({"before"});
    REQUIRE(eventually([&] { return h.kafka->messages("out").size() == 1; }));
    h.driver().set_target_state(TargetState::Paused);
    REQUIRE(h.reached(ConnectState::Paused));
    const int polls = source_script.poll_count();
    source_script.emit({"while paused"});
    std::this_thread::sleep_for(100ms);
    CHECK(source_script.poll_count() == polls);
    CHECK(h.kafka->messages("out").size() == 1);
    h.driver().set_target_state(TargetState::Started);
    REQUIRE(h.reached(ConnectState::Running));
    REQUIRE(eventually([&] { return h.kafka->messages("out").size() == 2; }));
    CHECK(values_of(h.kafka->messages("out")).back() == "while paused");
}

// ---- sink ----------------------------------------------------------------------

namespace {

void fill_input(FakeKafka& kafka) {
    kafka.create_topic("in", 2);
    kafka.append("in", 0, {"k0", "a", {{"h", "first"}}, 1000});
    kafka.append("in", 0, {std::nullopt, "b", {}, 1001});
    kafka.append("in", 0, {std::nullopt, "c", {}, 1002});
    kafka.append("in", 1, {std::nullopt, "x", {}, 1003});
    kafka.append("in", 1, {std::nullopt, "y", {}, 1004});
}

}  // namespace

TEST_CASE("sink: put() gets the converted records and preCommit's offsets are committed") {
    Harness h;
    fill_input(*h.kafka);
    h.start(sink_descriptor.class_name, {});
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 5; }));
    auto values = sink_script.all_values();
    std::sort(values.begin(), values.end());
    CHECK(values == std::vector<std::string>{"a", "b", "c", "x", "y"});
    {
        std::lock_guard lock(sink_script.mutex);
        CHECK(sink_script.header_values == std::vector<std::string>{"first"});
    }
    using Committed = std::map<kafka::TopicPartition, int64_t>;
    REQUIRE(eventually([&] {
        return h.kafka->committed() == Committed{{{"in", 0}, 3}, {{"in", 1}, 2}};
    }));
}

TEST_CASE("sink: key and value converters see the Kafka headers as consumed") {
    Harness h;
    fill_input(*h.kafka);
    h.start(sink_descriptor.class_name, {{"value.converter", "test.HeaderEcho"}});
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 5; }));
    auto values = sink_script.all_values();
    std::sort(values.begin(), values.end());
    CHECK(values == std::vector<std::string>{"bytes:first", "none", "none", "none", "none"});
    // The task still gets the header converter's values.
    std::lock_guard lock(sink_script.mutex);
    CHECK(sink_script.header_values == std::vector<std::string>{"first"});
}

TEST_CASE("sink: the task rewinds a partition through its context") {
    Harness h;
    fill_input(*h.kafka);
    sink_script.on_first_put = [](const kc::SinkTaskContext& context) {
        context.offset({"in", 0}, 1);
    };
    h.start(sink_descriptor.class_name, {});
    // b and c come again after the rewind to offset 1.
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 7; }));
    auto values = sink_script.all_values();
    CHECK(std::count(values.begin(), values.end(), "b") == 2);
    CHECK(std::count(values.begin(), values.end(), "c") == 2);
    CHECK(std::count(values.begin(), values.end(), "a") == 1);
    const auto seeks = h.kafka->seeks();
    CHECK(std::find(seeks.begin(), seeks.end(), kafka::TopicPartitionOffset{"in", 0, 1}) !=
          seeks.end());
}

TEST_CASE("sink: a partition the task pauses is not consumed") {
    Harness h;
    h.kafka->create_topic("in", 2);
    h.kafka->append("in", 0, {std::nullopt, "first", {}, 1});
    sink_script.on_first_put = [](const kc::SinkTaskContext& context) {
        context.pause({{"in", 1}});
    };
    h.start(sink_descriptor.class_name, {});
    REQUIRE(eventually([&] { return !h.kafka->paused().empty(); }));
    h.kafka->append("in", 1, {std::nullopt, "held back", {}, 2});
    h.kafka->append("in", 0, {std::nullopt, "second", {}, 3});
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 2; }));
    std::this_thread::sleep_for(50ms);
    CHECK(sink_script.all_values() == std::vector<std::string>{"first", "second"});
    CHECK(h.kafka->paused() == std::set<kafka::TopicPartition>{{"in", 1}});
}

TEST_CASE("sink: errors.tolerance=all sends a record that fails conversion to the DLQ") {
    Harness h;
    h.kafka->create_topic("in", 1);
    h.kafka->append("in", 0, {std::nullopt, R"({"n":1})", {{"h", "v"}}, 1});
    h.kafka->append("in", 0, {"key", "not json", {{"h", "bad"}}, 2});
    h.kafka->append("in", 0, {std::nullopt, R"({"n":2})", {}, 3});
    h.start(sink_descriptor.class_name,
            {{"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
             {"value.converter.schemas.enable", "false"},
             {"errors.tolerance", "all"},
             {"errors.deadletterqueue.topic.name", "dlq"},
             {"errors.deadletterqueue.context.headers.enable", "true"}});
    REQUIRE(eventually([&] { return h.kafka->messages("dlq").size() == 1; }));
    const FakeMessage dead = h.kafka->messages("dlq").at(0);
    CHECK(dead.key == "key");
    CHECK(dead.value == "not json");
    auto header = [&](const std::string& name) {
        for (const auto& [k, v] : dead.headers)
            if (k == name) return v;
        return std::string("<missing>");
    };
    CHECK(header("h") == "bad");
    CHECK(header("__connect.errors.topic") == "in");
    CHECK(header("__connect.errors.offset") == "1");
    CHECK(header("__connect.errors.stage") == "VALUE_CONVERTER");
    // The other two reach the task; all three are committed.
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 2; }));
    using Committed = std::map<kafka::TopicPartition, int64_t>;
    REQUIRE(eventually([&] { return h.kafka->committed() == Committed{{{"in", 0}, 3}}; }));
}

TEST_CASE("sink: a RetriableException from put() redelivers the same batch, partitions paused") {
    Harness h;
    fill_input(*h.kafka);
    {
        std::lock_guard lock(sink_script.mutex);
        sink_script.retriable_failures = 1;
        sink_script.on_first_put = [](const kc::SinkTaskContext& context) { context.timeout(10); };
    }
    h.start(sink_descriptor.class_name, {});
    REQUIRE(eventually([&] { return sink_script.all_values().size() == 5; }));
    {
        std::lock_guard lock(sink_script.mutex);
        CHECK(sink_script.put_calls >= 2);  // the failed one, then the same batch again
    }
    CHECK(h.kafka->pause_calls() >= 1);
    REQUIRE(eventually([&] { return h.kafka->paused().empty(); }));
    using Committed = std::map<kafka::TopicPartition, int64_t>;
    REQUIRE(eventually([&] {
        return h.kafka->committed() == Committed{{{"in", 0}, 3}, {{"in", 1}, 2}};
    }));
}
