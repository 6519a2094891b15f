#include "db/mysql_dialect.hpp"

#include <kc/error.hpp>
#include <kc/logical.hpp>

#include "db/mysql_connection.hpp"

namespace kcjdbc {

std::unique_ptr<Connection> MySqlDialect::connect(const std::string& user,
                                                  const std::string& password) const {
    MysqlOptions options;
    try {
        options = mysql_options(url_, user, password);
    } catch (const std::invalid_argument& e) {
        throw kc::ConfigException(e.what());
    }
    return open_mysql(options);
}

void MySqlDialect::bind_timestamp(Statement& s, int i, const Instant& t, const TimeZone& zone,
                                  bool alt_storage) const {
    // No offset in the text: MySQL would convert it to the session's zone.
    // A TIMESTAMP column compares in the session's UTC; a DATETIME holds a
    // wall clock in db.timezone.
    s.bind_text(i, format_timestamp(t, alt_storage ? *TimeZone::utc() : zone, 6, false));
}

bool MySqlDialect::alternative_timestamp_storage(Connection& c, const std::string& from_sql,
                                                 const std::string& expr) const {
    auto probe = c.prepare("SELECT " + expr + " FROM " + from_sql + " LIMIT 0");
    auto cur = probe->query(1);
    return cur->columns().at(0).type == SqlType::TimestampTz;
}

std::string MySqlDialect::sql_type(kc::SchemaView s) const {
    namespace lg = kc::logical;
    if (lg::is_decimal(s)) return "DECIMAL(65," + std::to_string(lg::decimal_scale(s)) + ")";
    if (lg::is_date(s)) return "DATE";
    if (lg::is_time(s)) return "TIME(3)";
    if (lg::is_timestamp(s)) return "DATETIME(3)";
    switch (s.type()) {
        case kc::Type::Int8:
            return "TINYINT";
        case kc::Type::Int16:
            return "SMALLINT";
        case kc::Type::Int32:
            return "INT";
        case kc::Type::Int64:
            return "BIGINT";
        case kc::Type::Float32:
            return "FLOAT";
        case kc::Type::Float64:
            return "DOUBLE";
        case kc::Type::Boolean:
            return "TINYINT";
        case kc::Type::String:
            return "TEXT";
        case kc::Type::Bytes:
            return "VARBINARY(1024)";
        default:
            throw kc::ConnectException(std::string(kc::type_name(s.type())) + " (" +
                                       std::string(s.name()) +
                                       ") type doesn't have a mapping to the SQL database column "
                                       "type");
    }
}

std::string MySqlDialect::key_sql_type(kc::SchemaView s) const {
    // A TEXT column cannot be a primary key without a prefix length.
    if (s.type() == kc::Type::String && !s.name().size()) return "VARCHAR(256)";
    return sql_type(s);
}

std::string MySqlDialect::upsert_sql(const TableId& t, const std::vector<std::string>& keys,
                                     const std::vector<std::string>& values, size_t rows,
                                     const std::vector<std::string>& casts) const {
    std::string out = insert_sql(t, keys, values, rows, casts) + " ON DUPLICATE KEY UPDATE ";
    // Only keys: re-assigning the first key keeps the row as it is.
    if (values.empty()) return out + quote(keys.at(0)) + "=VALUES(" + quote(keys[0]) + ")";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + quote(values[i]) + "=VALUES(" + quote(values[i]) + ")";
    return out;
}

void MySqlDialect::bind_temporal(Statement& s, int i, TemporalKind kind, int64_t value,
                                 const TimeZone& zone) const {
    switch (kind) {
        case TemporalKind::Date:
            s.bind_text(i, format_date(day_in_zone(value, zone)));
            break;
        case TemporalKind::Time:
            s.bind_text(i, format_time_of_day(value * 1000));
            break;
        case TemporalKind::Timestamp:
            s.bind_text(i, format_timestamp(Instant::from_millis(value), zone, 3, false));
            break;
    }
}

void MySqlDialect::begin_read(Connection& c, const std::string& isolation_level) const {
    // Without SESSION, SET TRANSACTION applies to the next transaction only,
    // and must come before it starts.
    c.execute("SET TRANSACTION ISOLATION LEVEL " + isolation_level);
    c.begin();
}

}  // namespace kcjdbc
