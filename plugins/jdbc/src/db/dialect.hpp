// A database dialect: everything that differs between databases - how to
// connect, quote, name types, write upserts, ask for the time. Connectors only
// talk to a Dialect and the Connection it opens; adding a database (MySQL) is
// one more subclass registered in make_dialect().
#pragma once

#include <kc/data.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "db/jdbc_url.hpp"

namespace kcjdbc {

enum class QuoteMode { Always, Never };

// What the sink binds for a logical temporal value.
enum class TemporalKind { Date, Time, Timestamp };

// A column the sink writes or creates.
struct SinkColumn {
    std::string name;
    kc::SchemaView schema;
    bool is_key = false;
    bool epoch_timestamp = false;  // timestamp.fields.list: typed epoch_timestamp_sql_type()
};

class Dialect {
  public:
    Dialect(JdbcUrl url, QuoteMode quote) : url_(std::move(url)), quote_mode_(quote) {}
    virtual ~Dialect() = default;

    // The reference's dialect class name (dialect.name values).
    virtual std::string_view name() const = 0;
    virtual std::unique_ptr<Connection> connect(const std::string& user,
                                                const std::string& password) const = 0;

    // Identifiers.
    virtual char quote_char() const = 0;
    std::string quote(std::string_view ident) const;
    // Quoted, dot-joined table name ("public"."orders").
    std::string table_sql(const TableId& t) const;
    // Parses [catalog.][schema.]table (quotes stripped); `never` quoting with
    // a case-folding database folds unquoted parts.
    virtual TableId parse_table(std::string_view text) const;
    // A placeholder for the n-th (0-based) parameter.
    virtual std::string placeholder(int n) const = 0;

    // Source side.
    virtual std::string current_time_sql() const = 0;
    Instant current_time(Connection& c) const;
    // Binds a timestamp criterion. `alt_storage` is what
    // alternative_timestamp_storage() answered for the criterion's column.
    virtual void bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                                bool alt_storage) const = 0;
    // Whether the criterion's column keeps timestamps in the dialect's other
    // form: text rather than epoch milliseconds (SQLite), an instant rather
    // than a wall clock in db.timezone (MySQL's TIMESTAMP). Others return
    // false without asking.
    virtual bool alternative_timestamp_storage(Connection&, const std::string& /*from_sql*/,
                                               const std::string& /*expr*/) const {
        return false;
    }

    // Starts the source's read transaction at transaction.isolation.mode's
    // level (SQL words, e.g. "READ COMMITTED"); databases without levels to
    // choose from (SQLite's reads are serializable) do nothing.
    virtual void begin_read(Connection&, const std::string& /*isolation_level*/) const {}

    // Sink side: DDL.
    // SQL type for a Connect schema; throws ConnectException when unmappable.
    virtual std::string sql_type(kc::SchemaView s) const = 0;
    // SQL type of a primary-key column (MySQL cannot index a whole TEXT).
    virtual std::string key_sql_type(kc::SchemaView s) const { return sql_type(s); }
    // SQL type of a timestamp.fields.list column (an INT64/STRING epoch count).
    virtual std::string epoch_timestamp_sql_type() const = 0;
    std::string create_table_sql(const TableId& t, const std::vector<SinkColumn>& columns) const;
    // One or more statements adding the columns.
    virtual std::vector<std::string> alter_table_sql(const TableId& t,
                                                     const std::vector<SinkColumn>& add) const;
    std::string column_definition(const SinkColumn& c) const;
    virtual std::string format_default(kc::SchemaView s, kc::ValueView v) const;
    virtual std::string bool_literal(bool b) const { return b ? "1" : "0"; }

    // Sink side: DML. Column lists are quoted here. `casts` (empty, or one
    // per key+value column) are appended to the placeholders (PG "::json").
    virtual std::string insert_sql(const TableId& t, const std::vector<std::string>& keys,
                                   const std::vector<std::string>& values, size_t rows,
                                   const std::vector<std::string>& casts) const;
    virtual std::string upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                                   const std::vector<std::string>& values, size_t rows,
                                   const std::vector<std::string>& casts) const = 0;
    std::string update_sql(const TableId& t, const std::vector<std::string>& keys,
                           const std::vector<std::string>& values) const;
    std::string delete_sql(const TableId& t, const std::vector<std::string>& keys) const;
    // Most rows one multi-row INSERT may carry (1 = no multi-row statements).
    virtual size_t max_rows_per_statement(size_t columns) const = 0;
    // Binds a Date/Time/Timestamp (Connect's day / ms-of-day / epoch ms). A
    // Date is the day its UTC midnight falls on in `zone` (date.timezone).
    virtual void bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                               const TimeZone& zone) const = 0;
    // Binds a Decimal given as plain text.
    virtual void bind_decimal(Statement& s, int i, std::string_view text) const {
        s.bind_text(i, text);
    }
    // Whether an existing column of this type needs its parameter cast
    // (PG json/jsonb/uuid take text only through an explicit cast).
    virtual std::string param_cast(const ColumnInfo&) const { return {}; }

    // Zone of Date default literals in DDL (the sink's date.timezone); UTC until set.
    void set_date_zone(std::shared_ptr<const TimeZone> zone) { date_zone_ = std::move(zone); }

    const JdbcUrl& url() const { return url_; }
    QuoteMode quote_mode() const { return quote_mode_; }

  protected:
    std::string values_rows(size_t columns, size_t rows, const std::vector<std::string>& casts,
                            std::string_view row_sep) const;
    std::string column_list(const std::vector<std::string>& names) const;

    JdbcUrl url_;
    QuoteMode quote_mode_;
    std::shared_ptr<const TimeZone> date_zone_ = TimeZone::utc();
};

// Picks the dialect for a URL, or the named one (dialect.name). Throws
// kc::ConfigException for an unknown subprotocol or name.
std::unique_ptr<Dialect> make_dialect(const std::string& url, const std::string& dialect_name,
                                      QuoteMode quote);

}  // namespace kcjdbc
