// Source scenarios (Confluent JDBC source behaviour: modes, offsets, table
// discovery) against SQLite and PostgreSQL.
#include <algorithm>

#include "jdbc_test_support.hpp"

using namespace jdbctest;

namespace {

std::string orders_ddl(const Db& db) {
    return db.pg() ? "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, name TEXT)"
                   : "CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT)";
}

void reset_orders(Db& db) {
    db.exec("DROP TABLE IF EXISTS orders");
    db.exec(orders_ddl(db));
}

std::vector<int64_t> ids(const std::vector<const kc_record*>& rs) {
    std::vector<int64_t> out;
    for (auto* r : rs)
        out.push_back(int_field(r, "id"));
    return out;
}

}  // namespace

TEST_CASE("bulk mode re-emits the whole table every cycle") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        reset_orders(db);
        db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b'),(3,'c')");
        SourceHarness h(source_props(url, {{"mode", "bulk"}, {"tables", "orders"}}));
        auto rs = h.poll_n(6);
        REQUIRE(rs.size() == 6);
        for (auto* r : rs) {
            CHECK(kc::sv(r->topic) == "db-orders");
            CHECK(r->key.tag == KC_VAL_NULL);
            CHECK(r->key_schema == nullptr);
            CHECK(r->source_offset == nullptr);
            CHECK(map_string(r->source_partition, "table") == "orders");
            CHECK(kc::SchemaView(r->value_schema).name() == "orders");
        }
        CHECK(ids(rs) == std::vector<int64_t>{1, 2, 3, 1, 2, 3});
    }
}

TEST_CASE("incrementing mode emits each new id once, with its offset") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        reset_orders(db);
        db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b'),(3,'c')");
        SourceHarness h(source_props(
            url,
            {{"mode", "incrementing"}, {"incrementing.column.name", "id"}, {"tables", "orders"}}));
        auto rs = h.poll_n(3);
        REQUIRE(rs.size() == 3);
        for (int i = 0; i < 3; ++i) {
            CHECK(offset_int(rs[i], "incrementing") == i + 1);
            CHECK(offset_size(rs[i]) == 1);
        }
        const std::string fqn = db.pg() ? "public.orders" : "orders";
        CHECK(map_string(rs[0]->source_partition, "table") == fqn);
        CHECK(map_string(rs[0]->source_partition, "protocol") == "1");
        db.exec("INSERT INTO orders VALUES (4,'d')");
        db.exec("UPDATE orders SET name = 'bb' WHERE id = 2");
        auto more = h.poll_for(600);
        REQUIRE(more.size() == 1);
        CHECK(int_field(more[0], "id") == 4);
    }
}

TEST_CASE("restart with a stored offset resumes after it (mid-table, no loss, no duplicates)") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        reset_orders(db);
        std::string values;
        for (int i = 1; i <= 10; ++i)
            values += std::string(i > 1 ? "," : "") + "(" + std::to_string(i) + ",'x')";
        db.exec("INSERT INTO orders VALUES " + values);
        auto props = source_props(url, {{"mode", "incrementing"},
                                        {"incrementing.column.name", "id"},
                                        {"batch.max.rows", "3"},
                                        {"tables", "orders"}});
        std::vector<int64_t> seen;
        kc::OwnedValue partition, offset;
        {
            SourceHarness h(props);
            auto first = h.poll();
            REQUIRE(first.size() == 3);  // batch.max.rows bounds a poll
            auto second = h.poll();
            REQUIRE(second.size() == 3);
            for (auto* r : first)
                seen.push_back(int_field(r, "id"));
            // Only the first batch is "committed" before the crash.
            partition = kc::OwnedValue::copy_of(first.back()->source_partition);
            offset = kc::OwnedValue::copy_of(first.back()->source_offset);
        }
        SourceHarness h2(props);
        h2.host.set_offset(partition.view(), offset.view());
        CHECK(h2.task->queriers()[0]->sql() ==
              (db.pg() ? "SELECT * FROM \"public\".\"orders\" WHERE \"id\" > $1 ORDER BY \"id\" ASC"
                       : "SELECT * FROM `orders` WHERE `id` > ? ORDER BY `id` ASC"));
        for (auto* r : h2.poll_n(7))
            seen.push_back(int_field(r, "id"));
        CHECK(seen == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    }
}

