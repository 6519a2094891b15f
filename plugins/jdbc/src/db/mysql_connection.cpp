#include "db/mysql_connection.hpp"

#include <mysql.h>

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstring>

namespace kcjdbc {

namespace {

// Client and server error numbers that mean "try again": the connection went
// away, the server is shutting down, or a lock could not be had in time.
bool transient_errno(unsigned e) {
    switch (e) {
        case 1040:  // ER_CON_COUNT_ERROR
        case 1053:  // ER_SERVER_SHUTDOWN
        case 1205:  // ER_LOCK_WAIT_TIMEOUT
        case 1213:  // ER_LOCK_DEADLOCK
        case 1927:  // ER_CONNECTION_KILLED
        case 2002:  // CR_CONNECTION_ERROR
        case 2003:  // CR_CONN_HOST_ERROR
        case 2005:  // CR_UNKNOWN_HOST
        case 2006:  // CR_SERVER_GONE_ERROR
        case 2013:  // CR_SERVER_LOST
        case 2055:  // CR_SERVER_LOST_EXTENDED
        case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT
            return true;
        default:
            return false;
    }
}

bool connection_lost(unsigned e) {
    return e == 2006 || e == 2013 || e == 2055 || e == 1927 || e == 1053 || e == 4031;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.remove_suffix(1);
    return s;
}

bool is_temporal(enum_field_types t) {
    return t == MYSQL_TYPE_DATE || t == MYSQL_TYPE_NEWDATE || t == MYSQL_TYPE_DATETIME ||
           t == MYSQL_TYPE_TIMESTAMP;
}

// MySQL column metadata as Connector/J reports it in java.sql.Types.
void classify(ColumnInfo& c, const MYSQL_FIELD& f, bool tiny_int1_is_bit) {
    const bool is_unsigned = f.flags & UNSIGNED_FLAG;
    const bool binary = f.charsetnr == 63;
    const std::string u = is_unsigned ? " UNSIGNED" : "";
    c.native_type = f.type;
    c.nullable = (f.flags & NOT_NULL_FLAG) ? Nullability::NotNull : Nullability::Nullable;
    c.auto_increment = f.flags & AUTO_INCREMENT_FLAG;
    // Unsigned integers take the next wider type so every value fits.
    switch (f.type) {
        case MYSQL_TYPE_TINY:
            if (f.length == 1 && tiny_int1_is_bit) {
                c.type = SqlType::Boolean;
                c.type_name = "TINYINT(1)";
            } else {
                c.type = is_unsigned ? SqlType::SmallInt : SqlType::TinyInt;
                c.type_name = "TINYINT" + u;
            }
            break;
        case MYSQL_TYPE_SHORT:
            c.type = is_unsigned ? SqlType::Integer : SqlType::SmallInt;
            c.type_name = "SMALLINT" + u;
            break;
        case MYSQL_TYPE_INT24:
            c.type = SqlType::Integer;
            c.type_name = "MEDIUMINT" + u;
            break;
        case MYSQL_TYPE_LONG:
            c.type = is_unsigned ? SqlType::BigInt : SqlType::Integer;
            c.type_name = "INT" + u;
            break;
        case MYSQL_TYPE_LONGLONG:
            c.type = SqlType::BigInt;
            c.type_name = "BIGINT" + u;
            break;
        case MYSQL_TYPE_YEAR:
            c.type = SqlType::Date;
            c.type_name = "YEAR";
            break;
        case MYSQL_TYPE_FLOAT:
            c.type = SqlType::Real;
            c.type_name = "FLOAT" + u;
            break;
        case MYSQL_TYPE_DOUBLE:
            c.type = SqlType::Double;
            c.type_name = "DOUBLE" + u;
            break;
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL:
            c.type = SqlType::Decimal;
            c.type_name = "DECIMAL" + u;
            c.scale = static_cast<int>(f.decimals);
            // The display length counts the sign and the decimal point.
            c.precision =
                static_cast<int>(f.length) - (c.scale > 0 ? 1 : 0) - (is_unsigned ? 0 : 1);
            c.scale_known = true;
            break;
        case MYSQL_TYPE_BIT:
            c.bit_length = static_cast<int>(f.length);
            c.type = c.bit_length == 1 ? SqlType::Boolean : SqlType::Bit;
            c.type_name = "BIT(" + std::to_string(f.length) + ")";
            break;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            c.type = SqlType::Date;
            c.type_name = "DATE";
            break;
        case MYSQL_TYPE_TIME:
            c.type = SqlType::Time;
            c.type_name = "TIME";
            break;
        case MYSQL_TYPE_DATETIME:
            c.type = SqlType::Timestamp;  // a wall clock: read in db.timezone
            c.type_name = "DATETIME";
            break;
        case MYSQL_TYPE_TIMESTAMP:
            c.type = SqlType::TimestampTz;  // an instant, sent in the session's UTC
            c.type_name = "TIMESTAMP";
            break;
        case MYSQL_TYPE_JSON:
            c.type = SqlType::Char;
            c.type_name = "JSON";
            break;
        case MYSQL_TYPE_VARCHAR:
        case MYSQL_TYPE_VAR_STRING:
        case MYSQL_TYPE_STRING:
        case MYSQL_TYPE_ENUM:
        case MYSQL_TYPE_SET:
        case MYSQL_TYPE_TINY_BLOB:
        case MYSQL_TYPE_MEDIUM_BLOB:
        case MYSQL_TYPE_LONG_BLOB:
        case MYSQL_TYPE_BLOB:
            if (f.flags & ENUM_FLAG) {
                c.type = SqlType::Char;
                c.type_name = "ENUM";
            } else if (f.flags & SET_FLAG) {
                c.type = SqlType::Char;
                c.type_name = "SET";
            } else if (binary) {
                c.type = SqlType::Binary;
                c.type_name = f.type == MYSQL_TYPE_STRING       ? "BINARY"
                              : f.type == MYSQL_TYPE_VAR_STRING ? "VARBINARY"
                                                                : "BLOB";
            } else {
                c.type = SqlType::Char;
                c.type_name = f.type == MYSQL_TYPE_STRING       ? "CHAR"
                              : f.type == MYSQL_TYPE_VAR_STRING ? "VARCHAR"
                                                                : "TEXT";
            }
            break;
        default:
            c.type = SqlType::Other;
            c.type_name = "MySQL type " + std::to_string(f.type);
            break;
    }
}

class MyConnection;

class MyCursor final : public Cursor {
  public:
    MyCursor(MyConnection& conn, MYSQL_RES* res);
    ~MyCursor() override;

