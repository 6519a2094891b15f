// MySQL dialect scenarios against the MariaDB server that the CTest fixture
// starts (scripts/mariadb-test-server.sh): Confluent's MySQL source config,
// type mapping, the sink's modes and DDL, bad credentials, an outage.
#include "jdbc_test_support.hpp"

using namespace jdbctest;

namespace {

std::string url_without_credentials(const std::string& url) {
    return url.substr(0, url.find('?'));
}

const kc::Schema& order_value() {
    static const kc::Schema s = kc::SchemaBuilder::struct_()
                                    .name("orders")
                                    .field("id", kc::schemas::int64())
                                    .field("name", kc::schemas::optional_string())
                                    .build();
    return s;
}
const kc::Schema& order_key() {
    static const kc::Schema s =
        kc::SchemaBuilder::struct_().field("id", kc::schemas::int64()).build();
    return s;
}

}  // namespace

TEST_SUITE("mysql") {
    TEST_CASE("Confluent's MySQL source config: timestamp+incrementing, resumes without loss") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS events");
        db.exec(
            "CREATE TABLE events (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
            "event_time TIMESTAMP(3) NOT NULL, name VARCHAR(32))");
        db.exec(
            "INSERT INTO events (event_time, name) VALUES ('2024-01-01 10:00:00.001', 'a'), "
            "('2024-01-01 10:00:00.001', 'b'), ('2024-01-01 10:00:01', 'c')");
        kc::ConfigMap props = {{"connection.url", url},
                               {"mode", "timestamp+incrementing"},
                               {"timestamp.column.name", "event_time"},
                               {"incrementing.column.name", "id"},
                               {"topic.prefix", "mysql-"},
                               {"tables", "events"},
                               {"poll.interval.ms", "0"}};
        SourceHarness h(props);
        auto rs = h.poll_n(3);
        REQUIRE(rs.size() == 3);
        CHECK(std::string(kc::sv(rs[0]->topic)) == "mysql-events");
        CHECK(map_string(rs[0]->source_partition, "table") == "kctest.events");
        CHECK(str_field(rs[2], "name") == "c");
        CHECK(int_field(rs[0], "event_time") == 1704103200001);  // TIMESTAMP: an instant
        CHECK(offset_int(rs[2], "incrementing") == 3);
        CHECK(offset_int(rs[2], "timestamp") == 1704103201000);

        // A restart from the last committed offset reads only what is new.
        db.exec("INSERT INTO events (event_time, name) VALUES ('2024-01-01 10:00:01', 'd')");
        SourceHarness again(props);
        kc::Pool pool;
        again.host.set_offset(
            kc::make_offset_map(pool, {{"protocol", kc::make_string_ref("1")},
                                       {"table", kc::make_string_ref("kctest.events")}}),
            kc::make_offset_map(pool, {{"timestamp", kc::make_int64(1704103201000)},
                                       {"timestamp_nanos", kc::make_int32(0)},
                                       {"incrementing", kc::make_int64(3)}}));
        auto more = again.poll_for(300);
        REQUIRE(more.size() == 1);
        CHECK(str_field(more[0], "name") == "d");
    }

    TEST_CASE("MySQL types map as Connector/J reports them") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS types");
        db.exec(
            "CREATE TABLE types (id INT NOT NULL, flag TINYINT(1), tiny TINYINT UNSIGNED, "
            "small SMALLINT UNSIGNED, i INT UNSIGNED, big BIGINT, price DECIMAL(10,2), "
            "whole DECIMAL(5,0), f FLOAT, d DOUBLE, dt DATETIME(6), ts TIMESTAMP(3) NULL, "
            "day DATE, t TIME(3), j JSON, b1 BIT(1), b5 BIT(5), e ENUM('x','y'), s SET('p','q'), "
            "blob_col BLOB, txt TEXT, vb VARBINARY(8))");
        db.exec(
            "INSERT INTO types VALUES (1, 1, 255, 65535, 4294967295, -9000000000, 12.50, 12345, "
            "1.5, 2.25, '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.123', '2024-01-01', "
            "'12:34:56.789', '{\"k\": 1}', b'1', b'10101', 'y', 'p,q', x'0001ff', 'héllo', "
            "x'cafe')");
        std::vector<std::unique_ptr<SourceHarness>> keep;
        auto read = [&](kc::ConfigMap extra) {
            extra["mode"] = "bulk";
            extra["tables"] = "types";
            keep.push_back(std::make_unique<SourceHarness>(source_props(url, extra)));
            auto rs = keep.back()->poll_n(1);
            REQUIRE(rs.size() == 1);
            return rs[0];
        };
        const kc_record* r = read({{"db.timezone", "Europe/Berlin"}});
        kc::SchemaView s = r->value_schema;
        auto type = [&](const char* f) { return s.field(f)->schema_view().type(); };
        CHECK_FALSE(s.field("id")->schema_view().optional());
        CHECK(type("flag") == kc::Type::Boolean);
        CHECK(field(r, "flag").as_bool());
        CHECK(type("tiny") == kc::Type::Int16);
        CHECK(int_field(r, "tiny") == 255);
        CHECK(type("small") == kc::Type::Int32);
        CHECK(int_field(r, "small") == 65535);
        CHECK(type("i") == kc::Type::Int64);
        CHECK(int_field(r, "i") == 4294967295);
        CHECK(int_field(r, "big") == -9000000000);
        CHECK(kc::logical::is_decimal(s.field("price")->schema_view()));
        CHECK(kc::logical::decimal_to_plain_string(field(r, "price").as_string(), 2) == "12.50");
        CHECK(s.field("price")->schema_view().param("connect.decimal.precision") == "10");
        CHECK(type("f") == kc::Type::Float32);
        CHECK(field(r, "d").as_double() == 2.25);
        // DATETIME is a wall clock in db.timezone; TIMESTAMP an instant.
        CHECK(int_field(r, "dt") == 1704099600123);
        CHECK(int_field(r, "ts") == 1704103200123);
        CHECK(int_field(r, "day") == 19723);
        CHECK(int_field(r, "t") == 45296789);
        CHECK(str_field(r, "j") == "{\"k\": 1}");
        CHECK(type("b1") == kc::Type::Boolean);
        CHECK(field(r, "b1").as_bool());
        CHECK(type("b5") == kc::Type::Int8);
        CHECK(int_field(r, "b5") == 21);
        CHECK(str_field(r, "e") == "y");
        CHECK(str_field(r, "s") == "p,q");
        CHECK(field(r, "blob_col").as_string() == std::string("\x00\x01\xff", 3));
        CHECK(str_field(r, "txt") == "héllo");
        CHECK(field(r, "vb").as_string() == "\xca\xfe");

        const kc_record* best = read({{"numeric.mapping", "best_fit"}});
        kc::SchemaView bs = best->value_schema;
        // MySQL's DECIMAL is JDBC DECIMAL, which numeric.mapping leaves alone (as the
        // reference connector does, #563).
        CHECK(kc::logical::is_decimal(bs.field("price")->schema_view()));
        CHECK(kc::logical::decimal_to_plain_string(field(best, "whole").as_string(), 0) == "12345");
        CHECK(int_field(best, "dt") == 1704103200123);  // UTC wall clock

        const kc_record* plain = read({{"connection.url", url + "&tinyInt1isBit=false"}});
        CHECK(kc::SchemaView(plain->value_schema).field("flag")->schema_view().type() ==
              kc::Type::Int8);
    }

    TEST_CASE("timestamp criteria: DATETIME in db.timezone, TIMESTAMP as instants") {
        const auto url = mariadb().required_url();
        Db db(url);
        for (std::string type : {"DATETIME(3)", "TIMESTAMP(3)"}) {
            CAPTURE(type);
            db.exec("DROP TABLE IF EXISTS local_events");
            db.exec("CREATE TABLE local_events (id INT NOT NULL, at " + type + " NOT NULL)");
            // The same two instants, 09:00Z and 10:00Z: Berlin wall clocks for
            // the DATETIME, UTC for the TIMESTAMP (the session's zone).
            if (type.starts_with("DATETIME"))
                db.exec(
                    "INSERT INTO local_events VALUES (1, '2024-01-01 10:00:00'), "
                    "(2, '2024-01-01 11:00:00')");
            else
                db.exec(
                    "INSERT INTO local_events VALUES "
                    "(1, '2024-01-01 09:00:00'), (2, '2024-01-01 10:00:00')");
            SourceHarness h(source_props(url, {{"mode", "timestamp"},
                                               {"timestamp.column.name", "at"},
                                               {"db.timezone", "Europe/Berlin"},
                                               {"tables", "local_events"}}));
            kc::Pool pool;
            h.host.set_offset(
                kc::make_offset_map(pool, {{"protocol", kc::make_string_ref("1")},
                                           {"table", kc::make_string_ref("kctest.local_events")}}),
                kc::make_offset_map(pool, {{"timestamp", kc::make_int64(1704099600000)}}));
            auto rs = h.poll_for(300);
            REQUIRE(rs.size() == 1);
            CHECK(int_field(rs[0], "id") == 2);
            CHECK(int_field(rs[0], "at") == 1704103200000);
        }
    }

    TEST_CASE("sink: auto.create, insert, upsert, update, delete, auto.evolve") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS orders");
        RecordFactory f;
        auto row = [&](int64_t id, std::string_view name) {
            return f.make("orders", order_key(), f.make_struct(order_key(), {kc::make_int64(id)}),
                          order_value(),
                          f.make_struct(order_value(), {kc::make_int64(id), f.str(name)}));
        };
        auto tombstone = [&](int64_t id) {
            return f.make("orders", order_key(), f.make_struct(order_key(), {kc::make_int64(id)}),
                          nullptr, kc::make_null());
        };
        SinkHarness ins(sink_props(url, {{"auto.create", "true"}}));
        ins.put({row(1, "a"), row(2, "b")});
        CHECK(db.count("orders") == 2);
        CHECK(db.column("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                        "DATABASE() AND TABLE_NAME = 'orders' ORDER BY ORDINAL_POSITION") ==
              std::vector<std::string>{"bigint", "text"});
        db.exec("DROP TABLE orders");

        SinkHarness up(sink_props(url, {{"auto.create", "true"},
                                        {"pk.mode", "record_key"},
                                        {"insert.mode", "upsert"},
                                        {"delete.enabled", "true"}}));
        up.put({row(1, "a"), row(1, "b"), row(2, "z"), row(3, "gone")});
        up.put({row(1, "b"), tombstone(3)});  // redelivery is idempotent
        CHECK(db.column("SELECT name FROM orders ORDER BY id") ==
              std::vector<std::string>{"b", "z"});
        SinkHarness upd(sink_props(url, {{"pk.mode", "record_key"}, {"insert.mode", "update"}}));
        upd.put({row(2, "zz"), row(9, "nobody")});
        CHECK(db.column("SELECT name FROM orders ORDER BY id") ==
              std::vector<std::string>{"b", "zz"});

        // A new optional field adds a column.
        static const kc::Schema wider = kc::SchemaBuilder::struct_()
                                            .name("orders")
                                            .field("id", kc::schemas::int64())
                                            .field("name", kc::schemas::optional_string())
                                            .field("qty", kc::schemas::optional_int32())
                                            .build();
        SinkHarness evolve(sink_props(
            url, {{"auto.evolve", "true"}, {"pk.mode", "record_key"}, {"insert.mode", "upsert"}}));
        evolve.put(
            {f.make("orders", order_key(), f.make_struct(order_key(), {kc::make_int64(4)}), wider,
                    f.make_struct(wider, {kc::make_int64(4), f.str("d"), kc::make_int32(7)}))});
        CHECK(db.column("SELECT qty FROM orders WHERE id = 4") == std::vector<std::string>{"7"});
        CHECK(db.column("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                        "DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'qty'") ==
              std::vector<std::string>{"int(11)"});
    }

    TEST_CASE("sink: a value that does not fit its column is a clear error, nothing half-written") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS orders");
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(3))");
        RecordFactory f;
        auto row = [&](int64_t id, std::string_view name) {
            return f.make("orders", order_key(), f.make_struct(order_key(), {kc::make_int64(id)}),
                          order_value(),
                          f.make_struct(order_value(), {kc::make_int64(id), f.str(name)}));
        };
        SinkHarness h(sink_props(url, {{"max.retries", "0"}}));
        CHECK_THROWS_WITH(h.put({row(1, "ok"), row(2, "much too long")}),
                          doctest::Contains("Data too long for column 'name'"));
        CHECK(db.count("orders") == 0);  // one transaction per put()
    }

    TEST_CASE("wrong credentials and an unknown database fail with the server's reason") {
        const auto url = mariadb().required_url();
        const std::string base = url_without_credentials(url);
        CHECK_THROWS_WITH(SourceHarness(source_props(base, {{"mode", "bulk"},
                                                            {"tables", "t"},
                                                            {"connection.user", "kc"},
                                                            {"connection.password", "wrong"}})),
                          doctest::Contains("Access denied for user 'kc'"));
        const std::string other =
            base.substr(0, base.rfind('/')) + "/nosuchdb?user=kc&password=kcpass";
        CHECK_THROWS_WITH(SourceHarness(source_props(other, {{"mode", "bulk"}, {"tables", "t"}})),
                          doctest::Contains("Unknown database 'nosuchdb'"));
    }

    TEST_CASE("transaction.isolation.mode sets the level of the read transaction") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS one");
        db.exec("CREATE TABLE one (id INT PRIMARY KEY) ENGINE=InnoDB");
        db.exec("INSERT INTO one VALUES (1)");
        for (std::string level : {"SERIALIZABLE", "READ_UNCOMMITTED"}) {
            // InnoDB refreshes INNODB_TRX at most every 100 ms.
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            SourceHarness h(source_props(
                url, {{"mode", "bulk"},
                      {"transaction.isolation.mode", level},
                      {"query",
                       "SELECT (SELECT trx_isolation_level FROM information_schema.INNODB_TRX "
                       "WHERE trx_mysql_thread_id = CONNECTION_ID()) AS iso FROM one"}}));
            auto rs = h.poll_n(1);
            REQUIRE(rs.size() == 1);
            std::replace(level.begin(), level.end(), '_', ' ');
            CHECK(str_field(rs[0], "iso") == level);
        }
    }

    TEST_CASE("the server going away: poll is retriable and names the server, then recovers") {
        CHECK(source_outage_error(mariadb()).find("127.0.0.1") != std::string::npos);
    }

    TEST_CASE("a large table streams: reads are bounded by batch.max.rows") {
        const auto url = mariadb().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS big");
        db.exec("CREATE TABLE big (id INT NOT NULL PRIMARY KEY, name VARCHAR(40))");
        db.exec("INSERT INTO big SELECT seq, MD5(seq) FROM seq_1_to_20000");
        SourceHarness h(
            source_props(url, {{"mode", "bulk"}, {"batch.max.rows", "1000"}, {"tables", "big"}}));
        size_t total = 0, polls = 0;
        while (total < 20000 && polls < 100) {
            auto rs = h.poll();
            CHECK(rs.size() <= 1000);
            total += rs.size();
            ++polls;
            h.host.reset_arena();
        }
        CHECK(total == 20000);
    }
}
