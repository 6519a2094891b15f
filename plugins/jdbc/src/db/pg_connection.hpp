// Connection over libpq. Queries run through a server-side cursor fetched in
// binary, batch by batch, so a result is never held whole in memory.
#pragma once

#include <memory>
#include <string>

#include "db/connection.hpp"

namespace kcjdbc {

// Connects with a libpq conninfo string. Throws SqlError (transient).
std::unique_ptr<Connection> open_postgres(const std::string& conninfo);

// PG type OID + typmod -> SqlType, precision, scale (java.sql.Types as pgjdbc reports them).
void classify_pg_type(ColumnInfo& info, uint32_t oid, int typmod);

}  // namespace kcjdbc