    const std::vector<ColumnInfo>& columns() const override { return columns_; }
    bool next() override;
    bool is_null(int c) const override {
        if (!row_[c]) return true;
        // zeroDateTimeBehavior=CONVERT_TO_NULL: MySQL's "zero" dates read as NULL.
        return zero_null_ && is_temporal(static_cast<enum_field_types>(columns_[c].native_type)) &&
               std::string_view(row_[c], lengths_[c]).starts_with("0000-00-00");
    }
    int64_t get_int(int c) const override {
        std::string_view t = text(c);
        if (columns_[c].native_type == MYSQL_TYPE_BIT) {
            uint64_t v = 0;
            for (unsigned char b : t)
                v = (v << 8) | b;
            return static_cast<int64_t>(v);
        }
        int64_t v = 0;
        auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size())
            throw SqlError("Value " + std::string(t) + " of column " + columns_[c].name + " (" +
                               columns_[c].type_name + ") is not a 64-bit integer",
                           false);
        return v;
    }
    double get_double(int c) const override {
        std::string_view t = text(c);
        double v = 0;
        auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc())
            throw SqlError(
                "Value " + std::string(t) + " of column " + columns_[c].name + " is not a number",
                false);
        return v;
    }
    bool get_bool(int c) const override {
        std::string_view t = text(c);
        if (columns_[c].native_type == MYSQL_TYPE_BIT)
            return std::any_of(t.begin(), t.end(), [](char b) { return b != 0; });
        return !(t == "0" || t.empty());
    }
    std::string_view get_text(int c) const override { return text(c); }
    std::string_view get_bytes(int c) const override { return text(c); }
    std::string get_decimal_text(int c) const override { return std::string(text(c)); }
    Instant get_timestamp(int c, const TimeZone& zone) const override {
        std::string_view t = text(c);
        const auto type = columns_[c].native_type;
        if (type == MYSQL_TYPE_DATE || type == MYSQL_TYPE_NEWDATE)
            return Instant{date_days(c, t) * 86400, 0};
        auto local = parse_local_datetime(t);
        if (!local) throw bad_temporal(c, t);
        if (type == MYSQL_TYPE_TIMESTAMP) return *local;  // the session runs in UTC
        return Instant{zone.local_to_utc(local->seconds), local->nanos};
    }
    int64_t get_date_days(int c) const override {
        std::string_view t = text(c);
        if (columns_[c].native_type == MYSQL_TYPE_YEAR) {
            int year = 0;
            std::from_chars(t.data(), t.data() + t.size(), year);
            return days_from_civil(year, 1, 1);
        }
        return date_days(c, t.substr(0, 10));
    }
    int64_t get_time_micros(int c, const TimeZone&) const override {
        // [-]H{1,3}:MM:SS[.ffffff]; MySQL's TIME is a duration of up to 838
        // hours, wrapped here into a time of day.
        std::string_view t = text(c);
        const bool negative = !t.empty() && t.front() == '-';
        if (negative) t.remove_prefix(1);
        int64_t h = 0, m = 0, s = 0, frac = 0;
        const char* p = t.data();
        const char* end = t.data() + t.size();
        auto num = [&](int64_t& out) {
            auto r = std::from_chars(p, end, out);
            if (r.ec != std::errc()) throw bad_temporal(c, text(c));
            p = r.ptr;
        };
        num(h);
        if (p < end && *p == ':') ++p;
        num(m);
        if (p < end && *p == ':') ++p;
        num(s);
        if (p < end && *p == '.') {
            ++p;
            int digits = 0;
            for (; p < end && digits < 6; ++p, ++digits)
                frac = frac * 10 + (*p - '0');
            for (; digits < 6; ++digits)
                frac *= 10;
        }
        int64_t us = ((h * 60 + m) * 60 + s) * 1'000'000 + frac;
        if (negative) us = -us;
        us %= 86'400'000'000LL;
        return us < 0 ? us + 86'400'000'000LL : us;
    }

