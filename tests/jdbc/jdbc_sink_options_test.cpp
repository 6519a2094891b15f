// Sink options: timestamp.fields.list + timestamp.precision.mode, date.timezone,
// string.output.value.column.name - against SQLite and PostgreSQL.
#include "jdbc_test_support.hpp"

using namespace jdbctest;

namespace {

void drop(Db& db, const std::string& name) {
    db.exec("DROP TABLE IF EXISTS " + name);
}

// The declared type of a column, as the database reports it.
std::string column_type(Db& db, const std::string& table, const std::string& column) {
    auto v = db.column(db.pg() ? "SELECT data_type::text FROM information_schema.columns WHERE "
                                 "table_schema = 'public' AND table_name = '" +
                                     table + "' AND column_name = '" + column + "'"
                               : "SELECT type FROM pragma_table_info('" + table +
                                     "') WHERE name = '" + column + "'");
    return v.size() == 1 ? v[0] : "<missing>";
}

// One timestamp-ish value per column, PG as text, SQLite as stored.
std::vector<std::string> values(Db& db, const std::string& table, const std::string& column) {
    return db.column("SELECT " + column + (db.pg() ? "::text" : "") + " FROM " + table +
                     " ORDER BY id");
}

}  // namespace

TEST_CASE("timestamp.fields.list: epoch micros as INT64 and STRING become timestamps") {
    kc::Schema vs = kc::SchemaBuilder::struct_()
                        .field("id", kc::schemas::int64())
                        .field("us", kc::schemas::int64())
                        .field("us_text", kc::schemas::optional_string())
                        .field("plain", kc::schemas::int64())
                        .build();
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db, "ts_micros");
        RecordFactory f;
        // 2024-01-01T10:00:00.123456Z, and 1969-12-31T23:59:58.5Z.
        auto r1 = f.make("ts_micros", nullptr, kc::make_null(), vs,
                         f.make_struct(vs, {kc::make_int64(1), kc::make_int64(1704103200123456),
                                            f.str("1704103200123456"), kc::make_int64(7)}));
        auto r2 = f.make("ts_micros", nullptr, kc::make_null(), vs,
                         f.make_struct(vs, {kc::make_int64(2), kc::make_int64(-1500000),
                                            kc::make_null(), kc::make_int64(8)}));
        SinkHarness h(
            sink_props(url, {{"auto.create", "true"}, {"timestamp.fields.list", "us,us_text"}}));
        h.put({r1, r2});
        const std::string ts_type = db.pg() ? "timestamp without time zone" : "NUMERIC";
        CHECK(column_type(db, "ts_micros", "us") == ts_type);
        CHECK(column_type(db, "ts_micros", "us_text") == ts_type);
        CHECK(column_type(db, "ts_micros", "plain") == (db.pg() ? "bigint" : "INTEGER"));
        if (db.pg()) {
            CHECK(values(db, "ts_micros", "us") ==
                  std::vector<std::string>{"2024-01-01 10:00:00.123456", "1969-12-31 23:59:58.5"});
            CHECK(values(db, "ts_micros", "us_text") ==
                  std::vector<std::string>{"2024-01-01 10:00:00.123456", "NULL"});
        } else {
            // SQLite keeps timestamps as epoch milliseconds, as the Java connector's driver does.
            CHECK(values(db, "ts_micros", "us") ==
                  std::vector<std::string>{"1704103200123", "-1500"});
            CHECK(values(db, "ts_micros", "us_text") ==
                  std::vector<std::string>{"1704103200123", "NULL"});
        }
        CHECK(values(db, "ts_micros", "plain") == std::vector<std::string>{"7", "8"});
    }
}

TEST_CASE("timestamp.precision.mode=NANOSECONDS, in db.timezone; bad text fails the put") {
    kc::Schema vs = kc::SchemaBuilder::struct_()
                        .field("id", kc::schemas::int64())
                        .field("ns", kc::schemas::string())
                        .build();
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        drop(db, "ts_nanos");
        RecordFactory f;
        auto rec = f.make("ts_nanos", nullptr, kc::make_null(), vs,
                          f.make_struct(vs, {kc::make_int64(1), f.str("1704103200123456789")}));
        SinkHarness h(sink_props(url, {{"auto.create", "true"},
                                       {"timestamp.fields.list", "ns"},
                                       {"timestamp.precision.mode", "nanoseconds"},
                                       {"db.timezone", "America/New_York"}}));
        h.put({rec});
        // PG keeps microseconds (rounding the nanos) and the New York wall clock.
        CHECK(values(db, "ts_nanos", "ns") ==
              std::vector<std::string>{db.pg() ? "2024-01-01 05:00:00.123457" : "1704103200123"});
        auto bad = f.make("ts_nanos", nullptr, kc::make_null(), vs,
                          f.make_struct(vs, {kc::make_int64(2), f.str("yesterday")}));
        CHECK_THROWS_WITH_AS(h.put({bad}),
                             doctest::Contains("Invalid value for timestamp field ns"),
                             kc::DataException);
        CHECK(db.count("ts_nanos") == 1);
    }
}

