// Sink scenarios (Confluent JDBC sink behaviour: modes, DDL, errors) against
// SQLite and PostgreSQL.
#include "jdbc_test_support.hpp"

using namespace jdbctest;

namespace {

const kc::Schema& value_schema() {
    static const kc::Schema s = kc::SchemaBuilder::struct_()
                                    .name("orders")
                                    .field("id", kc::schemas::int64())
                                    .field("name", kc::schemas::optional_string())
                                    .build();
    return s;
}
const kc::Schema& key_schema() {
    static const kc::Schema s =
        kc::SchemaBuilder::struct_().field("id", kc::schemas::int64()).build();
    return s;
}

struct Orders {
    RecordFactory f;
    const kc_record* row(int64_t id, std::string_view name, int64_t offset = 0,
                         std::string_view topic = "orders") {
        kc_value v = f.make_struct(value_schema(), {kc::make_int64(id), f.str(name)});
        kc_value k = f.make_struct(key_schema(), {kc::make_int64(id)});
        return f.make(topic, key_schema(), k, value_schema(), v, offset);
    }
    const kc_record* tombstone(int64_t id) {
        kc_value k = f.make_struct(key_schema(), {kc::make_int64(id)});
        return f.make("orders", key_schema(), k, nullptr, kc::make_null());
    }
};

std::string table(const Db& db, const std::string& name = "orders") {
    return db.pg() ? "\"public\".\"" + name + "\"" : "`" + name + "`";
}

void drop(Db& db, const std::string& name = "orders") {
    db.exec("DROP TABLE IF EXISTS " + name);
}

}  // namespace

TEST_CASE("insert mode writes every record; redelivery duplicates") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db);
        Orders o;
        SinkHarness h(sink_props(url, {{"auto.create", "true"}}));
        std::vector<const kc_record*> batch = {o.row(1, "a"), o.row(2, "b")};
        h.put(batch);
        CHECK(db.count(table(db)) == 2);
        h.put(batch);
        CHECK(db.count(table(db)) == 4);
    }
}

TEST_CASE("pk.mode=kafka with auto.create: coordinate columns; upsert redelivery is idempotent") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db);
        Orders o;
        SinkHarness h(sink_props(
            url, {{"auto.create", "true"}, {"pk.mode", "kafka"}, {"insert.mode", "upsert"}}));
        std::vector<const kc_record*> batch = {o.row(1, "a", 10), o.row(2, "b", 11)};
        h.put(batch);
        h.put(batch);
        CHECK(db.count(table(db)) == 2);
        auto cols = db.conn->table_columns(kcjdbc::TableId{"", db.pg() ? "public" : "", "orders"});
        REQUIRE(cols.size() == 5);
        CHECK(cols[0].name == "__connect_topic");
        CHECK(cols[1].name == "__connect_partition");
        CHECK(cols[2].name == "__connect_offset");
        for (int i = 0; i < 3; ++i)
            CHECK(cols[i].nullable == kcjdbc::Nullability::NotNull);
        auto pk = db.conn->primary_key(kcjdbc::TableId{"", db.pg() ? "public" : "", "orders"});
        CHECK(pk == std::vector<std::string>{"__connect_topic", "__connect_partition",
                                             "__connect_offset"});
    }
}