  private:
    std::string_view text(int c) const { return std::string_view(row_[c], lengths_[c]); }
    int64_t date_days(int c, std::string_view t) const {
        auto d = parse_date(t.substr(0, 10));
        if (!d) throw bad_temporal(c, t);
        return *d;
    }
    SqlError bad_temporal(int c, std::string_view t) const {
        std::string msg = "Value '" + std::string(t) + "' of column " + columns_[c].name + " (" +
                          columns_[c].type_name + ") is not a valid date or time";
        if (t.starts_with("0000-00-00"))
            msg +=
                "; add zeroDateTimeBehavior=CONVERT_TO_NULL to connection.url to read such "
                "values as NULL";
        return SqlError(msg, false);
    }

    MyConnection& conn_;
    MYSQL_RES* res_;
    MYSQL_ROW row_ = nullptr;
    unsigned long* lengths_ = nullptr;
    bool zero_null_;
    std::vector<ColumnInfo> columns_;
};

class MyStatement final : public Statement {
  public:
    MyStatement(MyConnection& conn, std::string sql)
        : conn_(conn), sql_(std::move(sql)), pieces_(split_placeholders(sql_)) {
        values_.assign(pieces_.size() - 1, "NULL");
    }

    int param_count() const override { return static_cast<int>(values_.size()); }
    void bind_null(int i) override { values_.at(static_cast<size_t>(i)) = "NULL"; }
    void bind_int(int i, int64_t v) override {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        values_.at(static_cast<size_t>(i)).assign(buf, r.ptr);
    }
    void bind_double(int i, double v) override {
        if (v != v || v - v != 0)
            throw SqlError("MySQL cannot store the value " + std::to_string(v) + " (parameter " +
                               std::to_string(i + 1) + "): NaN and infinities have no SQL form",
                           false);
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        values_.at(static_cast<size_t>(i)).assign(buf, r.ptr);
    }
    void bind_bool(int i, bool v) override { values_.at(static_cast<size_t>(i)) = v ? "1" : "0"; }
    void bind_text(int i, std::string_view v) override { quote(i, v, ""); }
    void bind_bytes(int i, std::string_view v) override { quote(i, v, "_binary"); }
    int64_t execute() override;
    std::unique_ptr<Cursor> query(int fetch_size) override;

