#include "db/dialect.hpp"

#include <kc/error.hpp>

#include <charconv>
#include <kc/logical.hpp>
#include <tuple>

#include "db/mysql_dialect.hpp"
#include "db/pg_dialect.hpp"
#include "db/sqlite_dialect.hpp"

namespace kcjdbc {

std::string TableId::fqn() const {
    std::string out;
    for (const std::string* part : {&catalog, &schema}) {
        if (!part->empty()) out += *part + ".";
    }
    return out + table;
}

bool TableId::operator<(const TableId& o) const {
    return std::tie(catalog, schema, table) < std::tie(o.catalog, o.schema, o.table);
}

std::string Dialect::quote(std::string_view ident) const {
    if (quote_mode_ == QuoteMode::Never) return std::string(ident);
    const char q = quote_char();
    std::string out(1, q);
    for (char c : ident) {
        if (c == q) out.push_back(q);
        out.push_back(c);
    }
    out.push_back(q);
    return out;
}

std::string Dialect::table_sql(const TableId& t) const {
    std::string out;
    if (!t.catalog.empty()) out += quote(t.catalog) + ".";
    if (!t.schema.empty()) out += quote(t.schema) + ".";
    return out + quote(t.table);
}

TableId Dialect::parse_table(std::string_view text) const {
    // Split on dots outside quotes; strip the quotes of each part.
    std::vector<std::string> parts(1);
    char open = 0;
    for (char c : text) {
        if (open) {
            if (c == open)
                open = 0;
            else
                parts.back().push_back(c);
        } else if (c == '"' || c == '`') {
            open = c;
        } else if (c == '.') {
            parts.emplace_back();
        } else {
            parts.back().push_back(c);
        }
    }
    TableId t;
    t.table = parts.back();
    if (parts.size() >= 2) t.schema = parts[parts.size() - 2];
    if (parts.size() >= 3) t.catalog = parts[parts.size() - 3];
    return t;
}

Instant Dialect::current_time(Connection& c) const {
    auto stmt = c.prepare(current_time_sql());
    auto cur = stmt->query(1);
    if (!cur->next()) throw SqlError("'" + current_time_sql() + "' returned no row", false);
    return cur->get_timestamp(0, *TimeZone::utc());
}

std::string Dialect::column_definition(const SinkColumn& c) const {
    std::string out = quote(c.name) + " " +
                      (c.epoch_timestamp ? epoch_timestamp_sql_type()
                       : c.is_key        ? key_sql_type(c.schema)
                                         : sql_type(c.schema));
    const kc_value* def = c.schema.default_value();
    if (def && def->tag != KC_VAL_NULL) out += " DEFAULT " + format_default(c.schema, def);
    if (c.is_key)
        out += " NOT NULL";
    else if (def && def->tag != KC_VAL_NULL) {
    } else if (c.schema.optional())
        out += " NULL";
    else
        out += " NOT NULL";
    return out;
}

std::string Dialect::create_table_sql(const TableId& t,
                                      const std::vector<SinkColumn>& columns) const {
    std::string out = "CREATE TABLE " + table_sql(t) + " (";
    std::vector<std::string> keys;
    for (size_t i = 0; i < columns.size(); ++i) {
        out += i ? ",\n" : "\n";
        out += column_definition(columns[i]);
        if (columns[i].is_key) keys.push_back(quote(columns[i].name));
    }
    if (!keys.empty()) {
        out += ",\nPRIMARY KEY(";
        for (size_t i = 0; i < keys.size(); ++i)
            out += (i ? "," : "") + keys[i];
        out += ")";
    }
    return out + ")";
}

std::vector<std::string> Dialect::alter_table_sql(const TableId& t,
                                                  const std::vector<SinkColumn>& add) const {
    std::string out = "ALTER TABLE " + table_sql(t) + " ";
    for (size_t i = 0; i < add.size(); ++i) {
        if (add.size() > 1) out += i ? ",\n" : "\n";
        out += "ADD " + column_definition(add[i]);
    }
    return {out};
}

std::string Dialect::format_default(kc::SchemaView s, kc::ValueView v) const {
    namespace lg = kc::logical;
    if (lg::is_decimal(s)) return lg::decimal_to_plain_string(v.as_string(), lg::decimal_scale(s));
    if (lg::is_date(s)) return "'" + format_date(day_in_zone(v.as_int(), *date_zone_)) + "'";
    if (lg::is_time(s)) return "'" + format_time_of_day(v.as_int() * 1000) + "'";
    if (lg::is_timestamp(s))
        return "'" +
               format_timestamp(Instant::from_millis(v.as_int()), *TimeZone::utc(), 3, false) + "'";
    switch (v.tag()) {
        case KC_VAL_BOOLEAN:
            return bool_literal(v.as_bool());
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            return std::to_string(v.as_int());
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64: {
            char buf[64];
            auto r = std::to_chars(buf, buf + sizeof buf, v.as_double());
            return std::string(buf, r.ptr);
        }
        case KC_VAL_STRING: {
            std::string out = "'";
            for (char c : v.as_string()) {
                if (c == '\'') out.push_back('\'');
                out.push_back(c);
            }
            return out + "'";
        }
        case KC_VAL_BYTES: {
            static const char* hex = "0123456789abcdef";
            std::string out = "x'";
            for (unsigned char c : v.as_string()) {
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
            }
            return out + "'";
        }
        default:
            throw kc::ConnectException("A default value of type " +
                                       std::string(kc::type_name(s.type())) +
                                       " cannot be written as SQL");
    }
}

std::string Dialect::column_list(const std::vector<std::string>& names) const {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i ? "," : "") + quote(names[i]);
    return out;
}