TEST_CASE("incrementing starts above -1: id 0 is read, -5 never") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        reset_orders(db);
        db.exec("INSERT INTO orders VALUES (0,'zero'),(-5,'neg')");
        SourceHarness h(source_props(
            url,
            {{"mode", "incrementing"}, {"incrementing.column.name", "id"}, {"tables", "orders"}}));
        auto rs = h.poll_for(400);
        CHECK(ids(rs) == std::vector<int64_t>{0});
    }
}

TEST_CASE("timestamp mode: offsets advance only past a whole timestamp group") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        db.exec("DROP TABLE IF EXISTS events");
        db.exec(db.pg()
                    ? "CREATE TABLE events (id INT NOT NULL, name TEXT, ts TIMESTAMP NOT NULL)"
                    : "CREATE TABLE events (id INTEGER NOT NULL, name TEXT, ts DATETIME NOT NULL)");
        db.exec(
            "INSERT INTO events VALUES (1,'a','2024-01-01 10:00:00.123'),"
            "(2,'b','2024-01-01 10:00:00.123'),(3,'c','2024-01-01 11:00:00')");
        auto props = source_props(
            url, {{"mode", "timestamp"}, {"timestamp.column.name", "ts"}, {"tables", "events"}});
        SourceHarness h(props);
        auto rs = h.poll_n(3);
        REQUIRE(rs.size() == 3);
        const int64_t t1 = 1704103200123, t2 = 1704106800000;
        CHECK(offset_size(rs[0]) == 0);  // {}: a shares its timestamp with b
        CHECK(offset_int(rs[1], "timestamp") == t1);
        CHECK(offset_int(rs[1], "timestamp_nanos") == 123000000);
        CHECK(offset_int(rs[2], "timestamp") == t2);
        CHECK(int_field(rs[0], "ts") == t1);

        // A row at the already-delivered T2 is not picked up in timestamp mode.
        db.exec("INSERT INTO events VALUES (4,'d','2024-01-01 11:00:00')");
        CHECK(h.poll_for(400).empty());

        // Restart from a's committed offset: a and b again (duplicates, no loss).
        SourceHarness h2(props);
        h2.host.set_offset(rs[0]->source_partition, rs[0]->source_offset);
        auto again = ids(h2.poll_n(4));
        std::sort(again.begin(), again.end());  // c and d share a timestamp: any order
        CHECK(again == std::vector<int64_t>{1, 2, 3, 4});
    }
}

TEST_CASE("timestamp+incrementing mode delivers late rows of a timestamp exactly once") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        db.exec("DROP TABLE IF EXISTS events");
        db.exec(db.pg() ? "CREATE TABLE events (id INT NOT NULL, ts TIMESTAMP NOT NULL)"
                        : "CREATE TABLE events (id INTEGER NOT NULL, ts DATETIME NOT NULL)");
        db.exec("INSERT INTO events VALUES (1,'2024-01-01 10:00:00'),(2,'2024-01-01 10:00:00')");
        SourceHarness h(source_props(url, {{"mode", "timestamp+incrementing"},
                                           {"timestamp.column.name", "ts"},
                                           {"incrementing.column.name", "id"},
                                           {"tables", "events"}}));
        CHECK(ids(h.poll_n(2)) == std::vector<int64_t>{1, 2});
        db.exec("INSERT INTO events VALUES (3,'2024-01-01 10:00:00')");
        db.exec("UPDATE events SET ts = '2024-01-02 00:00:00' WHERE id = 1");
        auto rs = h.poll_n(2);
        CHECK(ids(rs) == std::vector<int64_t>{3, 1});
        CHECK(h.poll_for(300).empty());
        REQUIRE(rs.size() == 2);
        CHECK(offset_int(rs[1], "timestamp") == 1704153600000);
        CHECK(offset_int(rs[1], "timestamp_nanos") == 0);
        CHECK(offset_int(rs[1], "incrementing") == 1);
    }
}

