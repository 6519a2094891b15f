#include "db/sqlite_dialect.hpp"

#include <kc/error.hpp>
#include <kc/logical.hpp>

#include "db/sqlite_connection.hpp"

namespace kcjdbc {

std::unique_ptr<Connection> SqliteDialect::connect(const std::string&, const std::string&) const {
    return open_sqlite(sqlite_path(url_));
}

void SqliteDialect::bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                                   bool alt_storage) const {
    // Compare in the column's own storage format: SQLite orders every INTEGER
    // before every TEXT, so a mismatched bind would never match (#664).
    // Text compares as text: write no more fraction digits than the value
    // has, the way such values are usually stored ('2024-01-01 10:00:00',
    // '... 10:00:00.123', '... 10:00:00.123456').
    if (alt_storage)
        s.bind_text(i, format_timestamp(t, zone,
                                        t.nanos == 0               ? 0
                                        : t.nanos % 1'000'000 == 0 ? 3
                                        : t.nanos % 1'000 == 0     ? 6
                                                                   : 9,
                                        false));
    else
        s.bind_int(i, t.epoch_millis());
}

bool SqliteDialect::alternative_timestamp_storage(Connection& c, const std::string& from_sql,
                                                  const std::string& expr) const {
    auto stmt = c.prepare("SELECT typeof(" + expr + ") FROM " + from_sql + " WHERE " + expr +
                          " IS NOT NULL LIMIT 1");
    auto cur = stmt->query(1);
    return cur->next() && cur->get_text(0) == "text";
}

std::string SqliteDialect::sql_type(kc::SchemaView s) const {
    namespace lg = kc::logical;
    if (lg::is_decimal(s) || lg::is_date(s) || lg::is_time(s) || lg::is_timestamp(s))
        return "NUMERIC";
    switch (s.type()) {
        case kc::Type::Int8:
        case kc::Type::Int16:
        case kc::Type::Int32:
        case kc::Type::Int64:
        case kc::Type::Boolean:
            return "INTEGER";
        case kc::Type::Float32:
        case kc::Type::Float64:
            return "REAL";
        case kc::Type::String:
            return "TEXT";
        case kc::Type::Bytes:
            return "BLOB";
        default:
            throw kc::ConnectException(std::string(kc::type_name(s.type())) + " (" +
                                       std::string(s.name()) +
                                       ") type doesn't have a mapping to the SQL database column "
                                       "type");
    }
}

std::vector<std::string> SqliteDialect::alter_table_sql(const TableId& t,
                                                        const std::vector<SinkColumn>& add) const {
    // SQLite adds one column per ALTER TABLE statement.
    std::vector<std::string> out;
    for (const auto& c : add)
        out.push_back("ALTER TABLE " + table_sql(t) + " ADD " + column_definition(c));
    return out;
}

std::string SqliteDialect::upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                                      const std::vector<std::string>& values, size_t rows,
                                      const std::vector<std::string>& casts) const {
    return "INSERT OR REPLACE" + insert_sql(t, keys, values, rows, casts).substr(6);
}

void SqliteDialect::bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                                  const TimeZone&) const {
    // Stored as epoch milliseconds, as the Java connector's SQLite driver does; it
    // ignores the calendar (so date.timezone has no effect here either).
    switch (kind) {
        case TemporalKind::Date:
            s.bind_int(i, value * kc::logical::kMillisPerDay);
            break;
        case TemporalKind::Time:
        case TemporalKind::Timestamp:
            s.bind_int(i, value);
            break;
    }
}

}  // namespace kcjdbc
