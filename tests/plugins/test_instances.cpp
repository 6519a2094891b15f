// Host services and the RAII instance wrappers, driving the fixture plugins.
#include <doctest/doctest.h>
#include <sanitizer/asan_interface.h>

#include <cstring>

#include "host/plugins/instances.hpp"
#include "test_support.hpp"

using namespace kc::host;
using namespace kc::host::test;

namespace {

std::string text(kc_str s) {
    return std::string(s.ptr, s.len);
}

class RecordingContext : public InstanceContext {
  public:
    std::string log_prefix() const override { return "[fixture|task-0] "; }
    kc_status raise_error(kc_status, std::string_view message) override {
        raised = std::string(message);
        return KC_OK;
    }
    std::string raised;
};

PluginRegistry& good_registry() {
    static PluginRegistry registry([] {
        WorkerPluginConfig c;
        c.plugin_path = {fixture("good"), fixture("throwing")};
        c.discovery = DiscoveryMode::ServiceLoad;
        return c;
    }());
    return registry;
}

}  // namespace

TEST_CASE("the arena hands out zeroed, aligned memory and frees it in bulk") {
    Arena arena(256);
    auto* a = static_cast<unsigned char*>(arena.allocate(10, 1));
    std::memset(a, 0xff, 10);
    auto* b = arena.allocate(32, 64);
    CHECK(reinterpret_cast<uintptr_t>(b) % 64 == 0);
    void* big = arena.allocate(10000, 16);  // larger than a chunk
    REQUIRE(big != nullptr);
    CHECK(arena.bytes_used() == 10 + 32 + 10000);
    CHECK(arena.allocate(8, 3) == nullptr);  // not a power of two
    arena.reset();
    CHECK(arena.bytes_used() == 0);
    auto* again = static_cast<unsigned char*>(host_services()->arena_alloc(&arena, 10, 1));
    CHECK(again == a);  // the first chunk is reused, zeroed again
    for (int i = 0; i < 10; ++i)
        CHECK(again[i] == 0);
    CHECK(arena.allocate(0, 1) != nullptr);
}

TEST_CASE("the arena keeps chunks across resets only up to its retain limit") {
    Arena arena(1024, 4096);
    std::vector<void*> first;
    for (int i = 0; i < 8; ++i) {
        first.push_back(arena.allocate(1000, 8));  // one chunk each
        std::memset(first.back(), 0xab, 1000);
    }
    CHECK(arena.bytes_reserved() == 8 * 1024);
    arena.reset();
    CHECK(arena.bytes_reserved() == 4096);
    // The kept chunks are handed out again in order before any new one.
    for (int i = 0; i < 4; ++i)
        CHECK(arena.allocate(1000, 8) == first[static_cast<size_t>(i)]);
    CHECK(arena.bytes_reserved() == 4096);
    // A request larger than the next kept chunk gets a chunk of its own.
    arena.reset();
    void* big = arena.allocate(5000, 8);
    REQUIRE(big != nullptr);
    CHECK(arena.bytes_reserved() == 4096 + 5008);
    auto* p = static_cast<unsigned char*>(arena.allocate(1000, 8));
    REQUIRE(p != nullptr);
    for (int i = 0; i < 1000; ++i)
        REQUIRE(p[i] == 0);
}

#if defined(__SANITIZE_ADDRESS__)
// A released batch's data must not be read again: the chunks live on for the
// next batch, so only poisoning makes AddressSanitizer see such a read.
TEST_CASE("under AddressSanitizer, arena memory is poisoned until handed out") {
    Arena arena(1024, 4096);
    auto* a = static_cast<char*>(arena.allocate(100, 8));
    CHECK_FALSE(__asan_address_is_poisoned(a));
    CHECK_FALSE(__asan_address_is_poisoned(a + 99));
    CHECK(__asan_address_is_poisoned(a + 104));  // the rest of the chunk: not handed out
    arena.reset();
    CHECK(__asan_address_is_poisoned(a));
    CHECK(__asan_address_is_poisoned(a + 99));
    auto* b = static_cast<char*>(arena.allocate(40, 8));
    REQUIRE(b == a);  // the kept chunk, handed out again
    CHECK_FALSE(__asan_address_is_poisoned(b + 39));
    CHECK(__asan_address_is_poisoned(b + 40));
}
#endif

TEST_CASE("the services table routes per-instance calls to the InstanceContext") {
    const kc_host* host = host_services();
    CHECK(host->struct_size == sizeof(kc_host));
    CHECK(host->abi_major == KC_ABI_MAJOR);
    CHECK(host->request_task_reconfiguration(nullptr) == KC_UNSUPPORTED);
    RecordingContext ctx;
    CHECK(host->raise_error(&ctx, KC_FATAL, {"boom", 4}) == KC_OK);
    CHECK(ctx.raised == "boom");
    CHECK(host->sink_request_commit(&ctx) == KC_UNSUPPORTED);
    kc_error err;
    host->error_set(&err, KC_CONFIG, "bad value", 9);
    host->error_set_trace(&err, "at line 1", 9);
    CHECK_THROWS_WITH_AS(check_status(KC_CONFIG, err, "call"), "bad value", PluginError);
}

