#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace kcjdbc {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool is_transient(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
           primary == SQLITE_CANTOPEN || primary == SQLITE_PROTOCOL;
}

[[noreturn]] void fail(sqlite3* db, int code, std::string_view what) {
    std::string msg(what);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw SqlError(msg, is_transient(code), std::to_string(code));
}

std::string quote_ident(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

class SqliteCursor final : public Cursor {
  public:
    SqliteCursor(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {
        // Step once ahead so the first row's storage classes can type columns
        // that have no declared type (expressions).
        step();
        int n = sqlite3_column_count(stmt_);
        for (int i = 0; i < n; ++i) {
            ColumnInfo c;
            c.name = sqlite3_column_name(stmt_, i);
            const char* decl = sqlite3_column_decltype(stmt_, i);
            if (decl) {
                c.type_name = decl;
                classify_sqlite_declared_type(c);
            } else {
                int t = has_row_ ? sqlite3_column_type(stmt_, i) : SQLITE_NULL;
                c.type = t == SQLITE_INTEGER ? SqlType::BigInt
                         : t == SQLITE_FLOAT ? SqlType::Double
                         : t == SQLITE_BLOB  ? SqlType::Binary
                                             : SqlType::Char;
            }
            const char* table = sqlite3_column_table_name(stmt_, i);
            const char* origin = sqlite3_column_origin_name(stmt_, i);
            const char* dbname = sqlite3_column_database_name(stmt_, i);
            if (table && origin) {
                int notnull = 0, pk = 0, autoinc = 0;
                if (sqlite3_table_column_metadata(db_, dbname, table, origin, nullptr, nullptr,
                                                  &notnull, &pk, &autoinc) == SQLITE_OK) {
                    c.nullable = notnull ? Nullability::NotNull : Nullability::Nullable;
                    c.auto_increment = autoinc != 0;
                }
            }
            columns_.push_back(std::move(c));
        }
    }
    ~SqliteCursor() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    const std::vector<ColumnInfo>& columns() const override { return columns_; }
    bool next() override {
        if (pending_) {
            pending_ = false;
            return has_row_;
        }
        if (!has_row_) return false;
        step();
        pending_ = false;
        return has_row_;
    }
    bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
    int64_t get_int(int c) const override {
        if (sqlite3_column_type(stmt_, c) == SQLITE_TEXT) {
            auto t = get_text(c);
            int64_t v = 0;
            auto r = std::from_chars(t.data(), t.data() + t.size(), v);
            if (r.ec == std::errc() && r.ptr == t.data() + t.size()) return v;
            throw SqlError("Value '" + std::string(t) + "' of column " + columns_[c].name +
                               " is not an integer",
                           false);
        }
        return sqlite3_column_int64(stmt_, c);
    }
    double get_double(int c) const override { return sqlite3_column_double(stmt_, c); }
    bool get_bool(int c) const override { return sqlite3_column_int64(stmt_, c) != 0; }
    std::string_view get_text(int c) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
        return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, c)))
                 : std::string_view();
    }
    std::string_view get_bytes(int c) const override {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, c));
        return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, c)))
                 : std::string_view();
    }
    std::string get_decimal_text(int c) const override {
        int t = sqlite3_column_type(stmt_, c);
        if (t == SQLITE_FLOAT) {
            char buf[400];
            auto r = std::to_chars(buf, buf + sizeof buf, sqlite3_column_double(stmt_, c),
                                   std::chars_format::fixed);
            return std::string(buf, r.ptr);
        }
        return std::string(get_text(c));
    }
    Instant get_timestamp(int c, const TimeZone& zone) const override {
        int t = sqlite3_column_type(stmt_, c);
        if (t == SQLITE_INTEGER) return Instant::from_millis(sqlite3_column_int64(stmt_, c));
        if (t == SQLITE_FLOAT)
            return Instant::from_micros(
                static_cast<int64_t>(std::llround(sqlite3_column_double(stmt_, c) * 1000.0)));
        auto text = get_text(c);
        auto local = parse_local_datetime(text);
        if (!local)
            throw SqlError("Value '" + std::string(text) + "' of column " + columns_[c].name +
                               " is not a timestamp (YYYY-MM-DD HH:MM:SS[.fff])",
                           false);
        return Instant{zone.local_to_utc(local->seconds), local->nanos};
    }
    int64_t get_date_days(int c) const override {
        int t = sqlite3_column_type(stmt_, c);
        if (t == SQLITE_INTEGER) return floor_div(sqlite3_column_int64(stmt_, c), 86'400'000);
        auto text = get_text(c);
        auto d = parse_date(text);
        if (!d)
            throw SqlError("Value '" + std::string(text) + "' of column " + columns_[c].name +
                               " is not a date (YYYY-MM-DD)",
                           false);
        return *d;
    }
    int64_t get_time_micros(int c, const TimeZone&) const override {
        int t = sqlite3_column_type(stmt_, c);
        if (t == SQLITE_INTEGER) {
            int64_t ms = sqlite3_column_int64(stmt_, c) % 86'400'000;
            return (ms < 0 ? ms + 86'400'000 : ms) * 1000;
        }
        auto text = get_text(c);
        auto dt = parse_local_datetime("1970-01-01 " + std::string(text));
        if (!dt)
            throw SqlError("Value '" + std::string(text) + "' of column " + columns_[c].name +
                               " is not a time (HH:MM:SS[.fff])",
                           false);
        return dt->seconds * 1'000'000 + dt->nanos / 1000;
    }

  private:
    void step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            has_row_ = true;
        } else if (rc == SQLITE_DONE) {
            has_row_ = false;
        } else {
            has_row_ = false;
            fail(db_, rc, "Query failed");
        }
        pending_ = true;
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_;
    bool has_row_ = false;
    bool pending_ = false;
    std::vector<ColumnInfo> columns_;
};

