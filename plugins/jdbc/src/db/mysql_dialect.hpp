// MySQL and MariaDB (jdbc:mysql:, jdbc:mariadb:) over MariaDB Connector/C.
#pragma once

#include <algorithm>

#include "db/dialect.hpp"

namespace kcjdbc {

class MySqlDialect final : public Dialect {
  public:
    using Dialect::Dialect;
    std::string_view name() const override { return "MySqlDatabaseDialect"; }
    std::unique_ptr<Connection> connect(const std::string& user,
                                        const std::string& password) const override;
    char quote_char() const override { return '`'; }
    std::string placeholder(int) const override { return "?"; }
    // UTC, like every TIMESTAMP the session reads (its time_zone is UTC).
    std::string current_time_sql() const override { return "SELECT UTC_TIMESTAMP(6)"; }
    void bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                        bool alt_storage) const override;
    bool alternative_timestamp_storage(Connection& c, const std::string& from_sql,
                                       const std::string& expr) const override;
    std::string sql_type(kc::SchemaView s) const override;
    std::string key_sql_type(kc::SchemaView s) const override;
    std::string epoch_timestamp_sql_type() const override { return "DATETIME(6)"; }
    std::string upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                           const std::vector<std::string>& values, size_t rows,
                           const std::vector<std::string>& casts) const override;
    // Values travel inside the statement text, which must fit the server's
    // max_allowed_packet (16 MiB by default): 2000 rows allow ~8 KB a row;
    // tables with larger rows need a smaller batch.size.
    size_t max_rows_per_statement(size_t columns) const override {
        return std::clamp<size_t>(65535 / std::max<size_t>(columns, 1), 1, 2000);
    }
    void bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                       const TimeZone& zone) const override;
    void begin_read(Connection& c, const std::string& isolation_level) const override;
};

}  // namespace kcjdbc