  private:
    void quote(int i, std::string_view v, std::string_view introducer);
    const std::string& text();

    MyConnection& conn_;
    std::string sql_;
    std::vector<std::string> pieces_;
    std::vector<std::string> values_;  // SQL literals
    std::string text_;
};

class MyConnection final : public Connection {
  public:
    explicit MyConnection(const MysqlOptions& o)
        : db_(mysql_init(nullptr)), zero_null_(o.zero_date_to_null), tiny1_(o.tiny_int1_is_bit) {
        if (!db_) throw SqlError("Cannot allocate a MySQL connection handle", false);
        std::string last_error;
        unsigned last_errno = 0;
        for (const auto& [host, port] : o.hosts) {
            configure(o);
            // CLIENT_FOUND_ROWS: UPDATE counts matched rows, as Connector/J reports them.
            if (mysql_real_connect(db_, host.c_str(), o.user.c_str(), o.password.c_str(),
                                   o.database.empty() ? nullptr : o.database.c_str(), port, nullptr,
                                   CLIENT_FOUND_ROWS)) {
                server_ = host + ":" + std::to_string(port);
                return;
            }
            last_errno = mysql_errno(db_);
            last_error = "Cannot connect to MySQL at " + host + ":" + std::to_string(port) + ": " +
                         mysql_error(db_);
            mysql_close(db_);
            db_ = mysql_init(nullptr);
            if (!transient_errno(last_errno)) break;  // refused login, unknown database
        }
        mysql_close(db_);
        db_ = nullptr;
        throw SqlError(last_error, transient_errno(last_errno), "08001");
    }
    ~MyConnection() override {
        if (db_) mysql_close(db_);
    }

    MYSQL* raw() { return db_; }
    bool zero_null() const { return zero_null_; }
    bool tiny_int1_is_bit() const { return tiny1_; }
    void set_streaming(bool on) { streaming_ = on; }

    [[noreturn]] void fail(std::string_view what) {
        unsigned e = mysql_errno(db_);
        std::string msg(what);
        msg += ": ";
        msg += trimmed(mysql_error(db_));
        if (connection_lost(e)) msg += " (server " + server_ + ")";
        if (connection_lost(e)) in_txn_ = false;
        throw SqlError(msg, transient_errno(e), mysql_sqlstate(db_));
    }

    // Sends SQL; the caller reads or frees any result.
    void send(const std::string& sql, std::string_view what) {
        if (streaming_)
            throw SqlError("Cannot run '" + sql + "' while a query result is still being read",
                           false);
        if (mysql_real_query(db_, sql.data(), sql.size()) != 0) fail(what);
    }
    int64_t run(const std::string& sql) {
        send(sql, "'" + sql + "' failed");
        if (MYSQL_RES* r = mysql_store_result(db_)) {
            mysql_free_result(r);
            return 0;
        }
        if (mysql_field_count(db_) != 0) fail("Reading the result of '" + sql + "' failed");
        return static_cast<int64_t>(mysql_affected_rows(db_));
    }

