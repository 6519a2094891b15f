// The MySQL dialect without a server: URLs and their parameters, redaction,
// placeholder splitting, the SQL it writes.
#include "jdbc_test_support.hpp"

#include "db/jdbc_url.hpp"
#include "db/mysql_connection.hpp"

using namespace kcjdbc;

namespace {

MysqlOptions options(const std::string& url, const std::string& user = "",
                     const std::string& password = "") {
    return mysql_options(parse_jdbc_url(url), user, password);
}

}  // namespace

TEST_CASE("MySQL URLs: hosts, database, credentials from the query or the config") {
    auto o = options("jdbc:mysql://localhost:3306/my_db?user=root&password=se%26cret");
    REQUIRE(o.hosts.size() == 1);
    CHECK(o.hosts[0] == std::pair<std::string, unsigned>{"localhost", 3306});
    CHECK(o.database == "my_db");
    CHECK(o.user == "root");
    CHECK(o.password == "se&cret");
    auto cfg = options("jdbc:mariadb://db1,db2:3307,[::1]:3308/shop?user=root", "alice", "pw");
    CHECK(cfg.hosts == std::vector<std::pair<std::string, unsigned>>{
                           {"db1", 3306}, {"db2", 3307}, {"::1", 3308}});
    CHECK(cfg.user == "alice");
    CHECK(cfg.password == "pw");
    auto info = options("jdbc:mysql://bob:pw@h/db");
    CHECK(info.user == "bob");
    CHECK(info.password == "pw");
    CHECK(make_dialect("jdbc:mysql://h/db", "", QuoteMode::Always)->name() ==
          "MySqlDatabaseDialect");
    CHECK(make_dialect("jdbc:mariadb://h/db", "", QuoteMode::Always)->name() ==
          "MySqlDatabaseDialect");
    CHECK(make_dialect("jdbc:sqlite:/x", "MySqlDatabaseDialect", QuoteMode::Always)->name() ==
          "MySqlDatabaseDialect");
    CHECK_THROWS_WITH_AS(options("jdbc:mysql:h/db"), doctest::Contains("jdbc:mysql://host"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h:99999/db"), doctest::Contains("port"),
                         std::invalid_argument);
}

TEST_CASE("MySQL URL parameters: TLS and time zones honoured or refused by name") {
    CHECK(options("jdbc:mysql://h/db").tls == MysqlTls::Preferred);
    CHECK(options("jdbc:mysql://h/db?useSSL=false").tls == MysqlTls::Disabled);
    CHECK(options("jdbc:mysql://h/db?sslMode=DISABLED").tls == MysqlTls::Disabled);
    CHECK(options("jdbc:mysql://h/db?sslMode=REQUIRED").tls == MysqlTls::Required);
    CHECK(options("jdbc:mysql://h/db?useSSL=true&requireSSL=true").tls == MysqlTls::Required);
    CHECK(options("jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY").tls == MysqlTls::VerifyServer);
    CHECK(options("jdbc:mariadb://h/db?sslMode=verify-full&serverSslCert=/ca.pem").tls_ca ==
          "/ca.pem");
    CHECK(options("jdbc:mysql://h/db?useSSL=true&verifyServerCertificate=true").tls ==
          MysqlTls::VerifyServer);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?sslMode=SOMETIMES"),
                         doctest::Contains("sslMode=SOMETIMES"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?trustCertificateKeyStoreUrl=file:/k.jks"),
                         doctest::Contains("Java key stores"), std::invalid_argument);
    CHECK_NOTHROW(
        options("jdbc:mysql://h/db?serverTimezone=Europe/Berlin&useUnicode=true&"
                "characterEncoding=UTF-8&allowPublicKeyRetrieval=true"));
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?serverTimezone=Mars/Olympus"),
                         doctest::Contains("serverTimezone=Mars/Olympus"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?preserveInstants=false"),
                         doctest::Contains("preserveInstants"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?characterEncoding=latin1"),
                         doctest::Contains("utf8mb4"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(options("jdbc:mysql://h/db?frobnicate=1"),
                         doctest::Contains("'frobnicate' is not supported"), std::invalid_argument);
    CHECK(options("jdbc:mysql://h/db?zeroDateTimeBehavior=CONVERT_TO_NULL").zero_date_to_null);
    CHECK_FALSE(options("jdbc:mysql://h/db?tinyInt1isBit=false").tiny_int1_is_bit);
    CHECK(options("jdbc:mysql://h/db?connectTimeout=1500").connect_timeout_s == 2);
    // A bad parameter is a configuration error when the connector connects.
    auto d = make_dialect("jdbc:mysql://h/db?frobnicate=1", "", QuoteMode::Always);
    CHECK_THROWS_AS(d->connect("", ""), kc::ConfigException);
}

TEST_CASE("passwords are hidden in URLs shown to people") {
    CHECK(redact_jdbc_url("jdbc:mysql://h:3306/db?user=root&password=secret&useSSL=false") ==
          "jdbc:mysql://h:3306/db?user=root&password=[hidden]&useSSL=false");
    CHECK(redact_jdbc_url("jdbc:mysql://bob:secret@h/db") == "jdbc:mysql://bob:[hidden]@h/db");
    CHECK(redact_jdbc_url("jdbc:sqlite:/tmp/x.db") == "jdbc:sqlite:/tmp/x.db");
    try {
        make_dialect("jdbc:nosuch://h/db?password=secret", "", QuoteMode::Always);
        FAIL("no error");
    } catch (const kc::ConfigException& e) {
        CHECK(std::string(e.what()).find("secret") == std::string::npos);
    }
}

TEST_CASE("placeholders are found outside quotes and comments only") {
    CHECK(split_placeholders("SELECT a FROM t WHERE a > ? AND b = ?") ==
          std::vector<std::string>{"SELECT a FROM t WHERE a > ", " AND b = ", ""});
    CHECK(split_placeholders("SELECT '?', `x?`, \"it\\\"s?\" /* ? */ -- ?\n, ?") ==
          std::vector<std::string>{"SELECT '?', `x?`, \"it\\\"s?\" /* ? */ -- ?\n, ", ""});
    CHECK(split_placeholders("SELECT 1 # ?") == std::vector<std::string>{"SELECT 1 # ?"});
}

TEST_CASE("MySQL dialect SQL: backticks, ON DUPLICATE KEY UPDATE, DDL types") {
    auto d = make_dialect("jdbc:mysql://h/db", "", QuoteMode::Always);
    TableId t{"", "shop", "orders"};
    CHECK(d->table_sql(t) == "`shop`.`orders`");
    CHECK(d->quote("we`ird") == "`we``ird`");
    CHECK(d->upsert_sql(t, {"id"}, {"a", "b"}, 2, {}) ==
          "INSERT INTO `shop`.`orders`(`id`,`a`,`b`) VALUES(?,?,?),(?,?,?) ON DUPLICATE KEY "
          "UPDATE `a`=VALUES(`a`),`b`=VALUES(`b`)");
    CHECK(d->upsert_sql(t, {"id"}, {}, 1, {}) ==
          "INSERT INTO `shop`.`orders`(`id`) VALUES(?) ON DUPLICATE KEY UPDATE `id`=VALUES(`id`)");
    kc::Schema dec = kc::logical::decimal_builder(2).build();
    kc::Schema opt_str = kc::schemas::optional_string();
    std::vector<SinkColumn> cols = {{"id", kc::schemas::string(), true},
                                    {"amount", dec.view()},
                                    {"at", kc::logical::timestamp_schema().view()},
                                    {"ok", kc::schemas::boolean()},
                                    {"raw", kc::schemas::bytes()},
                                    {"note", opt_str.view()}};
    CHECK(d->create_table_sql(t, cols) ==
          "CREATE TABLE `shop`.`orders` (\n`id` VARCHAR(256) NOT NULL,\n"
          "`amount` DECIMAL(65,2) NOT NULL,\n`at` DATETIME(3) NOT NULL,\n"
          "`ok` TINYINT NOT NULL,\n`raw` VARBINARY(1024) NOT NULL,\n`note` TEXT NULL,\n"
          "PRIMARY KEY(`id`))");
    CHECK(d->alter_table_sql(t, {cols[5], {"n", kc::schemas::optional_int64()}}) ==
          std::vector<std::string>{"ALTER TABLE `shop`.`orders` \nADD `note` TEXT NULL,\n"
                                   "ADD `n` BIGINT NULL"});
    CHECK_THROWS_WITH_AS(
        d->sql_type(
            kc::SchemaBuilder::map(kc::schemas::string(), kc::schemas::string()).build().view()),
        doctest::Contains("doesn't have a mapping"), kc::ConnectException);
}