TEST_CASE("future timestamps wait; timestamp.initial=-1 skips existing rows; COALESCE") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        db.exec("DROP TABLE IF EXISTS events");
        db.exec(db.pg() ? "CREATE TABLE events (id INT NOT NULL, updated_at TIMESTAMP, "
                          "created_at TIMESTAMP NOT NULL)"
                        : "CREATE TABLE events (id INTEGER NOT NULL, updated_at DATETIME, "
                          "created_at DATETIME NOT NULL)");
        db.exec(
            "INSERT INTO events VALUES (1, NULL, '2024-01-01 10:00:00'),"
            "(2, '2024-01-01 12:00:00', '2024-01-01 09:00:00'),"
            "(3, NULL, '2999-01-01 00:00:00')");
        SourceHarness h(source_props(url, {{"mode", "timestamp"},
                                           {"timestamp.column.name", "updated_at,created_at"},
                                           {"tables", "events"}}));
        CHECK(h.task->queriers()[0]->sql().find(db.pg() ? "COALESCE(\"updated_at\",\"created_at\")"
                                                        : "COALESCE(`updated_at`,`created_at`)") !=
              std::string::npos);
        auto rs = h.poll_for(500);
        REQUIRE(ids(rs) == std::vector<int64_t>{1, 2});          // 3 is in the future
        CHECK(offset_int(rs[0], "timestamp") == 1704103200000);  // created_at fallback

        SourceHarness late(source_props(url, {{"mode", "timestamp"},
                                              {"timestamp.column.name", "created_at"},
                                              {"timestamp.initial", "-1"},
                                              {"tables", "events"}}));
        CHECK(late.poll_for(300).empty());
    }
}

TEST_CASE("query mode: one topic, query partition, unnamed schema; suffix limits each query") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        reset_orders(db);
        db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')");
        SourceHarness h(source_props(url, {{"mode", "incrementing"},
                                           {"incrementing.column.name", "id"},
                                           {"query", "SELECT id, name FROM orders"},
                                           {"query.suffix", "LIMIT 2"}}));
        CHECK(h.task->queriers()[0]->sql() ==
              (db.pg() ? "SELECT id, name FROM orders WHERE \"id\" > $1 ORDER BY \"id\" ASC LIMIT 2"
                       : "SELECT id, name FROM orders WHERE `id` > ? ORDER BY `id` ASC LIMIT 2"));
        auto first = h.poll();
        CHECK(first.size() == 2);
        auto rest = h.poll_n(3);
        REQUIRE(rest.size() == 3);
        CHECK(kc::sv(first[0]->topic) == "db-");
        CHECK(map_string(first[0]->source_partition, "query") == "query");
        CHECK(kc::SchemaView(first[0]->value_schema).name().empty());
    }
}

TEST_CASE("validate.non.null refuses a nullable incrementing column") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        db.exec("DROP TABLE IF EXISTS loose");
        db.exec("CREATE TABLE loose (id INTEGER, name TEXT)");
        auto props = source_props(
            url,
            {{"mode", "incrementing"}, {"incrementing.column.name", "id"}, {"tables", "loose"}});
        kcjdbc::JdbcSourceTask task;
        kc::testing::TestHost host;
        bind(task, host);
        try {
            task.start(props);
            FAIL("start should have failed");
        } catch (const kc::ConnectException& e) {
            CHECK(std::string(e.what()).find("because this column is nullable.") !=
                  std::string::npos);
        }
        props["validate.non.null"] = "false";
        SourceHarness ok(props);
    }
}

TEST_CASE("SQLite: an INTEGER PRIMARY KEY aliases the rowid, so it is never null") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        if (db.pg()) continue;
        db.exec("DROP TABLE IF EXISTS aliased");
        db.exec("CREATE TABLE aliased (id INTEGER PRIMARY KEY, name TEXT)");
        db.exec("INSERT INTO aliased (name) VALUES ('a'), ('b')");
        // validate.non.null stays on (the default), and the column is found by itself.
        SourceHarness h(source_props(url, {{"mode", "incrementing"}, {"tables", "aliased"}}));
        auto rs = h.poll_n(2);
        REQUIRE(rs.size() == 2);
        CHECK(offset_int(rs[1], "incrementing") == 2);
        // A composite key, or a type other than exactly INTEGER, is not an alias.
        db.exec("DROP TABLE IF EXISTS composite");
        db.exec("CREATE TABLE composite (id INTEGER, k INT, PRIMARY KEY (id, k))");
        auto props = source_props(url, {{"mode", "incrementing"},
                                        {"incrementing.column.name", "id"},
                                        {"tables", "composite"}});
        kcjdbc::JdbcSourceTask task;
        kc::testing::TestHost host;
        bind(task, host);
        CHECK_THROWS_AS(task.start(props), kc::ConnectException);
    }
}