TEST_CASE("upsert by record key: last value wins within one put; update/delete semantics") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db);
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, name TEXT, c INT DEFAULT 5)");
        db.exec("INSERT INTO orders (id, name, c) VALUES (1, 'x', 7)");
        Orders o;
        SinkHarness h(sink_props(url, {{"pk.mode", "record_key"}, {"insert.mode", "upsert"}}));
        h.put({o.row(1, "a"), o.row(1, "b"), o.row(2, "z")});
        CHECK(db.column("SELECT name FROM orders ORDER BY id") ==
              std::vector<std::string>{"b", "z"});
        // PG keeps the unwritten column; SQLite's INSERT OR REPLACE resets it.
        CHECK(db.column("SELECT c FROM orders WHERE id = 1") ==
              std::vector<std::string>{db.pg() ? "7" : "5"});

        SinkHarness up(sink_props(url, {{"pk.mode", "record_key"}, {"insert.mode", "update"}}));
        up.put({o.row(7, "nobody"), o.row(2, "zz")});
        CHECK(db.count(table(db)) == 2);
        CHECK(db.column("SELECT name FROM orders WHERE id = 2") == std::vector<std::string>{"zz"});

        SinkHarness del(sink_props(
            url,
            {{"pk.mode", "record_key"}, {"insert.mode", "upsert"}, {"delete.enabled", "true"}}));
        del.put({o.row(3, "v1"), o.tombstone(3), o.row(3, "v2"), o.tombstone(2), o.tombstone(99)});
        CHECK(db.column("SELECT name FROM orders ORDER BY id") ==
              std::vector<std::string>{"b", "v2"});
    }
}

TEST_CASE("delete needs record_key; tombstones without delete.enabled fail or are reported") {
    auto url = temp_sqlite_url();
    CHECK_THROWS_WITH_AS(
        SinkHarness(sink_props(url, {{"delete.enabled", "true"}, {"pk.mode", "record_value"}})),
        doctest::Contains("Primary key mode must be 'record_key'"), kc::ConfigException);
    Orders o;
    SinkHarness h(sink_props(url, {{"auto.create", "true"}}));
    CHECK_THROWS_WITH_AS(h.put({o.tombstone(1)}),
                         doctest::Contains("non-null Struct or String value"), kc::DataException);
    SinkHarness r(sink_props(url, {{"auto.create", "true"}}), true);
    r.put({o.row(1, "a"), o.tombstone(1)});
    CHECK(r.host.state().errant_records.size() == 1);
    Db db(url);
    CHECK(db.count("orders") == 1);
}

TEST_CASE("auto.create DDL on PostgreSQL matches the Java connector's DDL") {
    const auto url = postgres().url();
    if (url.empty()) return;
    Db db(url);
    const kc_value yes = kc::make_bool(true);
    kc::Schema vs = kc::SchemaBuilder::struct_()
                        .field("id", kc::schemas::int64())
                        .field("name", kc::schemas::optional_string())
                        .field("amt", kc::logical::decimal_schema(2))
                        .field("ts", kc::logical::timestamp_schema())
                        .field("ok", kc::SchemaBuilder::boolean().default_value(&yes).build())
                        .build();
    kcjdbc::TableId t{"", "public", "orders"};
    std::vector<kcjdbc::SinkColumn> cols;
    for (size_t i = 0; i < vs.view().field_count(); ++i)
        cols.push_back({std::string(vs.view().field(i).name), vs.view().field(i).schema, i == 0});
    CHECK(db.dialect->create_table_sql(t, cols) ==
          "CREATE TABLE \"public\".\"orders\" (\n\"id\" BIGINT NOT NULL,\n\"name\" TEXT NULL,\n"
          "\"amt\" DECIMAL NOT NULL,\n\"ts\" TIMESTAMP NOT NULL,\n\"ok\" BOOLEAN DEFAULT TRUE,\n"
          "PRIMARY KEY(\"id\"))");
    CHECK(db.dialect->upsert_sql(t, {"id"}, {"a", "b"}, 1, {}) ==
          "INSERT INTO \"public\".\"orders\" (\"id\",\"a\",\"b\") VALUES ($1,$2,$3) ON CONFLICT "
          "(\"id\") DO UPDATE SET \"a\"=EXCLUDED.\"a\",\"b\"=EXCLUDED.\"b\"");
    CHECK(db.dialect->upsert_sql(t, {"id"}, {}, 1, {}) ==
          "INSERT INTO \"public\".\"orders\" (\"id\") VALUES ($1) ON CONFLICT (\"id\") DO NOTHING");
    CHECK(db.dialect->update_sql(t, {"id", "k2"}, {"a", "b"}) ==
          "UPDATE \"public\".\"orders\" SET \"a\" = $1, \"b\" = $2 WHERE \"id\" = $3 AND \"k2\" = "
          "$4");
}

