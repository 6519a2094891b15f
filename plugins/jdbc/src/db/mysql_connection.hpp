// Connection over MariaDB Connector/C (MySQL and MariaDB servers). Statements
// are prepared client side, as MySQL's JDBC driver does by default: values are
// escaped into the SQL text, so a multi-row INSERT is one round trip. Queries
// stream their rows (mysql_use_result): a result is never held whole in memory.
#pragma once

#include <memory>

#include "db/connection.hpp"
#include "db/jdbc_url.hpp"

namespace kcjdbc {

// Connects to the first host that answers. Throws SqlError (transient when
// no server could be reached, not when the server refused the login).
std::unique_ptr<Connection> open_mysql(const MysqlOptions& options);

// Splits SQL at its '?' placeholders (outside quotes, backticks and comments):
// n placeholders give n + 1 pieces.
std::vector<std::string> split_placeholders(std::string_view sql);

}  // namespace kcjdbc
