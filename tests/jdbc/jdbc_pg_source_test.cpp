// PostgreSQL-only source scenarios: type mapping, zones, legacy offsets,
// duplicate names, the server going away, bounded reads.
#include "jdbc_test_support.hpp"

using namespace jdbctest;

TEST_SUITE("pg") {
    TEST_CASE("numeric.mapping best_fit narrows NUMERIC(p,s); none keeps Decimal") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS nums");
        db.exec(
            "CREATE TABLE nums (a NUMERIC(2,0) NOT NULL, b NUMERIC(4,0), c NUMERIC(9,0), "
            "d NUMERIC(18,0), e NUMERIC(10,2), f NUMERIC(20,0), g NUMERIC)");
        db.exec(
            "INSERT INTO nums VALUES (12, 1234, 123456789, 123456789012345678, 12.5, "
            "12345678901234567890, 1.25)");
        std::vector<std::unique_ptr<SourceHarness>> keep;  // records live in their arenas
        auto fields = [&](const std::string& mapping) {
            keep.push_back(std::make_unique<SourceHarness>(source_props(
                url, {{"mode", "bulk"}, {"numeric.mapping", mapping}, {"tables", "nums"}})));
            auto rs = keep.back()->poll_n(1);
            REQUIRE(rs.size() == 1);
            return rs[0];
        };
        const kc_record* r = fields("best_fit");
        kc::SchemaView s = r->value_schema;
        CHECK(s.field("a")->schema_view().type() == kc::Type::Int8);
        CHECK_FALSE(s.field("a")->schema_view().optional());
        CHECK(s.field("b")->schema_view().type() == kc::Type::Int16);
        CHECK(s.field("c")->schema_view().type() == kc::Type::Int32);
        CHECK(s.field("d")->schema_view().type() == kc::Type::Int64);
        CHECK(s.field("e")->schema_view().type() == kc::Type::Float64);
        CHECK(kc::logical::is_decimal(s.field("f")->schema_view()));
        CHECK(s.field("f")->schema_view().param("connect.decimal.precision") == "20");
        CHECK(kc::logical::is_decimal(s.field("g")->schema_view()));  // unconstrained: deviation
        CHECK(int_field(r, "d") == 123456789012345678);
        CHECK(field(r, "e").as_double() == 12.5);
        CHECK(kc::logical::decimal_to_plain_string(field(r, "f").as_string(), 0) ==
              "12345678901234567890");
        const kc_record* n = fields("none");
        kc::SchemaView ns = n->value_schema;
        CHECK(kc::logical::is_decimal(ns.field("a")->schema_view()));
        CHECK(kc::logical::decimal_to_plain_string(field(n, "e").as_string(), 2) == "12.50");
    }

    TEST_CASE("PG types: bool, uuid, jsonb as string; arrays dropped; timestamps and dates") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS types");
        db.exec(
            "CREATE TABLE types (id INT NOT NULL, ok BOOL, u UUID, j JSONB, arr INT[], "
            "ts TIMESTAMP, d DATE, b BYTEA)");
        db.exec(
            "INSERT INTO types VALUES (1, true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
            "'{\"k\": 1}', '{1,2}', '2024-01-01 10:00:00.123456', '2024-01-01', '\\x0102')");
        for (std::string zone : {"UTC", "Europe/Berlin"}) {
            SourceHarness h(
                source_props(url, {{"mode", "bulk"}, {"db.timezone", zone}, {"tables", "types"}}));
            auto rs = h.poll_n(1);
            REQUIRE(rs.size() == 1);
            kc::SchemaView s = rs[0]->value_schema;
            CHECK(s.field("ok")->schema_view().type() == kc::Type::Boolean);
            CHECK(s.field("u")->schema_view().type() == kc::Type::String);
            CHECK_FALSE(s.field("arr"));
            CHECK_FALSE(s.field("id")->schema_view().optional());
            CHECK(field(rs[0], "ok").as_bool());
            CHECK(str_field(rs[0], "u") == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            CHECK(str_field(rs[0], "j") == "{\"k\": 1}");
            CHECK(int_field(rs[0], "ts") == (zone == "UTC" ? 1704103200123 : 1704099600123));
            CHECK(int_field(rs[0], "d") == 19723);
            CHECK(field(rs[0], "b").as_string() == std::string("\x01\x02", 2));
        }
        // Offsets keep the microseconds.
        SourceHarness h(source_props(url, {{"mode", "timestamp"},
                                           {"timestamp.column.name", "ts"},
                                           {"validate.non.null", "false"},
                                           {"tables", "types"}}));
        auto rs = h.poll_n(1);
        REQUIRE(rs.size() == 1);
        CHECK(offset_int(rs[0], "timestamp") == 1704103200123);
        CHECK(offset_int(rs[0], "timestamp_nanos") == 123456000);
    }

    TEST_CASE("a legacy {table} offset is used; new offsets carry protocol 1") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS orders");
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, name TEXT)");
        db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b'),(3,'c')");
        SourceHarness h(source_props(url, {{"mode", "incrementing"},
                                           {"incrementing.column.name", "id"},
                                           {"tables", "\"public\".\"orders\""}}));
        kc::Pool pool;
        h.host.set_offset(kc::make_offset_map(pool, {{"table", kc::make_string_ref("orders")}}),
                          kc::make_offset_map(pool, {{"incrementing", kc::make_int64(2)}}));
        auto rs = h.poll_for(300);
        REQUIRE(rs.size() == 1);
        CHECK(int_field(rs[0], "id") == 3);
        CHECK(map_string(rs[0]->source_partition, "table") == "public.orders");
        CHECK(map_string(rs[0]->source_partition, "protocol") == "1");
    }

    TEST_CASE("duplicate bare table names across schemas fail the connector") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP SCHEMA IF EXISTS archive CASCADE");
        db.exec("CREATE SCHEMA archive");
        db.exec("CREATE TABLE IF NOT EXISTS public.orders (id BIGINT NOT NULL)");
        db.exec("CREATE TABLE archive.orders (id BIGINT NOT NULL)");
        kc::testing::TestHost host;
        kcjdbc::JdbcSourceConnector c;
        bind(c, host);
        c.start(source_props(url, {{"mode", "bulk"}, {"table.whitelist", "orders"}}));
        for (int i = 0; i < 100 && host.state().raised_errors.empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        c.stop();
        REQUIRE(host.state().raised_errors.size() == 1);
        CHECK(host.state().raised_errors[0].find("same name") != std::string::npos);
        db.exec("DROP SCHEMA archive CASCADE");
    }

    TEST_CASE("reads are bounded by batch.max.rows on a large table") {
        const auto url = postgres().required_url();
        Db db(url);
        db.exec("DROP TABLE IF EXISTS big");
        db.exec(
            "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS name "
            "FROM generate_series(1, 20000) g");
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

    TEST_CASE("the database going away: poll is retriable, then recovers") {
        CHECK_FALSE(source_outage_error(postgres()).empty());
    }
}

TEST_SUITE("pg") {
    TEST_CASE("transaction.isolation.mode sets the read transaction's level") {
        const auto url = postgres().required_url();
        SourceHarness h(source_props(
            url, {{"mode", "bulk"},
                  {"transaction.isolation.mode", "SERIALIZABLE"},
                  {"query", "SELECT current_setting('transaction_isolation') AS iso"}}));
        auto rs = h.poll_n(1);
        REQUIRE(rs.size() == 1);
        CHECK(str_field(rs[0], "iso") == "serializable");
    }
}