std::string Dialect::values_rows(size_t columns, size_t rows, const std::vector<std::string>& casts,
                                 std::string_view row_sep) const {
    std::string out;
    int n = 0;
    for (size_t r = 0; r < rows; ++r) {
        if (r) out += row_sep;
        out += "(";
        for (size_t c = 0; c < columns; ++c) {
            if (c) out += ",";
            out += placeholder(n++);
            if (c < casts.size()) out += casts[c];
        }
        out += ")";
    }
    return out;
}

std::string Dialect::insert_sql(const TableId& t, const std::vector<std::string>& keys,
                                const std::vector<std::string>& values, size_t rows,
                                const std::vector<std::string>& casts) const {
    std::vector<std::string> all = keys;
    all.insert(all.end(), values.begin(), values.end());
    return "INSERT INTO " + table_sql(t) + "(" + column_list(all) + ") VALUES" +
           values_rows(all.size(), rows, casts, ",");
}

std::string Dialect::update_sql(const TableId& t, const std::vector<std::string>& keys,
                                const std::vector<std::string>& values) const {
    std::string out = "UPDATE " + table_sql(t) + " SET ";
    int n = 0;
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + quote(values[i]) + " = " + placeholder(n++);
    for (size_t i = 0; i < keys.size(); ++i)
        out += (i ? " AND " : " WHERE ") + quote(keys[i]) + " = " + placeholder(n++);
    return out;
}

std::string Dialect::delete_sql(const TableId& t, const std::vector<std::string>& keys) const {
    std::string out = "DELETE FROM " + table_sql(t);
    for (size_t i = 0; i < keys.size(); ++i)
        out +=
            (i ? " AND " : " WHERE ") + quote(keys[i]) + " = " + placeholder(static_cast<int>(i));
    return out;
}

std::unique_ptr<Dialect> make_dialect(const std::string& url, const std::string& dialect_name,
                                      QuoteMode quote) {
    JdbcUrl parsed;
    try {
        parsed = parse_jdbc_url(url);
    } catch (const std::invalid_argument& e) {
        throw kc::ConfigException("connection.url", redact_jdbc_url(url), e.what());
    }
    std::string which = dialect_name;
    if (which.empty()) {
        if (parsed.subprotocol == "sqlite")
            which = "SqliteDatabaseDialect";
        else if (parsed.subprotocol == "postgresql")
            which = "PostgreSqlDatabaseDialect";
        else if (parsed.subprotocol == "mysql" || parsed.subprotocol == "mariadb")
            which = "MySqlDatabaseDialect";
        else
            throw kc::ConfigException("connection.url", redact_jdbc_url(url),
                                      "no dialect for subprotocol '" + parsed.subprotocol +
                                          "' (supported: sqlite, postgresql, mysql, mariadb)");
    }
    if (which == "SqliteDatabaseDialect") return std::make_unique<SqliteDialect>(parsed, quote);
    if (which == "PostgreSqlDatabaseDialect")
        return std::make_unique<PostgresDialect>(parsed, quote);
    if (which == "MySqlDatabaseDialect") return std::make_unique<MySqlDialect>(parsed, quote);
    throw kc::ConfigException("dialect.name", dialect_name,
                              "unknown dialect (supported: SqliteDatabaseDialect, "
                              "PostgreSqlDatabaseDialect, MySqlDatabaseDialect)");
}

}  // namespace kcjdbc
