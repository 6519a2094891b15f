// The built plugin library through its C entry point and vtables, as the
// worker drives it: descriptors, the Confluent aliases, a source connector and
// task reading a SQLite table, a sink task writing one.
#include <dlfcn.h>

#include "jdbc_test_support.hpp"

using namespace jdbctest;

namespace {

struct Library {
    void* handle = nullptr;
    const kc_plugin_entry* entry = nullptr;
    explicit Library(const kc_host* host) {
        handle = dlopen(KC_JDBC_PLUGIN, RTLD_NOW | RTLD_LOCAL);
        REQUIRE_MESSAGE(handle, dlerror());
        entry = static_cast<const kc_plugin_entry*>(dlsym(handle, KC_PLUGIN_ENTRY_SYMBOL));
        REQUIRE(entry);
        kc_error err;
        REQUIRE(entry->init(host, KC_JDBC_PLUGIN, &err) == KC_OK);
    }
    ~Library() {
        entry->deinit();
        dlclose(handle);
    }
    const kc_descriptor* find(std::string_view name) const {
        for (size_t i = 0; i < entry->descriptor_count(); ++i) {
            const kc_descriptor* d = entry->descriptor_at(i);
            if (d->class_name == name) return d;
            for (auto* a = d->aliases; a && *a; ++a)
                if (*a == name) return d;
        }
        return nullptr;
    }
};

struct Config {
    kc::ConfigMap map;  // owns the text the entries point at
    std::vector<kc_config_entry> entries;
    explicit Config(kc::ConfigMap m) : map(std::move(m)) {
        for (const auto& [k, v] : map)
            entries.push_back({kc::str_ref(k), kc::str_ref(v)});
    }
    kc_config raw() const { return kc_config{entries.data(), entries.size()}; }
};

}  // namespace

TEST_CASE("the plugin library runs a SQLite source and sink through the C ABI") {
    kc::testing::TestHost host;
    Library lib(host.services());
    const kc_descriptor* src = lib.find("io.confluent.connect.jdbc.JdbcSourceConnector");
    const kc_descriptor* sink = lib.find("io.confluent.connect.jdbc.JdbcSinkConnector");
    REQUIRE(src);
    REQUIRE(sink);
    CHECK(std::string(src->class_name) == "io.kcnative.jdbc.JdbcSourceConnector");
    CHECK(src->kind == KC_KIND_SOURCE_CONNECTOR);
    CHECK(sink->kind == KC_KIND_SINK_CONNECTOR);

    auto url = temp_sqlite_url();
    Db db(url);
    db.exec("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT)");
    db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b')");

    // Connector -> task configs.
    const auto* cv = static_cast<const kc_connector_vtable*>(src->vtable);
    void* conn = nullptr;
    REQUIRE(cv->create(host.services(), host.context(), &conn, host.raw_error()) == KC_OK);
    Config cfg(source_props(url, {{"mode", "incrementing"}, {"incrementing.column.name", "id"}}));
    kc_config raw = cfg.raw();
    REQUIRE(cv->start(conn, &raw, host.raw_error()) == KC_OK);
    const kc_config* task_cfgs = nullptr;
    size_t n = 0;
    REQUIRE(cv->task_configs(conn, 4, host.raw_arena(), &task_cfgs, &n, host.raw_error()) == KC_OK);
    REQUIRE(n == 1);

    // Task -> records.
    const kc_source_task_vtable* tv = cv->source_task;
    void* task = nullptr;
    REQUIRE(tv->create(host.services(), host.context(), &task, host.raw_error()) == KC_OK);
    REQUIRE(tv->start(task, &task_cfgs[0], host.raw_error()) == KC_OK);
    std::vector<const kc_record*> got;
    for (int i = 0; i < 50 && got.size() < 2; ++i) {
        const kc_record* const* out = nullptr;
        size_t count = 0;
        REQUIRE(tv->poll(task, host.raw_arena(), &out, &count, host.raw_error()) == KC_OK);
        got.insert(got.end(), out, out + count);
    }
    REQUIRE(got.size() == 2);
    CHECK(kc::sv(got[0]->topic) == "db-orders");
    CHECK(int_field(got[1], "id") == 2);

    // Sink: the polled records written to another table.
    const auto* sv = static_cast<const kc_connector_vtable*>(sink->vtable);
    const kc_sink_task_vtable* sk = sv->sink_task;
    void* sink_task = nullptr;
    REQUIRE(sk->create(host.services(), host.context(), &sink_task, host.raw_error()) == KC_OK);
    Config scfg(sink_props(url, {{"auto.create", "true"}, {"table.name.format", "copy_${topic}"}}));
    kc_config sraw = scfg.raw();
    REQUIRE(sk->start(sink_task, &sraw, host.raw_error()) == KC_OK);
    REQUIRE(sk->put(sink_task, got.data(), got.size(), host.raw_error()) == KC_OK);
    CHECK(db.count("`copy_db-orders`") == 2);

    // A bad config is a KC_CONFIG status with a message, not a crash.
    void* bad = nullptr;
    REQUIRE(sk->create(host.services(), host.context(), &bad, host.raw_error()) == KC_OK);
    Config badcfg({{"connection.url", url}, {"insert.mode", "sideways"}});
    kc_config braw = badcfg.raw();
    CHECK(sk->start(bad, &braw, host.raw_error()) == KC_CONFIG);
    CHECK(host.error().message.find("insert.mode") != std::string::npos);

    sk->stop(bad);
    sk->destroy(bad);
    sk->stop(sink_task);
    sk->destroy(sink_task);
    tv->stop(task);
    tv->destroy(task);
    REQUIRE(cv->stop(conn, host.raw_error()) == KC_OK);
    cv->destroy(conn);
}
