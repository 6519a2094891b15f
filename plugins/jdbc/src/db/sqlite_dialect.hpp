// SQLite (jdbc:sqlite:) over libsqlite3.
#pragma once

#include <algorithm>

#include "db/dialect.hpp"

namespace kcjdbc {

class SqliteDialect final : public Dialect {
  public:
    using Dialect::Dialect;
    std::string_view name() const override { return "SqliteDatabaseDialect"; }
    std::unique_ptr<Connection> connect(const std::string& user,
                                        const std::string& password) const override;
    char quote_char() const override { return '`'; }
    std::string placeholder(int) const override { return "?"; }
    // The anchor's '%S.%f' is malformed (%f already holds the seconds).
    std::string current_time_sql() const override {
        return "SELECT strftime('%Y-%m-%d %H:%M:%f','now')";
    }
    void bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                        bool alt_storage) const override;
    bool alternative_timestamp_storage(Connection& c, const std::string& from_sql,
                                       const std::string& expr) const override;
    std::string sql_type(kc::SchemaView s) const override;
    std::string epoch_timestamp_sql_type() const override { return "NUMERIC"; }
    std::vector<std::string> alter_table_sql(const TableId& t,
                                             const std::vector<SinkColumn>& add) const override;
    std::string upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                           const std::vector<std::string>& values, size_t rows,
                           const std::vector<std::string>& casts) const override;
    // Multi-row VALUES saves a VM run per row; 32766 variables per statement.
    size_t max_rows_per_statement(size_t columns) const override {
        return std::clamp<size_t>(32766 / std::max<size_t>(columns, 1), 1, 500);
    }
    void bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                       const TimeZone& zone) const override;
};

}  // namespace kcjdbc
