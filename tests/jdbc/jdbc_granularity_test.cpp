// Source timestamp.granularity: TIMESTAMP columns as epoch micros/nanos
// (INT64 or STRING) or ISO wall clock text, with offsets that still round trip.
#include "jdbc_test_support.hpp"
#include "source/source_config.hpp"
#include "util/epoch_units.hpp"

using namespace jdbctest;

namespace {

// 2024-01-01T10:00:00.123456Z and 2024-01-01T11:00:00Z.
constexpr int64_t kT1Millis = 1704103200123;
constexpr int64_t kT2Millis = 1704106800000;

void make_events(Db& db) {
    db.exec("DROP TABLE IF EXISTS events");
    db.exec(db.pg() ? "CREATE TABLE events (id INT NOT NULL, ts TIMESTAMP NOT NULL)"
                    : "CREATE TABLE events (id INTEGER NOT NULL, ts DATETIME NOT NULL)");
    db.exec(
        "INSERT INTO events VALUES (1,'2024-01-01 10:00:00.123456'),"
        "(2,'2024-01-01 11:00:00')");
}

kc::ConfigMap props(const std::string& url, const std::string& granularity,
                    const std::string& zone = "UTC") {
    return source_props(url, {{"mode", "timestamp+incrementing"},
                              {"timestamp.column.name", "ts"},
                              {"incrementing.column.name", "id"},
                              {"timestamp.granularity", granularity},
                              {"db.timezone", zone},
                              {"tables", "events"}});
}

}  // namespace

TEST_CASE("epoch micro/nano counts convert exactly, both signs, beyond 64-bit nanos") {
    using kcjdbc::EpochUnit;
    using kcjdbc::Instant;
    const Instant t{1704103200, 123456789};
    CHECK(kcjdbc::epoch_units(t, EpochUnit::Micros) == 1704103200123456);
    CHECK(kcjdbc::epoch_units(t, EpochUnit::Nanos) == 1704103200123456789);
    CHECK(kcjdbc::epoch_units_text(t, EpochUnit::Nanos) == "1704103200123456789");
    const Instant before{-2, 500'000'000};  // 1969-12-31T23:59:58.5Z
    CHECK(kcjdbc::epoch_units_text(before, EpochUnit::Micros) == "-1500000");
    CHECK(kcjdbc::from_epoch_units(-1500000, EpochUnit::Micros) == before);
    CHECK(kcjdbc::parse_epoch_units("-1500000", EpochUnit::Micros) == before);
    CHECK(kcjdbc::parse_epoch_units("+1704103200123456789", EpochUnit::Nanos) == t);
    CHECK(kcjdbc::parse_epoch_units("5", EpochUnit::Nanos) == Instant{0, 5});
    // Year 3000 in nanoseconds does not fit 64 bits; as text it is exact.
    const Instant y3000{32503680000, 1};
    CHECK(kcjdbc::epoch_units_text(y3000, EpochUnit::Nanos) == "32503680000000000001");
    CHECK(kcjdbc::parse_epoch_units("32503680000000000001", EpochUnit::Nanos) == y3000);
    CHECK_FALSE(kcjdbc::parse_epoch_units("12a", EpochUnit::Micros));
    CHECK_FALSE(kcjdbc::parse_epoch_units("", EpochUnit::Micros));
    CHECK_FALSE(kcjdbc::parse_epoch_units("-", EpochUnit::Nanos));
}

TEST_CASE("timestamp.granularity accepts its values in lower or upper case only") {
    auto parse = [](const std::string& g) {
        return kcjdbc::SourceConfig::parse(source_props(
            "jdbc:sqlite:/tmp/x.db", {{"mode", "bulk"}, {"timestamp.granularity", g}}));
    };
    CHECK(parse("NANOS_LONG").timestamp_granularity == kcjdbc::TimestampGranularity::NanosLong);
    CHECK(parse("micros_iso_datetime_string").timestamp_granularity ==
          kcjdbc::TimestampGranularity::MicrosIsoDatetimeString);
    CHECK(kcjdbc::SourceConfig::parse(source_props("jdbc:sqlite:/tmp/x.db", {{"mode", "bulk"}}))
              .timestamp_granularity == kcjdbc::TimestampGranularity::ConnectLogical);
    for (std::string bad : {"millis_long", "Nanos_Long", ""})
        CHECK_THROWS_WITH_AS(parse(bad), doctest::Contains("timestamp.granularity"),
                             kc::ConfigException);
}

