// JDBC URLs as Confluent's connector accepts them, turned into what the C
// client libraries take.
#pragma once

#include <map>
#include <string>
#include <string_view>

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

// jdbc:sqlite:<path>[?k=v] -> the file path (":memory:" kept).
std::string sqlite_path(const JdbcUrl& url);

}  // namespace kcjdbc
