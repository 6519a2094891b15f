// Small pieces: URLs, zones and time text, dialect SQL.
#include "jdbc_test_support.hpp"

#include "db/jdbc_url.hpp"
#include "util/time.hpp"

using namespace kcjdbc;

TEST_CASE("JDBC URLs become libpq conninfo and SQLite paths") {
    auto u = parse_jdbc_url(
        "jdbc:postgresql://db.example:6543/shop?user=bob&password=s%20t&"
        "sslmode=require&reWriteBatchedInserts=true");
    CHECK(u.subprotocol == "postgresql");
    CHECK(pg_conninfo(u, "", "") ==
          "host='db.example' port='6543' dbname='shop' sslmode='require' user='bob' "
          "password='s t'");
    CHECK(pg_conninfo(u, "alice", "pw") ==
          "host='db.example' port='6543' dbname='shop' sslmode='require' user='alice' "
          "password='pw'");
    CHECK(sqlite_path(parse_jdbc_url("jdbc:sqlite:/tmp/x.db")) == "/tmp/x.db");
    CHECK_THROWS_AS(parse_jdbc_url("postgresql://x"), std::invalid_argument);
    CHECK_THROWS_AS(make_dialect("jdbc:oracle:thin:@x", "", QuoteMode::Always),
                    kc::ConfigException);
    CHECK(make_dialect("jdbc:sqlite:/x", "", QuoteMode::Always)->name() == "SqliteDatabaseDialect");
    CHECK(make_dialect("jdbc:postgresql://h/db", "", QuoteMode::Always)->name() ==
          "PostgreSqlDatabaseDialect");
}

TEST_CASE("time zones convert wall clocks both ways") {
    auto berlin = TimeZone::load("Europe/Berlin");
    auto local = parse_local_datetime("2024-01-01 10:00:00.123456");
    REQUIRE(local);
    CHECK(berlin->local_to_utc(local->seconds) == 1704099600);
    CHECK(local->nanos == 123456000);
    CHECK(berlin->offset_at_utc(1719835200) == 7200);  // summer time
    CHECK(format_timestamp(Instant{1704067200, 0}, *TimeZone::load("America/New_York"), 0, false) ==
          "2023-12-31 19:00:00");
    CHECK(format_timestamp(Instant{1704067200, 5000000}, *berlin, 3, true) ==
          "2024-01-01 01:00:00.005+01:00");
    CHECK_THROWS(TimeZone::load("Mars/Olympus"));
    CHECK(parse_date("2024-01-01") == 19723);
}

TEST_CASE("SQLite dialect SQL shapes") {
    auto d = make_dialect("jdbc:sqlite:/x", "", QuoteMode::Always);
    TableId t{"", "", "t"};
    CHECK(d->insert_sql(t, {"id"}, {"a"}, 1, {}) == "INSERT INTO `t`(`id`,`a`) VALUES(?,?)");
    CHECK(d->upsert_sql(t, {"id"}, {"a"}, 1, {}) ==
          "INSERT OR REPLACE INTO `t`(`id`,`a`) VALUES(?,?)");
    CHECK(d->delete_sql(t, {"id", "k"}) == "DELETE FROM `t` WHERE `id` = ? AND `k` = ?");
    auto never = make_dialect("jdbc:postgresql://h/db", "", QuoteMode::Never);
    CHECK(never->parse_table("Public.Orders").table == "orders");
    CHECK(never->table_sql(TableId{"", "public", "orders"}) == "public.orders");
}