TEST_CASE("tasks split tables into contiguous groups") {
    auto g = kcjdbc::group_partitions({"t1", "t2", "t3", "t4", "t5"}, 2);
    CHECK(g == std::vector<std::vector<std::string>>{{"t1", "t2", "t3"}, {"t4", "t5"}});
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        if (db.pg()) {
            db.exec("DROP SCHEMA IF EXISTS split CASCADE");
            db.exec("CREATE SCHEMA split");
        }
        const std::string prefix = db.pg() ? "split." : "";
        for (int i = 1; i <= 5; ++i) {
            db.exec("DROP TABLE IF EXISTS " + prefix + "t" + std::to_string(i));
            db.exec("CREATE TABLE " + prefix + "t" + std::to_string(i) + " (id INTEGER)");
        }
        kc::ConfigMap props = source_props(url, {{"mode", "bulk"}});
        if (db.pg()) props["schema.pattern"] = "split";
        kc::testing::TestHost host;
        kcjdbc::JdbcSourceConnector c;
        bind(c, host);
        c.start(props);
        auto two = c.taskConfigs(2);
        REQUIRE(two.size() == 2);
        const std::string q = db.pg() ? "\"split\"." : "";
        auto name = [&](int i) {
            return db.pg() ? q + "\"t" + std::to_string(i) + "\"" : "`t" + std::to_string(i) + "`";
        };
        CHECK(two[0]["tables"] == name(1) + "," + name(2) + "," + name(3));
        CHECK(two[1]["tables"] == name(4) + "," + name(5));
        CHECK(c.taskConfigs(10).size() == 5);
        c.stop();
        CHECK(host.state().reconfiguration_requests >= 1);
    }
}

TEST_CASE("no matching table: one task that fails on start") {
    auto url = temp_sqlite_url();
    Db db(url);
    db.exec("CREATE TABLE other (id INTEGER)");
    kc::testing::TestHost host;
    kcjdbc::JdbcSourceConnector c;
    bind(c, host);
    c.start(source_props(url, {{"mode", "bulk"}, {"table.whitelist", "nothing"}}));
    auto cfgs = c.taskConfigs(3);
    REQUIRE(cfgs.size() == 1);
    c.stop();
    kcjdbc::JdbcSourceTask t;
    kc::testing::TestHost th;
    bind(t, th);
    CHECK_THROWS_WITH_AS(t.start(cfgs[0]), doctest::Contains("not assigned a table"),
                         kc::ConnectException);
}

TEST_CASE("the table monitor notices a table created at runtime") {
    auto url = temp_sqlite_url();
    Db db(url);
    db.exec("CREATE TABLE a (id INTEGER)");
    kc::testing::TestHost host;
    kcjdbc::JdbcSourceConnector c;
    bind(c, host);
    c.start(source_props(url, {{"mode", "bulk"}, {"table.poll.interval.ms", "100"}}));
    CHECK(c.taskConfigs(4).size() == 1);
    // One request for the first listing, one for the change.
    db.exec("CREATE TABLE b (id INTEGER)");
    for (int i = 0; i < 50 && host.state().reconfiguration_requests < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(host.state().reconfiguration_requests == 2);
    CHECK(c.taskConfigs(4).size() == 2);
    db.exec("DROP TABLE a");
    for (int i = 0; i < 50 && c.taskConfigs(4).size() != 1; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(c.taskConfigs(4).size() == 1);
    c.stop();
}

TEST_CASE("query mode always runs one task; timestamp.delay.interval.ms holds rows back") {
    auto url = temp_sqlite_url();
    Db db(url);
    db.exec("CREATE TABLE events (id INTEGER NOT NULL, ts DATETIME NOT NULL)");
    kc::testing::TestHost host;
    kcjdbc::JdbcSourceConnector c;
    bind(c, host);
    c.start(source_props(url, {{"mode", "timestamp"},
                               {"timestamp.column.name", "ts"},
                               {"query", "SELECT * FROM events"}}));
    auto cfgs = c.taskConfigs(4);
    REQUIRE(cfgs.size() == 1);
    CHECK(cfgs[0]["tables.fetched"] == "true");
    c.stop();

    // One row 30 s old and one 2 minutes old: with a 60 s delay only the older shows.
    db.exec(
        "INSERT INTO events VALUES (1, strftime('%Y-%m-%d %H:%M:%f','now','-30 seconds')),"
        "(2, strftime('%Y-%m-%d %H:%M:%f','now','-120 seconds'))");
    SourceHarness h(source_props(url, {{"mode", "timestamp"},
                                       {"timestamp.column.name", "ts"},
                                       {"timestamp.delay.interval.ms", "60000"},
                                       {"tables", "events"}}));
    auto rs = h.poll_for(300);
    REQUIRE(rs.size() == 1);
    CHECK(int_field(rs[0], "id") == 2);
}