TEST_CASE("auto.evolve adds optional columns; refusals are named") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db);
        Orders o;
        SinkHarness h(sink_props(url, {{"auto.create", "true"}, {"auto.evolve", "true"}}));
        h.put({o.row(1, "a")});
        kc::Schema v2 = kc::SchemaBuilder::struct_()
                            .field("id", kc::schemas::int64())
                            .field("name", kc::schemas::optional_string())
                            .field("note", kc::schemas::optional_string())
                            .build();
        RecordFactory f;
        auto rec2 = f.make("orders", nullptr, kc::make_null(), v2,
                           f.make_struct(v2, {kc::make_int64(2), f.str("b"), f.str("hi")}));
        h.put({rec2});
        CHECK(db.column("SELECT note FROM orders ORDER BY id") ==
              std::vector<std::string>{"NULL", "hi"});

        kc::Schema v3 = kc::SchemaBuilder::struct_()
                            .field("id", kc::schemas::int64())
                            .field("must", kc::schemas::string())
                            .build();
        auto rec3 = f.make("orders", nullptr, kc::make_null(), v3,
                           f.make_struct(v3, {kc::make_int64(3), f.str("x")}));
        CHECK_THROWS_WITH(h.put({rec3}),
                          doctest::Contains("not optional and does not have a default value"));

        kc::Schema v4 = kc::SchemaBuilder::struct_()
                            .field("id", kc::schemas::int64())
                            .field("extra", kc::schemas::optional_int32())
                            .build();
        SinkHarness no_evolve(sink_props(url, {}));
        auto rec4 = f.make("orders", nullptr, kc::make_null(), v4,
                           f.make_struct(v4, {kc::make_int64(4), kc::make_null()}));
        CHECK_THROWS_WITH(no_evolve.put({rec4}),
                          doctest::Contains("and auto-evolution is disabled"));
    }
}

TEST_CASE("missing table without auto.create: failure, or every record reported") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db, "absent");
        Orders o;
        SinkHarness h(sink_props(url, {{"table.name.format", "absent"}}));
        CHECK_THROWS_WITH(h.put({o.row(1, "a")}),
                          doctest::Contains("is missing and auto-creation is disabled"));
        SinkHarness r(sink_props(url, {{"table.name.format", "absent"}}), true);
        r.put({o.row(1, "a"), o.row(2, "b")});
        CHECK(r.host.state().errant_records.size() == 2);
    }
}

TEST_CASE("table.name.format substitutes the topic") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db, "kafka_orders");
        Orders o;
        SinkHarness h(
            sink_props(url, {{"auto.create", "true"}, {"table.name.format", "kafka_${topic}"}}));
        h.put({o.row(1, "a")});
        CHECK(db.count(table(db, "kafka_orders")) == 1);
    }
}

TEST_CASE("a failing batch rolls back the whole put, retries, then reports only the bad record") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db);
        drop(db, "other");
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, name TEXT)");
        db.exec("CREATE TABLE other (id BIGINT NOT NULL PRIMARY KEY, name TEXT)");
        Orders o;
        auto props = sink_props(url, {{"batch.size", "2"}, {"max.retries", "1"}});
        std::vector<const kc_record*> batch = {o.row(1, "a", 0, "other"),
                                               o.row(1, "a"),
                                               o.row(2, "b"),
                                               o.row(3, "c"),
                                               o.row(4, "d"),
                                               o.row(1, "dup")};
        SinkHarness h(props);
        CHECK_THROWS_AS(h.put(batch), kc::RetriableException);
        CHECK(db.count(table(db)) == 0);
        CHECK(db.count(table(db, "other")) == 0);  // the other table rolled back too
        CHECK_THROWS_WITH_AS(h.put(batch), doctest::Contains("Exception chain"),
                             kc::ConnectException);
        CHECK(db.count(table(db)) == 0);

        SinkHarness r(props, true);
        CHECK_THROWS_AS(r.put(batch), kc::RetriableException);
        r.put(batch);
        CHECK(r.host.state().errant_records.size() == 1);
        CHECK(db.count(table(db)) == 4);
        CHECK(db.count(table(db, "other")) == 1);
    }
}

