// Drives the SDK test plugin library through its C ABI only, as the host
// does: dlopen, kc_plugin_entry, descriptors, instance tables. Checks that no
// exception crosses the boundary, that failures arrive as status + message,
// and that the embedded manifest matches the descriptors.
#include <dlfcn.h>
#include <elf.h>
#include <rapidjson/document.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <kc/testing.hpp>
#include <kc/version.hpp>

#include "short_struct.hpp"

namespace {

// The bytes of a named section of a 64-bit ELF file, up to the first NUL.
std::optional<std::string> elf_section(const std::string& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (file.size() < sizeof(Elf64_Ehdr) || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
        return std::nullopt;
    Elf64_Ehdr eh;
    std::memcpy(&eh, file.data(), sizeof eh);
    auto section = [&](size_t i) {
        Elf64_Shdr sh;
        std::memcpy(&sh, file.data() + eh.e_shoff + i * sizeof(Elf64_Shdr), sizeof sh);
        return sh;
    };
    if (eh.e_shoff + size_t(eh.e_shnum) * sizeof(Elf64_Shdr) > file.size()) return std::nullopt;
    const Elf64_Shdr names = section(eh.e_shstrndx);
    for (size_t i = 0; i < eh.e_shnum; ++i) {
        const Elf64_Shdr sh = section(i);
        if (names.sh_offset + sh.sh_name >= file.size()) continue;
        if (name != file.c_str() + names.sh_offset + sh.sh_name) continue;
        if (sh.sh_offset + sh.sh_size > file.size()) return std::nullopt;
        std::string bytes = file.substr(sh.sh_offset, sh.sh_size);
        return bytes.substr(0, bytes.find('\0'));
    }
    return std::nullopt;
}

struct Library {
    void* handle = dlopen(KC_TEST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    const kc_plugin_entry* entry =
        handle ? static_cast<const kc_plugin_entry*>(dlsym(handle, KC_PLUGIN_ENTRY_SYMBOL))
               : nullptr;
    kc::testing::TestHost host;
    Library() {
        REQUIRE_MESSAGE(entry != nullptr, dlerror());
        REQUIRE(entry->init(host.services(), KC_TEST_PLUGIN_PATH, host.raw_error()) == KC_OK);
    }
    ~Library() {
        entry->deinit();
        dlclose(handle);
    }
    const kc_descriptor* find(std::string_view class_name) const {
        for (size_t i = 0; i < entry->descriptor_count(); ++i)
            if (class_name == entry->descriptor_at(i)->class_name) return entry->descriptor_at(i);
        FAIL("no descriptor for " << class_name);
        return nullptr;
    }
    kc_config config(const std::vector<kc_config_entry>& entries) const {
        return kc_config{entries.data(), entries.size()};
    }
};

kc_config_entry entry(std::string_view k, std::string_view v) {
    return {kc::str_ref(k), kc::str_ref(v)};
}

std::vector<std::string> strings(const kc_str* items, size_t count) {
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i)
        out.emplace_back(kc::sv(items[i]));
    return out;
}

}  // namespace

TEST_CASE("the entry constant describes the library") {
    Library lib;
    CHECK(lib.entry->struct_size == sizeof(kc_plugin_entry));
    CHECK(lib.entry->abi_major == KC_ABI_MAJOR);
    CHECK(std::string(lib.entry->sdk_version) == KC_SDK_VERSION);
    REQUIRE(lib.entry->descriptor_count() == 6);
    CHECK(lib.entry->descriptor_at(6) == nullptr);

    const kc_descriptor* source = lib.find("org.kc.test.TestSourceConnector");
    CHECK(source->kind == KC_KIND_SOURCE_CONNECTOR);
    CHECK(std::string(source->version) == "2.1.0");
    CHECK(std::string(source->aliases[0]) == "sdk-test-source");
    CHECK(std::string(source->aliases[1]) == "TestSrc");
    CHECK(source->aliases[2] == nullptr);
    REQUIRE(source->config_def_count == 2);
    const kc_config_key& topic = source->config_def[0];
    CHECK(std::string(topic.name) == "topic");
    CHECK(topic.default_value == nullptr);
    CHECK(topic.type == KC_CFG_STRING);
    CHECK(std::string(topic.validator_doc) == "non-empty string");
    const kc_config_key& tasks = source->config_def[1];
    CHECK(std::string(tasks.default_value) == "1");
    CHECK(std::string(tasks.group) == "Common");
    CHECK(std::string(tasks.display_name) == "Task count");
    CHECK(std::string(tasks.dependents[0]) == "topic");
    CHECK(tasks.dependents[1] == nullptr);
    CHECK(std::string(tasks.validator_doc) == "[1,...,4]");

    const kc_descriptor* sink = lib.find("org.kc.test.TestSinkConnector");
    CHECK(sink->kind == KC_KIND_SINK_CONNECTOR);
    CHECK(sink->version == nullptr);
    CHECK(sink->aliases == nullptr);
    auto* sink_table = static_cast<const kc_connector_vtable*>(sink->vtable);
    CHECK(sink_table->sink_task != nullptr);
    CHECK(sink_table->source_task == nullptr);
}

TEST_CASE("an init from a host of another ABI major is refused with a message") {
    void* handle = dlopen(KC_TEST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    auto* entry = static_cast<const kc_plugin_entry*>(dlsym(handle, KC_PLUGIN_ENTRY_SYMBOL));
    kc::testing::TestHost host;
    kc_host other = *host.services();
    other.abi_major = KC_ABI_MAJOR + 1;
    other.abi_minor = 0;
    CHECK(entry->init(&other, "x", host.raw_error()) == KC_UNSUPPORTED);
    CHECK(host.error().message.find("ABI 1.x, host speaks 2.0") != std::string::npos);
    dlclose(handle);
}

TEST_CASE("the embedded manifest lists exactly the descriptors") {
    Library lib;
    const std::optional<std::string> json = elf_section(KC_TEST_PLUGIN_PATH, KC_MANIFEST_SECTION);
    REQUIRE(json.has_value());
    rapidjson::Document doc;
    doc.Parse(json->c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(doc["kc_abi"]["major"].GetInt() == KC_ABI_MAJOR);
    CHECK(doc["kc_abi"]["minor"].GetInt() == KC_ABI_MINOR);
    CHECK(std::string(doc["sdk_version"].GetString()) == KC_SDK_VERSION);
    const auto& plugins = doc["plugins"].GetArray();
    REQUIRE(plugins.Size() == lib.entry->descriptor_count());
    const char* kinds[] = {"source",         "sink",      "converter",     "header_converter",
                           "transformation", "predicate", "configprovider"};
    for (rapidjson::SizeType i = 0; i < plugins.Size(); ++i) {
        const kc_descriptor* d = lib.entry->descriptor_at(i);
        CAPTURE(d->class_name);
        CHECK(std::string(plugins[i]["class"].GetString()) == d->class_name);
        CHECK(std::string(plugins[i]["kind"].GetString()) == kinds[d->kind]);
        CHECK(std::string(plugins[i]["version"].GetString()) ==
              (d->version ? d->version : "undefined"));
        std::vector<std::string> aliases;
        for (const char* const* a = d->aliases; a && *a; ++a)
            aliases.emplace_back(*a);
        std::vector<std::string> listed;
        for (const auto& a : plugins[i]["aliases"].GetArray())
            listed.emplace_back(a.GetString());
        CHECK(listed == aliases);
    }
}

TEST_CASE("descriptor validate reports Java-style results per key") {
    Library lib;
    const kc_descriptor* source = lib.find("org.kc.test.TestSourceConnector");
    std::vector<kc_config_entry> entries{entry("tasks", "9")};
    kc_config config = lib.config(entries);
    const kc_config_value* values = nullptr;
    size_t count = 0;
    REQUIRE(source->validate(&config, lib.host.raw_arena(), &values, &count,
                             lib.host.raw_error()) == KC_OK);
    REQUIRE(count == 2);
    CHECK(kc::sv(values[0].name) == "topic");
    CHECK_FALSE(values[0].has_value);
    CHECK(strings(values[0].errors, values[0].error_count) ==
          std::vector<std::string>{
              "Missing required configuration \"topic\" which has no default value."});
    CHECK(kc::sv(values[1].value) == "9");
    CHECK(strings(values[1].errors, values[1].error_count) ==
          std::vector<std::string>{
              "Invalid value 9 for configuration tasks: Value must be no more than 4"});
}

TEST_CASE("source task: records come back in the arena, failures as status + message") {
    Library lib;
    auto* connector = static_cast<const kc_connector_vtable*>(
        lib.find("org.kc.test.TestSourceConnector")->vtable);
    const kc_source_task_vtable* task = connector->source_task;
    void* self = nullptr;
    REQUIRE(task->create(lib.host.services(), lib.host.context(), &self, lib.host.raw_error()) ==
            KC_OK);

    SUBCASE("poll returns the batch") {
        std::vector<kc_config_entry> entries{entry("topic", "counts")};
        kc_config config = lib.config(entries);
        REQUIRE(task->start(self, &config, lib.host.raw_error()) == KC_OK);
        const kc_record* const* records = nullptr;
        size_t count = 0;
        REQUIRE(task->poll(self, lib.host.raw_arena(), &records, &count, lib.host.raw_error()) ==
                KC_OK);
        REQUIRE(count == 3);
        CHECK(kc::sv(records[2]->topic) == "counts");
        CHECK(records[2]->value.u.i == 2);
        CHECK(records[2]->partition == -1);
        // commitRecord with and without metadata: the plugin insists on metadata.
        kc_record_metadata md{sizeof(kc_record_metadata), 0, kc::str_ref("counts"), 5, -1};
        CHECK(task->commit_record(self, records[0], &md, lib.host.raw_error()) == KC_OK);
        CHECK(task->commit_record(self, records[0], nullptr, lib.host.raw_error()) == KC_FATAL);
        CHECK(lib.host.error().message == "metadata missing");
    }
    SUBCASE("a DataException keeps its status, message and type in the trace") {
        std::vector<kc_config_entry> entries{entry("topic", "t"), entry("poll.throws", "data")};
        kc_config config = lib.config(entries);
        REQUIRE(task->start(self, &config, lib.host.raw_error()) == KC_OK);
        const kc_record* const* records = nullptr;
        size_t count = 99;
        CHECK(task->poll(self, lib.host.raw_arena(), &records, &count, lib.host.raw_error()) ==
              KC_DATA);
        CHECK(count == 0);
        CHECK(lib.host.error().message == "bad record at offset 7");
        CHECK(lib.host.error().trace == "kc::DataException: bad record at offset 7");
    }
    SUBCASE("a nested exception reports its cause chain") {
        std::vector<kc_config_entry> entries{entry("topic", "t"), entry("start.throws", "nested")};
        kc_config config = lib.config(entries);
        CHECK(task->start(self, &config, lib.host.raw_error()) == KC_FATAL);
        CHECK(lib.host.error().message == "write failed");
        CHECK(lib.host.error().trace.find("Caused by: std::runtime_error: socket closed") !=
              std::string::npos);
    }
    SUBCASE("a plain std::exception is fatal, a non-std throw too") {
        std::vector<kc_config_entry> entries{entry("start.throws", "std")};
        kc_config config = lib.config(entries);
        CHECK(task->start(self, &config, lib.host.raw_error()) == KC_FATAL);
        CHECK(lib.host.error().message == "index 3 out of range");
        std::vector<kc_config_entry> other{entry("start.throws", "int")};
        config = lib.config(other);
        CHECK(task->start(self, &config, lib.host.raw_error()) == KC_FATAL);
        CHECK(lib.host.error().message.find("unknown exception") != std::string::npos);
    }
    SUBCASE("stop has no error channel: the exception is logged under the task's name") {
        task->stop(self);
        REQUIRE(lib.host.state().logs.size() == 1);
        CHECK(lib.host.state().logs[0].level == KC_LOG_ERROR);
        CHECK(lib.host.state().logs[0].logger == "sdk_test::TestSourceTask");
        CHECK(lib.host.state().logs[0].message.find("stop failed") != std::string::npos);
    }
    task->destroy(self);
}

TEST_CASE("connector: task configs bounded by max_tasks, throwing eos answers unsupported") {
    Library lib;
    auto* connector = static_cast<const kc_connector_vtable*>(
        lib.find("org.kc.test.TestSourceConnector")->vtable);
    void* self = nullptr;
    REQUIRE(connector->create(lib.host.services(), lib.host.context(), &self,
                              lib.host.raw_error()) == KC_OK);
    std::vector<kc_config_entry> entries{entry("topic", "t"), entry("tasks", "3")};
    kc_config config = lib.config(entries);
    REQUIRE(connector->start(self, &config, lib.host.raw_error()) == KC_OK);
    const kc_config* configs = nullptr;
    size_t count = 0;
    REQUIRE(connector->task_configs(self, 3, lib.host.raw_arena(), &configs, &count,
                                    lib.host.raw_error()) == KC_OK);
    REQUIRE(count == 3);
    CHECK(configs[2].count == 2);
    CHECK(connector->task_configs(self, 2, lib.host.raw_arena(), &configs, &count,
                                  lib.host.raw_error()) == KC_FATAL);
    CHECK(lib.host.error().message == "taskConfigs returned 3 configs for at most 2 tasks");
    CHECK(connector->exactly_once_support(self, &config) == KC_EOS_UNSUPPORTED);
    CHECK(lib.host.state().logs.size() == 1);
    connector->destroy(self);
}

TEST_CASE("sink task: retriable put, preCommit offsets, assignment tracking") {
    Library lib;
    auto* connector =
        static_cast<const kc_connector_vtable*>(lib.find("org.kc.test.TestSinkConnector")->vtable);
    const kc_sink_task_vtable* task = connector->sink_task;
    void* self = nullptr;
    REQUIRE(task->create(lib.host.services(), lib.host.context(), &self, lib.host.raw_error()) ==
            KC_OK);
    kc_record record{};
    record.struct_size = sizeof(kc_record);
    record.topic = kc::str_ref("retry");
    const kc_record* batch[] = {&record};
    CHECK(task->put(self, batch, 1, lib.host.raw_error()) == KC_RETRIABLE);
    CHECK(lib.host.error().message == "try again later");
    record.topic = kc::str_ref("fine");
    CHECK(task->put(self, batch, 1, lib.host.raw_error()) == KC_OK);

    kc_topic_partition_offset current[] = {{kc::str_ref("t"), 0, 10}, {kc::str_ref("t"), 1, 20}};
    const kc_topic_partition_offset* safe = nullptr;
    size_t safe_count = 0;
    REQUIRE(task->pre_commit(self, current, 2, lib.host.raw_arena(), &safe, &safe_count,
                             lib.host.raw_error()) == KC_OK);
    REQUIRE(safe_count == 1);
    CHECK(kc::sv(safe[0].topic) == "t");
    CHECK(safe[0].offset == 10);
    task->destroy(self);
}

TEST_CASE("converter, transform, predicate, config provider through their tables") {
    Library lib;
    kc_error* err = lib.host.raw_error();
    kc_arena* arena = lib.host.raw_arena();
    std::vector<kc_config_entry> entries{entry("topic", "keep")};
    kc_config config = lib.config(entries);

    auto* conv =
        static_cast<const kc_converter_vtable*>(lib.find("org.kc.test.TestConverter")->vtable);
    void* c = nullptr;
    REQUIRE(conv->create(lib.host.services(), lib.host.context(), &c, err) == KC_OK);
    REQUIRE(conv->configure(c, &config, false, err) == KC_OK);
    kc_str out{"junk", 4};
    CHECK(conv->from_connect(c, kc::str_ref("t"), nullptr, 0, nullptr, nullptr, arena, &out, err) ==
          KC_OK);
    CHECK(out.ptr == nullptr);  // null stays null
    kc_value empty = kc::make_string_ref("");
    CHECK(conv->from_connect(c, kc::str_ref("t"), nullptr, 0, nullptr, &empty, arena, &out, err) ==
          KC_OK);
    CHECK(out.ptr != nullptr);  // empty is not null
    CHECK(out.len == 0);
    kc_value text = kc::make_string_ref("hello");
    CHECK(conv->from_connect(c, kc::str_ref("t"), nullptr, 0, nullptr, &text, arena, &out, err) ==
          KC_OK);
    CHECK(kc::sv(out) == "hello");
    const kc_schema* schema = nullptr;
    kc_value back{};
    CHECK(conv->to_connect(c, kc::str_ref("t"), nullptr, 0, out, arena, &schema, &back, err) ==
          KC_OK);
    CHECK(back.tag == KC_VAL_STRING);
    CHECK(kc::sv(back.u.str) == "hello");
    conv->destroy(c);

    auto* xf = static_cast<const kc_transform_vtable*>(
        lib.find("org.kc.test.TestTransform$Value")->vtable);
    void* x = nullptr;
    REQUIRE(xf->create(lib.host.services(), lib.host.context(), &x, err) == KC_OK);
    kc_record record{};
    record.struct_size = sizeof(kc_record);
    const kc_record* result = nullptr;
    record.topic = kc::str_ref("keep");
    CHECK(xf->apply(x, &record, arena, &result, err) == KC_OK);
    CHECK(result == &record);
    record.topic = kc::str_ref("drop");
    CHECK(xf->apply(x, &record, arena, &result, err) == KC_OK);
    CHECK(result == nullptr);
    record.topic = kc::str_ref("rename");
    CHECK(xf->apply(x, &record, arena, &result, err) == KC_OK);
    REQUIRE(result != nullptr);
    CHECK(kc::sv(result->topic) == "renamed");
    record.topic = kc::str_ref("boom");
    CHECK(xf->apply(x, &record, arena, &result, err) == KC_FATAL);
    xf->destroy(x);

    auto* pred =
        static_cast<const kc_predicate_vtable*>(lib.find("org.kc.test.TestPredicate")->vtable);
    void* p = nullptr;
    REQUIRE(pred->create(lib.host.services(), lib.host.context(), &p, err) == KC_OK);
    std::vector<kc_config_entry> none;
    kc_config empty_config = lib.config(none);
    CHECK(pred->configure(p, &empty_config, err) == KC_FATAL);  // std::out_of_range from map::at
    REQUIRE(pred->configure(p, &config, err) == KC_OK);
    bool matched = false;
    record.topic = kc::str_ref("keep");
    CHECK(pred->test(p, &record, &matched, err) == KC_OK);
    CHECK(matched);
    pred->destroy(p);

    auto* prov = static_cast<const kc_config_provider_vtable*>(
        lib.find("org.kc.test.TestConfigProvider")->vtable);
    void* cp = nullptr;
    REQUIRE(prov->create(lib.host.services(), lib.host.context(), &cp, err) == KC_OK);
    kc_str keys[] = {kc::str_ref("user")};
    const kc_config_entry* found = nullptr;
    size_t found_count = 0;
    int64_t ttl = 0;
    CHECK(prov->get(cp, kc::str_ref("db"), keys, 1, arena, &found, &found_count, &ttl, err) ==
          KC_OK);
    REQUIRE(found_count == 1);
    CHECK(kc::sv(found[0].value) == "alice");
    CHECK(ttl == 60000);
    CHECK(prov->get(cp, kc::str_ref("missing"), nullptr, 0, arena, &found, &found_count, &ttl,
                    err) == KC_CONFIG);
    CHECK(lib.host.error().message == "no such path: missing");
    prov->destroy(cp);
}

TEST_CASE("records from a host with a shorter kc_record reach the plugin complete") {
    Library lib;
    kc_error* err = lib.host.raw_error();
    kc_record full{};
    full.struct_size = sizeof(kc_record);
    full.kafka_offset = 7;
    full.original_topic = kc::str_ref("garbage if read");
    full.original_kafka_offset = 99;
    // The host's kc_record ends before the original coordinates.
    const size_t old_size = offsetof(kc_record, original_topic);
    auto short_record = [&](std::string_view topic) {
        full.topic = kc::str_ref(topic);
        return ShortStruct<kc_record>(full, old_size);
    };

    auto* connector =
        static_cast<const kc_connector_vtable*>(lib.find("org.kc.test.TestSinkConnector")->vtable);
    const kc_sink_task_vtable* task = connector->sink_task;
    void* sink = nullptr;
    REQUIRE(task->create(lib.host.services(), lib.host.context(), &sink, err) == KC_OK);
    const ShortStruct<kc_record> fine = short_record("fine");
    const ShortStruct<kc_record> where = short_record("where");
    const kc_record* batch[] = {fine.get(), where.get()};
    CHECK(task->put(sink, batch, 1, err) == KC_OK);
    CHECK(task->put(sink, batch, 2, err) == KC_DATA);
    CHECK(lib.host.error().message == "consumed at '' offset -1");
    task->destroy(sink);

    auto* xf = static_cast<const kc_transform_vtable*>(
        lib.find("org.kc.test.TestTransform$Value")->vtable);
    void* x = nullptr;
    REQUIRE(xf->create(lib.host.services(), lib.host.context(), &x, err) == KC_OK);
    const kc_record* result = nullptr;
    const ShortStruct<kc_record> keep = short_record("keep");
    CHECK(xf->apply(x, keep.get(), lib.host.raw_arena(), &result, err) == KC_OK);
    CHECK(result == keep.get());  // unchanged: the host's own record back
    const ShortStruct<kc_record> rename = short_record("rename");
    CHECK(xf->apply(x, rename.get(), lib.host.raw_arena(), &result, err) == KC_OK);
    REQUIRE(result != nullptr);
    CHECK(result->struct_size == sizeof(kc_record));
    CHECK(kc::sv(result->topic) == "renamed");
    CHECK(result->kafka_offset == 7);
    CHECK(result->original_topic.len == 0);
    CHECK(result->original_kafka_offset == -1);
    xf->destroy(x);

    auto* pred =
        static_cast<const kc_predicate_vtable*>(lib.find("org.kc.test.TestPredicate")->vtable);
    void* p = nullptr;
    REQUIRE(pred->create(lib.host.services(), lib.host.context(), &p, err) == KC_OK);
    std::vector<kc_config_entry> entries{entry("topic", "keep")};
    kc_config config = lib.config(entries);
    REQUIRE(pred->configure(p, &config, err) == KC_OK);
    bool matched = false;
    CHECK(pred->test(p, keep.get(), &matched, err) == KC_OK);
    CHECK(matched);
    pred->destroy(p);
}
