#include <doctest/doctest.h>

#include "host/config/config_error.hpp"
#include "host/config/worker_config.hpp"

using namespace kc::host::config;

namespace {
ConfigMap minimal_standalone() {
    return ConfigMap{{"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
                     {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                     {"offset.storage.file.filename", "/tmp/x.offsets"}};
}
}  // namespace

TEST_CASE("worker config: Java defaults for standalone") {
    const WorkerConfig w(minimal_standalone(), WorkerMode::Standalone);
    CHECK_FALSE(w.bootstrap_servers().has_value());
    CHECK(w.header_converter() == "org.apache.kafka.connect.storage.SimpleHeaderConverter");
    CHECK(w.offset_flush_interval_ms() == 60000);
    CHECK(w.offset_flush_timeout_ms() == 5000);
    CHECK(w.task_shutdown_graceful_timeout_ms() == 5000);
    CHECK(w.plugin_discovery() == "hybrid_warn");
    CHECK(w.plugin_path().empty());
    CHECK(w.listeners() == std::vector<std::string>{"http://:8083"});
    CHECK(w.client_config_override_policy() == "All");
    CHECK(w.config_providers().empty());
    CHECK(w.get_bool("topic.creation.enable"));
    CHECK(*w.offset_storage_file() == "/tmp/x.offsets");
}

TEST_CASE("worker config: each missing required key is named") {
    for (const char* key : {"key.converter", "value.converter", "offset.storage.file.filename"}) {
        ConfigMap m = minimal_standalone();
        m.erase(key);
        CHECK_THROWS_WITH_AS(WorkerConfig(m, WorkerMode::Standalone), doctest::Contains(key),
                             ConfigError);
    }
    // Distributed mode needs the group and topics, not the offsets file.
    ConfigMap d = minimal_standalone();
    d.erase("offset.storage.file.filename");
    CHECK_THROWS_WITH_AS(WorkerConfig(d, WorkerMode::Distributed), doctest::Contains("group.id"),
                         ConfigError);
    d.set("group.id", "g");
    d.set("config.storage.topic", "c");
    d.set("offset.storage.topic", "o");
    d.set("status.storage.topic", "s");
    const WorkerConfig dw(d, WorkerMode::Distributed);
    CHECK(dw.get_long("offset.storage.partitions") == 25);
}

TEST_CASE("worker config: unknown keys are kept and prefixes extracted") {
    ConfigMap m = minimal_standalone();
    m.set("producer.linger.ms", "50");
    m.set("consumer.max.poll.records", "1000");
    m.set("some.custom.key", "x");
    m.set("key.converter.schemas.enable", "false");
    const WorkerConfig w(m, WorkerMode::Standalone);
    CHECK(*w.originals().find("some.custom.key") == "x");
    CHECK(*w.with_prefix("producer.").find("linger.ms") == "50");
    CHECK(*w.with_prefix("consumer.").find("max.poll.records") == "1000");
    CHECK(*w.with_prefix("key.converter.").find("schemas.enable") == "false");
    CHECK(w.with_prefix("admin.").empty());
}

TEST_CASE("worker config: typed values are checked and trimmed") {
    ConfigMap m = minimal_standalone();
    m.set("offset.flush.interval.ms", " 1000 ");
    m.set("bootstrap.servers", " a:9092 , b:9092 ");
    m.set("plugin.path", "/opt/a, /opt/b");
    m.set("plugin.discovery", "SERVICE_LOAD");
    const WorkerConfig w(m, WorkerMode::Standalone);
    CHECK(w.offset_flush_interval_ms() == 1000);
    CHECK(*w.bootstrap_servers() == "a:9092,b:9092");
    CHECK(w.plugin_path() == std::vector<std::string>{"/opt/a", "/opt/b"});
    CHECK(w.plugin_discovery() == "service_load");

    m.set("offset.flush.interval.ms", "soon");
    CHECK_THROWS_WITH_AS(WorkerConfig(m, WorkerMode::Standalone),
                         doctest::Contains("offset.flush.interval.ms"), ConfigError);
    m.set("offset.flush.interval.ms", "1");
    m.set("topic.creation.enable", "yes");
    CHECK_THROWS_WITH_AS(WorkerConfig(m, WorkerMode::Standalone),
                         doctest::Contains("topic.creation.enable"), ConfigError);
    m.set("topic.creation.enable", "TRUE");
    m.set("plugin.discovery", "sometimes");
    CHECK_THROWS_WITH_AS(WorkerConfig(m, WorkerMode::Standalone),
                         doctest::Contains("plugin.discovery"), ConfigError);
}

TEST_CASE("worker config: empty bootstrap.servers means embedded broker") {
    ConfigMap m = minimal_standalone();
    m.set("bootstrap.servers", "  ");
    CHECK_FALSE(WorkerConfig(m, WorkerMode::Standalone).bootstrap_servers().has_value());
}

TEST_CASE("list parsing follows Java") {
    CHECK(parse_list("").empty());
    CHECK(parse_list("  ").empty());
    CHECK(parse_list("a") == std::vector<std::string>{"a"});
    CHECK(parse_list(" a , b ,c ") == std::vector<std::string>{"a", "b", "c"});
    CHECK(parse_list("a,,b") == std::vector<std::string>{"a", "", "b"});
}