TEST_CASE("pk and field selection errors and fields.whitelist") {
    auto url = temp_sqlite_url();
    Db db(url);
    RecordFactory f;
    SinkHarness h(sink_props(url, {{"pk.mode", "record_key"}, {"auto.create", "true"}}));
    auto prim = f.make("orders", kc::schemas::int64(), kc::make_int64(1), value_schema(),
                       f.make_struct(value_schema(), {kc::make_int64(1), f.str("a")}));
    CHECK_THROWS_WITH(h.put({prim}), doctest::Contains("Need exactly one PK column"));

    Orders o;
    SinkHarness w(sink_props(url, {{"pk.mode", "record_key"},
                                   {"auto.create", "true"},
                                   {"fields.whitelist", "name"},
                                   {"table.name.format", "narrow"}}));
    w.put({o.row(1, "a")});
    auto cols = db.conn->table_columns(kcjdbc::TableId{"", "", "narrow"});
    REQUIRE(cols.size() == 2);

    kc::Schema nested =
        kc::SchemaBuilder::struct_()
            .field("id", kc::schemas::int64())
            .field("inner", kc::SchemaBuilder::struct_().field("x", kc::schemas::int32()).build())
            .build();
    kc_value inner_v = f.make_struct(nested.view().field(1).schema, {kc::make_int32(1)});
    auto rec = f.make("orders", nullptr, kc::make_null(), nested,
                      f.make_struct(nested, {kc::make_int64(1), inner_v}));
    SinkHarness n(sink_props(url, {{"auto.create", "true"}}));
    CHECK_THROWS_WITH(n.put({rec}), doctest::Contains("Unsupported source data type: STRUCT"));
}

TEST_CASE("timestamps are written as wall clock in db.timezone") {
    const auto url = postgres().url();
    if (url.empty()) return;
    Db db(url);
    drop(db, "tz");
    kc::Schema vs = kc::SchemaBuilder::struct_()
                        .field("id", kc::schemas::int64())
                        .field("ts", kc::logical::timestamp_schema())
                        .build();
    RecordFactory f;
    auto rec = f.make("tz", nullptr, kc::make_null(), vs,
                      f.make_struct(vs, {kc::make_int64(1), kc::make_int64(1704067200000)}));
    SinkHarness h(sink_props(url, {{"auto.create", "true"}, {"db.timezone", "America/New_York"}}));
    h.put({rec});
    CHECK(db.column("SELECT ts::text FROM tz") == std::vector<std::string>{"2023-12-31 19:00:00"});
}

TEST_SUITE("pg") {
    TEST_CASE("the database going away: put is retriable, then the same batch lands once") {
        const auto url = postgres().required_url();
        {
            Db db(url);
            drop(db);
        }
        Orders o;
        SinkHarness h(sink_props(
            url, {{"auto.create", "true"}, {"pk.mode", "record_key"}, {"insert.mode", "upsert"}}));
        std::vector<const kc_record*> batch = {o.row(1, "a"), o.row(2, "b")};
        h.put(batch);
        postgres().pause();
        CHECK_THROWS_AS(h.put(batch), kc::RetriableException);
        postgres().resume();
        h.put(batch);
        Db db(url);
        CHECK(db.count(table(db)) == 2);
    }
}

TEST_SUITE("pg") {
    TEST_CASE("table.name.format with a schema part writes into that schema") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP SCHEMA IF EXISTS archive CASCADE");
        db.exec("CREATE SCHEMA archive");
        Orders o;
        SinkHarness h(
            sink_props(url, {{"auto.create", "true"}, {"table.name.format", "archive.${topic}"}}));
        h.put({o.row(1, "a")});
        CHECK(db.count("\"archive\".\"orders\"") == 1);
        db.exec("DROP SCHEMA archive CASCADE");
    }
}
