#include "db/pg_dialect.hpp"

#include <kc/error.hpp>
#include <kc/logical.hpp>

#include <algorithm>
#include <cctype>

#include "db/pg_connection.hpp"

namespace kcjdbc {

std::unique_ptr<Connection> PostgresDialect::connect(const std::string& user,
                                                     const std::string& password) const {
    std::string conninfo;
    try {
        conninfo = pg_conninfo(url_, user, password);
    } catch (const std::invalid_argument& e) {
        throw kc::ConfigException(e.what());
    }
    return open_postgres(conninfo);
}

TableId PostgresDialect::parse_table(std::string_view text) const {
    TableId t = Dialect::parse_table(text);
    if (quote_mode_ == QuoteMode::Never) {
        // Unquoted identifiers fold to lower case in PostgreSQL.
        for (std::string* part : {&t.catalog, &t.schema, &t.table})
            for (auto& c : *part)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return t;
}

void PostgresDialect::bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                                     bool) const {
    // Wall clock in db.timezone with its offset: a TIMESTAMP column ignores the
    // offset (compares wall clocks), a TIMESTAMPTZ column honours it.
    s.bind_text(i, format_timestamp(t, zone, 9, true));
}

void PostgresDialect::begin_read(Connection& c, const std::string& isolation_level) const {
    c.begin();
    c.execute("SET TRANSACTION ISOLATION LEVEL " + isolation_level);
}

std::string PostgresDialect::sql_type(kc::SchemaView s) const {
    namespace lg = kc::logical;
    if (lg::is_decimal(s)) return "DECIMAL";
    if (lg::is_date(s)) return "DATE";
    if (lg::is_time(s)) return "TIME";
    if (lg::is_timestamp(s)) return "TIMESTAMP";
    switch (s.type()) {
        case kc::Type::Int8:
        case kc::Type::Int16:
            return "SMALLINT";
        case kc::Type::Int32:
            return "INT";
        case kc::Type::Int64:
            return "BIGINT";
        case kc::Type::Float32:
            return "REAL";
        case kc::Type::Float64:
            return "DOUBLE PRECISION";
        case kc::Type::Boolean:
            return "BOOLEAN";
        case kc::Type::String:
            return "TEXT";
        case kc::Type::Bytes:
            return "BYTEA";
        case kc::Type::Array:
            return sql_type(s.value_schema()) + "[]";
        default:
            throw kc::ConnectException(std::string(kc::type_name(s.type())) + " (" +
                                       std::string(s.name()) +
                                       ") type doesn't have a mapping to the SQL database column "
                                       "type");
    }
}

std::string PostgresDialect::insert_sql(const TableId& t, const std::vector<std::string>& keys,
                                        const std::vector<std::string>& values, size_t rows,
                                        const std::vector<std::string>& casts) const {
    std::vector<std::string> all = keys;
    all.insert(all.end(), values.begin(), values.end());
    return "INSERT INTO " + table_sql(t) + " (" + column_list(all) + ") VALUES " +
           values_rows(all.size(), rows, casts, ",");
}

std::string PostgresDialect::upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                                        const std::vector<std::string>& values, size_t rows,
                                        const std::vector<std::string>& casts) const {
    std::string out =
        insert_sql(t, keys, values, rows, casts) + " ON CONFLICT (" + column_list(keys) + ") DO ";
    if (values.empty()) return out + "NOTHING";
    out += "UPDATE SET ";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + quote(values[i]) + "=EXCLUDED." + quote(values[i]);
    return out;
}

size_t PostgresDialect::max_rows_per_statement(size_t columns) const {
    // The protocol carries at most 65535 parameters per statement.
    return std::clamp<size_t>(65535 / std::max<size_t>(columns, 1), 1, 1000);
}

void PostgresDialect::bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                                    const TimeZone& zone) const {
    switch (kind) {
        case TemporalKind::Date:
            s.bind_text(i, format_date(day_in_zone(value, zone)));
            break;
        case TemporalKind::Time:
            s.bind_text(i, format_time_of_day(value * 1000));
            break;
        case TemporalKind::Timestamp:
            s.bind_text(i, format_timestamp(Instant::from_millis(value), zone, 3, true));
            break;
    }
}

std::string PostgresDialect::param_cast(const ColumnInfo& c) const {
    if (c.type_name == "json" || c.type_name == "jsonb" || c.type_name == "uuid")
        return "::" + c.type_name;
    return {};
}

}  // namespace kcjdbc