TEST_CASE("timestamp.precision.mode and date.timezone validate their values") {
    const auto url = temp_sqlite_url();
    auto parse = [&](kc::ConfigMap extra) {
        return kcjdbc::SinkConfig::parse(sink_props(url, std::move(extra)));
    };
    CHECK(parse({}).timestamp_precision == kcjdbc::TimestampPrecision::Micros);
    CHECK(parse({{"timestamp.precision.mode", "NANOSECONDS"}}).timestamp_precision ==
          kcjdbc::TimestampPrecision::Nanos);
    CHECK(parse({{"date.timezone", "utc"}}).date_zone->is_utc());
    CHECK(parse({{"db.timezone", "Europe/Berlin"}}).date_zone->name() == "Europe/Berlin");
    CHECK_THROWS_WITH_AS(parse({{"timestamp.precision.mode", "millis"}}),
                         doctest::Contains("timestamp.precision.mode"), kc::ConfigException);
    CHECK_THROWS_WITH_AS(parse({{"date.timezone", "Europe/Paris"}}),
                         doctest::Contains("date.timezone"), kc::ConfigException);
    CHECK_THROWS_WITH_AS(parse({{"date.timezone", "Utc"}}), doctest::Contains("date.timezone"),
                         kc::ConfigException);
    CHECK_THROWS_WITH_AS(parse({{"string.output.value.column.name", ""}}),
                         doctest::Contains("string.output.value.column.name"), kc::ConfigException);
}

TEST_CASE("date.timezone: DB_TIMEZONE binds Dates in db.timezone, UTC keeps the day") {
    kc::Schema vs = kc::SchemaBuilder::struct_()
                        .field("id", kc::schemas::int64())
                        .field("d", kc::logical::date_schema())
                        .build();
    struct Case {
        std::string db_zone, date_zone, pg_day;
    };
    // 2024-01-01 is day 19723: its UTC midnight is still Dec 31 in New York.
    const std::vector<Case> cases = {{"America/New_York", "DB_TIMEZONE", "2023-12-31"},
                                     {"America/New_York", "UTC", "2024-01-01"},
                                     {"Europe/Berlin", "DB_TIMEZONE", "2024-01-01"},
                                     {"UTC", "DB_TIMEZONE", "2024-01-01"}};
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        for (const auto& c : cases) {
            CAPTURE(c.db_zone);
            CAPTURE(c.date_zone);
            drop(db, "dates");
            RecordFactory f;
            auto rec = f.make("dates", nullptr, kc::make_null(), vs,
                              f.make_struct(vs, {kc::make_int64(1), kc::make_int32(19723)}));
            SinkHarness h(sink_props(url, {{"auto.create", "true"},
                                           {"db.timezone", c.db_zone},
                                           {"date.timezone", c.date_zone}}));
            h.put({rec});
            // SQLite stores the epoch milliseconds of the date, whatever the zone.
            CHECK(values(db, "dates", "d") ==
                  std::vector<std::string>{db.pg() ? c.pg_day : "1704067200000"});
        }
    }
}

TEST_CASE("date.timezone also places the day of a Date default in CREATE TABLE") {
    const kc_value day19723 = kc::make_int32(19723);
    kc::Schema vs =
        kc::SchemaBuilder::struct_()
            .field("id", kc::schemas::int64())
            .field("d", kc::logical::date_builder().optional().default_value(&day19723).build())
            .build();
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        for (std::string date_zone : {"DB_TIMEZONE", "UTC"}) {
            CAPTURE(date_zone);
            drop(db, "date_defaults");
            RecordFactory f;
            auto rec = f.make("date_defaults", nullptr, kc::make_null(), vs,
                              f.make_struct(vs, {kc::make_int64(1), kc::make_int32(19724)}));
            SinkHarness h(sink_props(url, {{"auto.create", "true"},
                                           {"db.timezone", "America/New_York"},
                                           {"date.timezone", date_zone}}));
            h.put({rec});
            const std::string day = date_zone == "UTC" ? "2024-01-01" : "2023-12-31";
            CHECK(db.column(db.pg() ? "SELECT column_default::text FROM information_schema.columns "
                                      "WHERE table_name = 'date_defaults' AND column_name = 'd'"
                                    : "SELECT dflt_value FROM pragma_table_info('date_defaults') "
                                      "WHERE name = 'd'") ==
                  std::vector<std::string>{db.pg() ? "'" + day + "'::date" : "'" + day + "'"});
        }
    }
}

