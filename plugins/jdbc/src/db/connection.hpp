// The driver-neutral database interface the connectors are written against:
// a connection, prepared statements and streaming cursors. One implementation
// per client library (libsqlite3, libpq); the SQL each database needs lives in
// its dialect (dialect.hpp), not here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "util/time.hpp"

namespace kcjdbc {

// A failed database call. `transient` marks failures worth retrying (lost
// connection, serialization failure, lock timeout), like Java's
// SQLTransientException / SQLRecoverableException.
class SqlError : public std::runtime_error {
  public:
    SqlError(const std::string& msg, bool transient, std::string sqlstate = {})
        : std::runtime_error(msg), transient_(transient), sqlstate_(std::move(sqlstate)) {}
    bool transient() const noexcept { return transient_; }
    const std::string& sqlstate() const noexcept { return sqlstate_; }

  private:
    bool transient_;
    std::string sqlstate_;
};

// java.sql.Types, reduced to what the type mappings distinguish.
enum class SqlType {
    Boolean,
    Bit,
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    Numeric,
    Decimal,
    Char,  // char/varchar/text/clob/json/uuid/xml: read as text
    Binary,
    Date,
    Time,
    Timestamp,    // without time zone: wall clock in db.timezone
    TimestampTz,  // an absolute instant
    Other,        // unsupported: the column is left out
};

enum class Nullability { NotNull, Nullable, Unknown };

struct ColumnInfo {
    std::string name;
    std::string type_name;  // as the database names it (declared type for SQLite)
    SqlType type = SqlType::Other;
    int precision = 0;
    int scale = 0;
    bool scale_known = false;
    Nullability nullable = Nullability::Unknown;
    bool auto_increment = false;
    uint32_t native_type = 0;  // driver type id (PG type OID), 0 if none
    int bit_length = 0;        // PG bit(n)
};

// [catalog.][schema.]table; empty parts are absent.
struct TableId {
    std::string catalog;
    std::string schema;
    std::string table;

    // Unquoted, dot-joined (the form used in offsets and filters).
    std::string fqn() const;
    bool operator==(const TableId&) const = default;
    bool operator<(const TableId& o) const;
};

struct TableInfo {
    TableId id;
    std::string type;  // TABLE, VIEW, ...
};

// A forward-only result being read row by row. Column accessors are valid for
// the current row until the next next(); views point into driver memory.
class Cursor {
  public:
    virtual ~Cursor() = default;
    virtual const std::vector<ColumnInfo>& columns() const = 0;
    // Advances to the next row; false when the result is exhausted.
    virtual bool next() = 0;
    virtual bool is_null(int col) const = 0;
    virtual int64_t get_int(int col) const = 0;
    virtual double get_double(int col) const = 0;
    virtual bool get_bool(int col) const = 0;
    // Character data (also any value read as text).
    virtual std::string_view get_text(int col) const = 0;
    virtual std::string_view get_bytes(int col) const = 0;
    // Plain decimal text of a numeric value.
    virtual std::string get_decimal_text(int col) const = 0;
    // Temporal values; `zone` interprets values stored without a zone.
    virtual Instant get_timestamp(int col, const TimeZone& zone) const = 0;
    virtual int64_t get_date_days(int col) const = 0;
    virtual int64_t get_time_micros(int col, const TimeZone& zone) const = 0;
};

// A prepared statement. bind_* take 0-based parameter positions; values are
// copied at once, so callers may reuse their buffers.
class Statement {
  public:
    virtual ~Statement() = default;
    virtual int param_count() const = 0;
    virtual void bind_null(int i) = 0;
    virtual void bind_int(int i, int64_t v) = 0;
    virtual void bind_double(int i, double v) = 0;
    virtual void bind_bool(int i, bool v) = 0;
    virtual void bind_text(int i, std::string_view v) = 0;
    virtual void bind_bytes(int i, std::string_view v) = 0;
    // Runs a DML statement with the bound values; returns rows affected.
    virtual int64_t execute() = 0;
    // Runs a query with the bound values; reads up to fetch_size rows per
    // round trip and never the whole result at once.
    virtual std::unique_ptr<Cursor> query(int fetch_size) = 0;
};

class Connection {
  public:
    virtual ~Connection() = default;
    // Runs SQL without parameters or results (DDL, SET, BEGIN...).
    virtual void execute(const std::string& sql) = 0;
    virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
    // Checks the connection still works (Java Connection.isValid).
    virtual bool is_valid() = 0;
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual bool in_transaction() const = 0;

    // Metadata (java.sql.DatabaseMetaData equivalents).
    // nullopt pattern = no filter; "" = objects without a catalog/schema.
    virtual std::vector<TableInfo> list_tables(const std::optional<std::string>& catalog,
                                               const std::optional<std::string>& schema_pattern,
                                               const std::vector<std::string>& types) = 0;
    // Columns of a table in ordinal order; empty when the table does not exist.
    virtual std::vector<ColumnInfo> table_columns(const TableId& table) = 0;
    virtual std::vector<std::string> primary_key(const TableId& table) = 0;
    // The current schema/catalog that unqualified names resolve in.
    virtual std::string current_schema() = 0;
    virtual std::string current_catalog() = 0;
};

}  // namespace kcjdbc