TEST_CASE("a source connector and its task run through the wrappers") {
    RecordingContext ctx;
    auto handle = good_registry().resolve_connector("GoodSource");
    ConnectorInstance connector(handle, &ctx);
    CHECK(connector.is_source());
    try {
        connector.start(*ConfigEntries({}).get());
        FAIL("start accepted a config without topic");
    } catch (const PluginError& e) {
        CHECK(e.status == KC_CONFIG);
        CHECK(std::string(e.what()).find("\"topic\"") != std::string::npos);
    }
    ConfigEntries config(std::map<std::string, std::string>{{"topic", "events"}});
    connector.start(*config.get());
    auto tasks = connector.task_configs(2);
    REQUIRE(tasks.size() == 2);
    CHECK(tasks[1].at("task.id") == "1");
    CHECK(tasks[1].at("topic") == "events");

    SourceTaskInstance task(handle, &ctx);
    task.start(*ConfigEntries(tasks[0]).get());
    Arena arena;
    auto batch = task.poll(arena);
    REQUIRE(batch.size() == 1);
    CHECK(text(batch[0]->topic) == "events");
    CHECK(text(batch[0]->value.u.str) == "hello");
    CHECK_THROWS_AS(SinkTaskInstance(handle, &ctx), PluginError);
    task.stop();
}

TEST_CASE("a converter flagged KC_FLAG_NULL_TO_NULL is not called for a null without a schema") {
    // The fixture converter turns every non-string into "converted": a null
    // result means the host answered without calling it.
    PluginRegistry registry([] {
        WorkerPluginConfig c;
        c.plugin_path = {fixture("converters")};
        c.discovery = DiscoveryMode::ServiceLoad;
        return c;
    }());
    ConverterInstance flagged(registry.resolve(KC_KIND_CONVERTER, "NullToNullConverter"), nullptr);
    ConverterInstance unflagged(registry.resolve(KC_KIND_CONVERTER, "UnflaggedConverter"), nullptr);
    Arena arena;
    const kc_str topic{"t", 1};
    const kc_value null_value{};
    kc_schema schema{};
    schema.struct_size = sizeof schema;
    schema.type = KC_TYPE_STRING;
    schema.optional = true;
    kc_value number{};
    number.tag = KC_VAL_INT32;
    number.u.i = 7;

    CHECK(flagged.from_connect(topic, {}, nullptr, &null_value, arena).ptr == nullptr);
    CHECK(flagged.from_connect(topic, {}, nullptr, nullptr, arena).ptr == nullptr);
    // A schema, a value, or no flag: the converter decides.
    CHECK(text(flagged.from_connect(topic, {}, &schema, &null_value, arena)) == "converted");
    CHECK(text(flagged.from_connect(topic, {}, nullptr, &number, arena)) == "converted");
    CHECK(text(unflagged.from_connect(topic, {}, nullptr, &null_value, arena)) == "converted");
    CHECK(text(unflagged.from_connect(topic, {}, nullptr, nullptr, arena)) == "converted");
}

TEST_CASE("a transformation's failure becomes PluginError; its log carries the logger name") {
    LogCapture log;
    RecordingContext ctx;
    TransformInstance mask(good_registry().resolve(KC_KIND_TRANSFORMATION, "Value"), &ctx);
    kc_record record{};
    record.struct_size = sizeof record;
    Arena arena;
    mask.configure(*ConfigEntries({}).get());
    CHECK(mask.apply(record, arena) == &record);
    CHECK(log.contains("info org.example.fixture.Mask [fixture|task-0] masking a record"));
    mask.configure(*ConfigEntries(std::map<std::string, std::string>{{"fail", "true"}}).get());
    try {
        mask.apply(record, arena);
        FAIL("apply did not fail");
    } catch (const PluginError& e) {
        CHECK(e.status == KC_DATA);
        CHECK(std::string(e.what()) == "Mask cannot handle this record");
    }
}

TEST_CASE("an exception thrown across the ABI by create() is reported, not fatal") {
    RecordingContext ctx;
    auto handle = good_registry().resolve(KC_KIND_TRANSFORMATION, "ThrowingTransformation");
    CHECK_THROWS_WITH_AS(TransformInstance(handle, &ctx),
                         doctest::Contains("a C++ exception escaped the plugin across the C ABI: "
                                           "create exploded"),
                         PluginError);
    CHECK_THROWS_WITH_AS(PredicateInstance(handle, &ctx), doctest::Contains("not a predicate"),
                         PluginError);
}
