// JDBC URLs as Confluent's connector accepts them, turned into what the C
// client libraries take.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kcjdbc {

struct JdbcUrl {
    std::string subprotocol;  // sqlite, postgresql, mysql, ...
    std::string rest;         // everything after "jdbc:<subprotocol>:"
};

// Splits jdbc:<subprotocol>:<rest>; throws ConfigException-worthy
// std::invalid_argument when the text is not a JDBC URL.
JdbcUrl parse_jdbc_url(std::string_view url);

// jdbc:postgresql://host[:port][,host2...]/db?k=v&... -> libpq conninfo.
// user/password given separately (connection.user/.password) win over the URL.
std::string pg_conninfo(const JdbcUrl& url, const std::string& user, const std::string& password);

// How a MySQL/MariaDB connection uses TLS (Connector/J's sslMode).
enum class MysqlTls { Disabled, Preferred, Required, VerifyServer };

// What MariaDB Connector/C needs, from jdbc:mysql:// or jdbc:mariadb:// URLs.
struct MysqlOptions {
    std::vector<std::pair<std::string, unsigned>> hosts;  // tried in order
    std::string database;
    std::string user;
    std::string password;
    MysqlTls tls = MysqlTls::Preferred;
    std::string tls_ca;    // serverSslCert / sslCa: CA file that signs the server's certificate
    std::string tls_cert;  // client certificate and key files
    std::string tls_key;
    unsigned connect_timeout_s = 0;  // 0 = library default
    unsigned read_timeout_s = 0;
    bool tiny_int1_is_bit = true;    // TINYINT(1) reads as BOOLEAN
    bool zero_date_to_null = false;  // zeroDateTimeBehavior=convertToNull
};

// jdbc:mysql://host[:port][,host2...][/database][?k=v&...] (also jdbc:mariadb:).
// user/password given separately (connection.user/.password) win over the
// URL. Parameters about time zones and TLS are honoured or refused by name;
// so is anything unknown. Throws std::invalid_argument naming the parameter.
MysqlOptions mysql_options(const JdbcUrl& url, const std::string& user,
                           const std::string& password);

// The URL with the values of its password-like query parameters replaced by
// "[hidden]", for messages and logs.
std::string redact_jdbc_url(std::string_view url);

// jdbc:sqlite:<path>[?k=v] -> the file path (":memory:" kept).
std::string sqlite_path(const JdbcUrl& url);

}  // namespace kcjdbc