TEST_CASE("string.output.value.column.name: a String value fills one column") {
    const kc::SchemaView str = kc::schemas::string().view();
    const kc::SchemaView id = kc::schemas::int64().view();
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        RecordFactory f;
        // Default column name; the table is created with it.
        drop(db, "lines");
        SinkHarness h(sink_props(url, {{"auto.create", "true"}}));
        h.put({f.make("lines", nullptr, kc::make_null(), str, f.str("first")),
               f.make("lines", nullptr, kc::make_null(), str, f.str("it's"))});
        CHECK(db.column("SELECT record_value FROM lines ORDER BY record_value") ==
              std::vector<std::string>{"first", "it's"});
        auto cols = db.conn->table_columns(kcjdbc::TableId{"", db.pg() ? "public" : "", "lines"});
        REQUIRE(cols.size() == 1);
        CHECK(cols[0].nullable == kcjdbc::Nullability::Nullable);

        // A named column next to a primitive record key, upserted.
        drop(db, "kv");
        SinkHarness kv(sink_props(url, {{"auto.create", "true"},
                                        {"insert.mode", "upsert"},
                                        {"pk.mode", "record_key"},
                                        {"pk.fields", "id"},
                                        {"string.output.value.column.name", "payload"}}));
        kv.put({f.make("kv", id, kc::make_int64(1), str, f.str("a")),
                f.make("kv", id, kc::make_int64(2), str, f.str("b"))});
        kv.put({f.make("kv", id, kc::make_int64(1), str, f.str("a2"))});
        CHECK(db.column("SELECT payload FROM kv ORDER BY id") ==
              std::vector<std::string>{"a2", "b"});

        // An existing table without the column: added only with auto.evolve.
        drop(db, "evolve");
        db.exec("CREATE TABLE evolve (other INT)");
        SinkHarness fixed(sink_props(url, {}));
        CHECK_THROWS_WITH(fixed.put({f.make("evolve", nullptr, kc::make_null(), str, f.str("x"))}),
                          doctest::Contains("missing fields (record_value) and auto-evolution "
                                            "is disabled"));
        SinkHarness evolving(sink_props(url, {{"auto.evolve", "true"}}));
        evolving.put({f.make("evolve", nullptr, kc::make_null(), str, f.str("x"))});
        CHECK(db.column("SELECT record_value FROM evolve") == std::vector<std::string>{"x"});
    }
}

TEST_CASE("string.output.value.column.name: conflicting configurations are refused") {
    const auto url = temp_sqlite_url();
    const kc::SchemaView str = kc::schemas::string().view();
    const kc::SchemaView id = kc::schemas::int64().view();
    RecordFactory f;
    SinkHarness conflict(sink_props(url, {{"auto.create", "true"},
                                          {"pk.mode", "record_key"},
                                          {"pk.fields", "payload"},
                                          {"string.output.value.column.name", "payload"}}));
    CHECK_THROWS_WITH_AS(conflict.put({f.make("t", id, kc::make_int64(1), str, f.str("a"))}),
                         doctest::Contains("'payload' conflicts with a primary key column"),
                         kc::ConnectException);
    SinkHarness by_value(sink_props(url, {{"auto.create", "true"}, {"pk.mode", "record_value"}}));
    CHECK_THROWS_WITH_AS(by_value.put({f.make("t", nullptr, kc::make_null(), str, f.str("a"))}),
                         doctest::Contains("record_value is not supported with String value"),
                         kc::ConnectException);
    // Field-level options fail the task rather than go to the errant-record reporter.
    SinkHarness fields(sink_props(url, {{"auto.create", "true"},
                                        {"fields.whitelist", "a"},
                                        {"timestamp.fields.list", "b"}}),
                       true);
    CHECK_THROWS_WITH_AS(
        fields.put({f.make("t", nullptr, kc::make_null(), str, f.str("a"))}),
        doctest::Contains("String values: fields.whitelist, timestamp.fields.list"),
        kc::ConnectException);
    CHECK(fields.host.state().errant_records.empty());
    Db db(url);
    CHECK(db.count("sqlite_master WHERE name = 't'") == 0);
}
