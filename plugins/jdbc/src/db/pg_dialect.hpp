// PostgreSQL (jdbc:postgresql:) over libpq.
#pragma once

#include "db/dialect.hpp"

namespace kcjdbc {

class PostgresDialect final : public Dialect {
  public:
    using Dialect::Dialect;
    std::string_view name() const override { return "PostgreSqlDatabaseDialect"; }
    std::unique_ptr<Connection> connect(const std::string& user,
                                        const std::string& password) const override;
    char quote_char() const override { return '"'; }
    TableId parse_table(std::string_view text) const override;
    std::string placeholder(int n) const override { return "$" + std::to_string(n + 1); }
    std::string current_time_sql() const override { return "SELECT CURRENT_TIMESTAMP"; }
    void bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                        bool alt_storage) const override;
    void begin_read(Connection& c, const std::string& isolation_level) const override;
    std::string sql_type(kc::SchemaView s) const override;
    std::string epoch_timestamp_sql_type() const override { return "TIMESTAMP"; }
    std::string bool_literal(bool b) const override { return b ? "TRUE" : "FALSE"; }
    std::string insert_sql(const TableId& t, const std::vector<std::string>& keys,
                           const std::vector<std::string>& values, size_t rows,
                           const std::vector<std::string>& casts) const override;
    std::string upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                           const std::vector<std::string>& values, size_t rows,
                           const std::vector<std::string>& casts) const override;
    size_t max_rows_per_statement(size_t columns) const override;
    void bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                       const TimeZone& zone) const override;
    std::string param_cast(const ColumnInfo& c) const override;
};

}  // namespace kcjdbc