TEST_CASE("timestamp.granularity: schema, value and offset of every representation") {
    struct Case {
        std::string granularity;
        kc::Type type;
        std::string text;  // STRING representations
        int64_t number;    // INT64 representations
    };
    const std::vector<Case> cases = {
        {"micros_long", kc::Type::Int64, "", 1704103200123456},
        {"micros_string", kc::Type::String, "1704103200123456", 0},
        {"micros_iso_datetime_string", kc::Type::String, "2024-01-01T10:00:00.123456", 0},
        {"nanos_long", kc::Type::Int64, "", 1704103200123456000},
        {"nanos_string", kc::Type::String, "1704103200123456000", 0},
        {"nanos_iso_datetime_string", kc::Type::String, "2024-01-01T10:00:00.123456000", 0},
    };
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        make_events(db);
        for (const auto& c : cases) {
            CAPTURE(c.granularity);
            SourceHarness h(props(url, c.granularity));
            auto rs = h.poll_n(2);
            REQUIRE(rs.size() == 2);
            kc::SchemaView ts = kc::SchemaView(rs[0]->value_schema).field("ts")->schema_view();
            CHECK(ts.type() == c.type);
            CHECK(ts.name().empty());  // no longer a logical Timestamp
            CHECK_FALSE(ts.optional());
            if (c.type == kc::Type::Int64)
                CHECK(int_field(rs[0], "ts") == c.number);
            else
                CHECK(str_field(rs[0], "ts") == c.text);
            // Offsets keep their JSON form whatever the record carries.
            CHECK(offset_int(rs[0], "timestamp") == kT1Millis);
            CHECK(offset_int(rs[0], "timestamp_nanos") == 123456000);
            CHECK(offset_int(rs[0], "incrementing") == 1);
            CHECK(offset_int(rs[1], "timestamp") == kT2Millis);
            CHECK(offset_int(rs[1], "timestamp_nanos") == 0);
        }
    }
}

TEST_CASE("timestamp.granularity ISO text is the wall clock in db.timezone") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        make_events(db);
        SourceHarness h(props(url, "nanos_iso_datetime_string", "Europe/Berlin"));
        auto rs = h.poll_n(2);
        REQUIRE(rs.size() == 2);
        CHECK(str_field(rs[0], "ts") == "2024-01-01T10:00:00.123456000");
        CHECK(str_field(rs[1], "ts") == "2024-01-01T11:00:00.000000000");
        // The wall clock is Berlin time: one hour earlier in UTC.
        CHECK(offset_int(rs[0], "timestamp") == kT1Millis - 3600000);
        SourceHarness n(props(url, "nanos_long", "Europe/Berlin"));
        auto ns = n.poll_n(2);
        REQUIRE(ns.size() == 2);
        CHECK(int_field(ns[0], "ts") == 1704099600123456000);
    }
}

TEST_CASE("timestamp.granularity: a stored offset resumes exactly after the committed row") {
    for (const auto& url : backends()) {
        CAPTURE(url);
        Db db(url);
        make_events(db);
        for (std::string g : {"micros_string", "nanos_long", "micros_iso_datetime_string"}) {
            CAPTURE(g);
            for (std::string mode : {"timestamp", "timestamp+incrementing"}) {
                CAPTURE(mode);
                auto p = props(url, g);
                p["mode"] = mode;
                kc::OwnedValue partition, offset;
                {
                    SourceHarness h(p);
                    auto rs = h.poll_n(2);
                    REQUIRE(rs.size() == 2);
                    partition = kc::OwnedValue::copy_of(rs[0]->source_partition);
                    offset = kc::OwnedValue::copy_of(rs[0]->source_offset);
                }
                SourceHarness h2(p);
                h2.host.set_offset(partition.view(), offset.view());
                auto rest = h2.poll_for(400);
                REQUIRE(rest.size() == 1);
                CHECK(int_field(rest[0], "id") == 2);
            }
        }
    }
}