class SqliteStatement final : public Statement {
  public:
    SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
        int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
        if (rc != SQLITE_OK) fail(db, rc, "Cannot prepare '" + sql + "'");
    }
    ~SqliteStatement() override { sqlite3_finalize(stmt_); }

    int param_count() const override { return sqlite3_bind_parameter_count(stmt_); }
    void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i + 1)); }
    void bind_int(int i, int64_t v) override { check(sqlite3_bind_int64(stmt_, i + 1, v)); }
    void bind_double(int i, double v) override { check(sqlite3_bind_double(stmt_, i + 1, v)); }
    void bind_bool(int i, bool v) override { check(sqlite3_bind_int(stmt_, i + 1, v ? 1 : 0)); }
    void bind_text(int i, std::string_view v) override {
        check(sqlite3_bind_text64(stmt_, i + 1, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    void bind_bytes(int i, std::string_view v) override {
        check(sqlite3_bind_blob64(stmt_, i + 1, v.data(), v.size(), SQLITE_TRANSIENT));
    }
    int64_t execute() override {
        int rc;
        while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
        }
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        if (rc != SQLITE_DONE) fail(db_, rc, "Statement failed");
        return sqlite3_changes64(db_);
    }
    std::unique_ptr<Cursor> query(int) override {
        return std::make_unique<SqliteCursor>(db_, stmt_);
    }

  private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail(db_, rc, "Cannot bind a parameter");
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection final : public Connection {
  public:
    explicit SqliteConnection(const std::string& path) {
        int rc = sqlite3_open_v2(
            path.c_str(), &db_,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
            nullptr);
        if (rc != SQLITE_OK) {
            std::string msg = "Cannot open SQLite database '" + path +
                              "': " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
            sqlite3_close(db_);
            db_ = nullptr;
            throw SqlError(msg, true);
        }
        // Source and sink tasks may share one file: wait for locks, don't fail.
        sqlite3_busy_timeout(db_, 10000);
    }
    ~SqliteConnection() override {
        if (in_txn_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close_v2(db_);
    }

    void execute(const std::string& sql) override {
        char* err = nullptr;
        int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = "'" + sql + "' failed: " + (err ? err : sqlite3_errstr(rc));
            sqlite3_free(err);
            throw SqlError(msg, is_transient(rc), std::to_string(rc));
        }
    }
    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        return std::make_unique<SqliteStatement>(db_, sql);
    }
    bool is_valid() override {
        return sqlite3_exec(db_, "SELECT 1", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    void begin() override {
        execute("BEGIN");
        in_txn_ = true;
    }
    void commit() override {
        if (!in_txn_) return;
        execute("COMMIT");
        in_txn_ = false;
    }
    void rollback() override {
        if (!in_txn_) return;
        in_txn_ = false;
        execute("ROLLBACK");
    }
    bool in_transaction() const override { return in_txn_; }

    std::vector<TableInfo> list_tables(const std::optional<std::string>&,
                                       const std::optional<std::string>&,
                                       const std::vector<std::string>& types) override {
        auto wanted = [&](std::string_view t) {
            return std::any_of(types.begin(), types.end(),
                               [&](const std::string& w) { return upper(w) == t; });
        };
        std::vector<TableInfo> out;
        auto stmt = prepare(
            "SELECT name, upper(type) FROM sqlite_master WHERE type IN ('table','view') AND "
            "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name");
        auto cur = stmt->query(1000);
        while (cur->next()) {
            std::string type(cur->get_text(1));
            if (wanted(type)) out.push_back({TableId{"", "", std::string(cur->get_text(0))}, type});
        }
        return out;
    }
    std::vector<ColumnInfo> table_columns(const TableId& t) override {
        std::vector<ColumnInfo> out;
        auto stmt = prepare("PRAGMA table_info(" + quote_ident(t.table) + ")");
        auto cur = stmt->query(1000);
        int pk_count = 0;
        while (cur->next()) {
            ColumnInfo c;
            c.name = std::string(cur->get_text(1));
            c.type_name = std::string(cur->get_text(2));
            classify_sqlite_declared_type(c);
            c.nullable = cur->get_int(3) ? Nullability::NotNull : Nullability::Nullable;
            // A single INTEGER PRIMARY KEY column aliases the rowid: auto-assigned.
            if (cur->get_int(5) > 0) {
                ++pk_count;
                c.auto_increment = upper(c.type_name) == "INTEGER";
            }
            out.push_back(std::move(c));
        }
        // Only a single INTEGER PRIMARY KEY aliases the rowid, which can never be NULL
        // (whatever NOT NULL says).
        for (auto& c : out) {
            if (pk_count > 1)
                c.auto_increment = false;
            else if (c.auto_increment)
                c.nullable = Nullability::NotNull;
        }
        return out;
    }
    std::vector<std::string> primary_key(const TableId& t) override {
        std::vector<std::pair<int64_t, std::string>> keys;
        auto stmt = prepare("PRAGMA table_info(" + quote_ident(t.table) + ")");
        auto cur = stmt->query(1000);
        while (cur->next())
            if (cur->get_int(5) > 0) keys.emplace_back(cur->get_int(5), cur->get_text(1));
        std::sort(keys.begin(), keys.end());
        std::vector<std::string> out;
        for (auto& k : keys)
            out.push_back(k.second);
        return out;
    }
    std::string current_schema() override { return ""; }
    std::string current_catalog() override { return ""; }

  private:
    sqlite3* db_ = nullptr;
    bool in_txn_ = false;
};

}  // namespace

void classify_sqlite_declared_type(ColumnInfo& c) {
    std::string decl = upper(c.type_name);
    size_t paren = decl.find('(');
    std::string head = decl.substr(0, std::min(decl.find(' '), paren));
    if (paren != std::string::npos) {
        int p = 0, s = 0;
        if (std::sscanf(decl.c_str() + paren, "(%d,%d)", &p, &s) == 2) {
            c.precision = p;
            c.scale = s;
            c.scale_known = true;
        } else if (std::sscanf(decl.c_str() + paren, "(%d)", &p) == 1) {
            c.precision = p;
            c.scale = 0;
            c.scale_known = true;
        }
    }
    if (head == "BOOLEAN" || head == "BOOL")
        c.type = SqlType::Boolean;
    else if (head == "TINYINT")
        c.type = SqlType::TinyInt;
    else if (head == "SMALLINT" || head == "INT2")
        c.type = SqlType::SmallInt;
    else if (head == "INT" || head == "INTEGER" || head == "MEDIUMINT")
        c.type = SqlType::Integer;
    else if (head == "BIGINT" || head == "INT8")
        c.type = SqlType::BigInt;
    else if (head == "REAL")
        c.type = SqlType::Real;
    else if (head == "FLOAT" || head == "DOUBLE")
        c.type = SqlType::Double;
    else if (head == "DECIMAL")
        c.type = SqlType::Decimal;
    else if (head == "NUMERIC")
        c.type = SqlType::Numeric;
    else if (head == "CHAR" || head == "VARCHAR" || head == "TEXT" || head == "CLOB" ||
             head == "NCHAR" || head == "NVARCHAR" || head == "CHARACTER" || head == "JSON")
        c.type = SqlType::Char;
    else if (head == "BLOB" || head == "BINARY" || head == "VARBINARY")
        c.type = SqlType::Binary;
    else if (head == "DATE")
        c.type = SqlType::Date;
    else if (head == "TIME")
        c.type = SqlType::Time;
    else if (head == "DATETIME" || head == "TIMESTAMP")
        c.type = SqlType::Timestamp;
    else if (decl.find("INT") != std::string::npos)
        c.type = SqlType::BigInt;
    else if (decl.find("CHAR") != std::string::npos || decl.find("CLOB") != std::string::npos ||
             decl.find("TEXT") != std::string::npos)
        c.type = SqlType::Char;
    else if (decl.find("BLOB") != std::string::npos)
        c.type = SqlType::Binary;
    else if (decl.find("REAL") != std::string::npos || decl.find("FLOA") != std::string::npos ||
             decl.find("DOUB") != std::string::npos)
        c.type = SqlType::Double;
    else
        c.type = SqlType::Other;
}

std::unique_ptr<Connection> open_sqlite(const std::string& path) {
    return std::make_unique<SqliteConnection>(path);
}

}  // namespace kcjdbc
