// Connection over libsqlite3: statements are stepped, so a cursor holds one
// row at a time whatever the table size.
#pragma once

#include <memory>
#include <string>

#include "db/connection.hpp"

namespace kcjdbc {

// Opens (creating if needed) the database file. Throws SqlError.
std::unique_ptr<Connection> open_sqlite(const std::string& path);

// SQLite's declared-type rule (first word of the declared type, upper-cased)
// filled into info: type, precision, scale.
void classify_sqlite_declared_type(ColumnInfo& info);

}  // namespace kcjdbc