    void execute(const std::string& sql) override { run(sql); }
    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        return std::make_unique<MyStatement>(*this, sql);
    }
    bool is_valid() override {
        if (streaming_) return true;  // mid-result: the next row read tells
        return mysql_ping(db_) == 0;
    }
    void begin() override {
        run("START TRANSACTION");
        in_txn_ = true;
    }
    void commit() override {
        if (!in_txn_) return;
        in_txn_ = false;
        run("COMMIT");
    }
    void rollback() override {
        if (!in_txn_) return;
        in_txn_ = false;
        if (!streaming_) mysql_rollback(db_);
    }
    bool in_transaction() const override { return in_txn_; }

    // Rows of a metadata query, every value as text ("" for NULL).
    std::vector<std::vector<std::string>> rows(const std::string& sql, std::string_view what) {
        send(sql, what);
        MYSQL_RES* r = mysql_store_result(db_);
        if (!r) fail(what);
        std::vector<std::vector<std::string>> out;
        const unsigned n = mysql_num_fields(r);
        while (MYSQL_ROW row = mysql_fetch_row(r)) {
            unsigned long* len = mysql_fetch_lengths(r);
            auto& o = out.emplace_back();
            for (unsigned i = 0; i < n; ++i)
                o.emplace_back(row[i] ? std::string(row[i], len[i]) : std::string());
        }
        mysql_free_result(r);
        return out;
    }
    std::string literal(std::string_view v) {
        std::string out(v.size() * 2 + 3, '\0');
        out[0] = '\'';
        unsigned long n = mysql_real_escape_string(db_, out.data() + 1, v.data(), v.size());
        out.resize(n + 1);
        out.push_back('\'');
        return out;
    }
    // A table's database: MySQL has catalogs (databases) and no schemas, but
    // a name parsed as schema.table names the database in the schema slot.
    std::string database_of(const TableId& t) {
        if (!t.catalog.empty()) return t.catalog;
        if (!t.schema.empty()) return t.schema;
        return current_catalog();
    }

    std::vector<TableInfo> list_tables(const std::optional<std::string>& catalog,
                                       const std::optional<std::string>&,
                                       const std::vector<std::string>& types) override {
        std::string sql =
            "SELECT TABLE_SCHEMA, TABLE_NAME, CASE TABLE_TYPE WHEN 'BASE TABLE' THEN "
            "CASE WHEN TABLE_SCHEMA IN ('mysql','performance_schema','sys') THEN 'SYSTEM TABLE' "
            "ELSE 'TABLE' END WHEN 'TEMPORARY' THEN 'LOCAL TEMPORARY' ELSE TABLE_TYPE END "
            "FROM information_schema.TABLES";
        if (catalog && !catalog->empty()) sql += " WHERE TABLE_SCHEMA LIKE " + literal(*catalog);
        sql += " ORDER BY 3, 1, 2";
        std::vector<TableInfo> out;
        for (auto& row : rows(sql, "Cannot list tables")) {
            bool wanted = std::any_of(types.begin(), types.end(), [&](const std::string& w) {
                return strcasecmp(w.c_str(), row[2].c_str()) == 0;
            });
            if (wanted) out.push_back({TableId{row[0], "", row[1]}, row[2]});
        }
        return out;
    }

    std::vector<ColumnInfo> table_columns(const TableId& t) override {
        // The columns as a query over the table reports them (types, flags),
        // without reading a row.
        std::vector<ColumnInfo> out;
        {
            auto probe = std::make_unique<MyStatement>(
                *this, "SELECT * FROM `" + escape_ident(database_of(t)) + "`.`" +
                           escape_ident(t.table) + "` LIMIT 0");
            std::unique_ptr<Cursor> cur;
            try {
                cur = probe->query(1);
            } catch (const SqlError& e) {
                if (mysql_errno(db_) == 1146 || mysql_errno(db_) == 1049) return {};
                throw;
            }
            out = cur->columns();
        }
        return out;
    }

    std::vector<std::string> primary_key(const TableId& t) override {
        std::vector<std::string> out;
        for (auto& row : rows("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                              "WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA = " +
                                  literal(database_of(t)) + " AND TABLE_NAME = " +
                                  literal(t.table) + " ORDER BY ORDINAL_POSITION",
                              "Cannot read the primary key of " + t.fqn()))
            out.push_back(std::move(row[0]));
        return out;
    }

    std::string current_schema() override { return current_catalog(); }
    std::string current_catalog() override {
        auto r = rows("SELECT DATABASE()", "Cannot read the current database");
        return r.empty() ? "" : r[0][0];
    }

  private:
    static std::string escape_ident(const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '`') out.push_back('`');
            out.push_back(c);
        }
        return out;
    }

    void configure(const MysqlOptions& o) {
        unsigned protocol = MYSQL_PROTOCOL_TCP;  // JDBC URLs name TCP endpoints, never sockets
        mysql_optionsv(db_, MYSQL_OPT_PROTOCOL, &protocol);
        mysql_optionsv(db_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
        // TIMESTAMP values travel in UTC, so they read as the instants they are.
        mysql_optionsv(db_, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
        if (o.connect_timeout_s)
            mysql_optionsv(db_, MYSQL_OPT_CONNECT_TIMEOUT, &o.connect_timeout_s);
        if (o.read_timeout_s) {
            mysql_optionsv(db_, MYSQL_OPT_READ_TIMEOUT, &o.read_timeout_s);
            mysql_optionsv(db_, MYSQL_OPT_WRITE_TIMEOUT, &o.read_timeout_s);
        }
        if (o.tls != MysqlTls::Disabled) {
            auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
            mysql_ssl_set(db_, opt(o.tls_key), opt(o.tls_cert), opt(o.tls_ca), nullptr, nullptr);
            my_bool enforce = o.tls != MysqlTls::Preferred;
            my_bool verify = o.tls == MysqlTls::VerifyServer;
            mysql_optionsv(db_, MYSQL_OPT_SSL_ENFORCE, &enforce);
            mysql_optionsv(db_, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
        }
    }

    MYSQL* db_;
    bool zero_null_;
    bool tiny1_;
    bool in_txn_ = false;
    bool streaming_ = false;
    std::string server_;
};

MyCursor::MyCursor(MyConnection& conn, MYSQL_RES* res)
    : conn_(conn), res_(res), zero_null_(conn.zero_null()) {
    conn_.set_streaming(true);
    const unsigned n = mysql_num_fields(res_);
    MYSQL_FIELD* fields = mysql_fetch_fields(res_);
    for (unsigned i = 0; i < n; ++i) {
        ColumnInfo c;
        c.name = fields[i].name;
        classify(c, fields[i], conn_.tiny_int1_is_bit());
        columns_.push_back(std::move(c));
    }
}

MyCursor::~MyCursor() {
    mysql_free_result(res_);  // reads and drops any rows left
    conn_.set_streaming(false);
}

bool MyCursor::next() {
    row_ = mysql_fetch_row(res_);
    if (row_) {
        lengths_ = mysql_fetch_lengths(res_);
        return true;
    }
    if (mysql_errno(conn_.raw())) {
        conn_.set_streaming(false);
        conn_.fail("Reading rows failed");
    }
    return false;
}

void MyStatement::quote(int i, std::string_view v, std::string_view introducer) {
    std::string& out = values_.at(static_cast<size_t>(i));
    out.assign(introducer);
    out += conn_.literal(v);
}

const std::string& MyStatement::text() {
    size_t n = 0;
    for (const auto& p : pieces_)
        n += p.size();
    for (const auto& v : values_)
        n += v.size();
    text_.clear();
    text_.reserve(n);
    for (size_t i = 0; i < pieces_.size(); ++i) {
        text_ += pieces_[i];
        if (i < values_.size()) text_ += values_[i];
    }
    return text_;
}

int64_t MyStatement::execute() {
    conn_.send(text(), "Statement '" + sql_ + "' failed");
    std::fill(values_.begin(), values_.end(), "NULL");
    if (MYSQL_RES* r = mysql_store_result(conn_.raw())) {
        mysql_free_result(r);
        return 0;
    }
    if (mysql_field_count(conn_.raw()) != 0) conn_.fail("Statement '" + sql_ + "' failed");
    return static_cast<int64_t>(mysql_affected_rows(conn_.raw()));
}

std::unique_ptr<Cursor> MyStatement::query(int) {
    conn_.send(text(), "Query '" + sql_ + "' failed");
    MYSQL_RES* r = mysql_use_result(conn_.raw());
    if (!r) conn_.fail("Query '" + sql_ + "' returned no result");
    return std::make_unique<MyCursor>(conn_, r);
}

}  // namespace

std::vector<std::string> split_placeholders(std::string_view sql) {
    std::vector<std::string> out(1);
    for (size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '?') {
            out.emplace_back();
            continue;
        }
        size_t end = i;  // last character of a quoted run or comment
        if (c == '\'' || c == '"' || c == '`') {
            end = i + 1;
            while (end < sql.size() && sql[end] != c) {
                if (sql[end] == '\\' && c != '`') ++end;
                ++end;
            }
        } else if (c == '#' || (c == '-' && sql.substr(i, 3) == "-- ")) {
            end = sql.find('\n', i);
            if (end == std::string_view::npos) end = sql.size() - 1;
        } else if (c == '/' && sql.substr(i, 2) == "/*") {
            end = sql.find("*/", i + 2);
            end = end == std::string_view::npos ? sql.size() - 1 : end + 1;
        }
        end = std::min(end, sql.size() - 1);
        out.back().append(sql.substr(i, end - i + 1));
        i = end;
    }
    return out;
}

std::unique_ptr<Connection> open_mysql(const MysqlOptions& options) {
    return std::make_unique<MyConnection>(options);
}

}  // namespace kcjdbc
