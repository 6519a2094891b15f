#include "db/pg_connection.hpp"

#include <libpq-fe.h>

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>

namespace kcjdbc {

namespace {

// Type OIDs from pg_type.dat (stable across PostgreSQL versions).
enum : uint32_t {
    BOOLOID = 16,
    BYTEAOID = 17,
    CHAROID = 18,
    NAMEOID = 19,
    INT8OID = 20,
    INT2OID = 21,
    INT4OID = 23,
    TEXTOID = 25,
    OIDOID = 26,
    JSONOID = 114,
    XMLOID = 142,
    FLOAT4OID = 700,
    FLOAT8OID = 701,
    BPCHAROID = 1042,
    VARCHAROID = 1043,
    DATEOID = 1082,
    TIMEOID = 1083,
    TIMESTAMPOID = 1114,
    TIMESTAMPTZOID = 1184,
    TIMETZOID = 1266,
    BITOID = 1560,
    VARBITOID = 1562,
    NUMERICOID = 1700,
    UUIDOID = 2950,
    JSONBOID = 3802,
};

constexpr int64_t kPgEpochDays = 10957;  // 2000-01-01 - 1970-01-01
constexpr int64_t kPgEpochMicros = kPgEpochDays * 86400LL * 1'000'000;

bool transient_state(std::string_view st) {
    return st.substr(0, 2) == "08" || st == "40001" || st == "40P01" || st == "55P03" ||
           st == "57P01" || st == "57P02" || st == "57P03" || st == "53300";
}

uint16_t be16(const char* p) {
    return static_cast<uint16_t>((uint8_t(p[0]) << 8) | uint8_t(p[1]));
}
uint32_t be32(const char* p) {
    return (uint32_t(uint8_t(p[0])) << 24) | (uint32_t(uint8_t(p[1])) << 16) |
           (uint32_t(uint8_t(p[2])) << 8) | uint8_t(p[3]);
}
int64_t be64(const char* p) {
    return static_cast<int64_t>((uint64_t(be32(p)) << 32) | be32(p + 4));
}

// Binary NUMERIC (base-10000 digits) -> plain decimal text.
std::string numeric_to_text(const char* p, int len) {
    if (len < 8) return "0";
    int ndigits = be16(p);
    int weight = static_cast<int16_t>(be16(p + 2));
    uint16_t sign = be16(p + 4);
    int dscale = be16(p + 6);
    if (sign == 0xC000) return "NaN";
    std::string out;
    if (sign == 0x4000) out.push_back('-');
    auto digit = [&](int i) -> int { return i >= 0 && i < ndigits ? be16(p + 8 + 2 * i) : 0; };
    if (weight < 0) {
        out.push_back('0');
    } else {
        for (int i = 0; i <= weight; ++i) {
            char buf[8];
            int d = digit(i);
            int n = std::snprintf(buf, sizeof buf, i == 0 ? "%d" : "%04d", d);
            out.append(buf, static_cast<size_t>(n));
        }
    }
    if (dscale > 0) {
        out.push_back('.');
        std::string frac;
        for (int i = weight + 1; static_cast<int>(frac.size()) < dscale; ++i) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%04d", digit(i));
            frac += buf;
        }
        frac.resize(static_cast<size_t>(dscale));
        out += frac;
    }
    return out;
}

std::string uuid_text(const char* p) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[uint8_t(p[i]) >> 4]);
        out.push_back(hex[uint8_t(p[i]) & 15]);
    }
    return out;
}

class PgConnection;

class PgCursor final : public Cursor {
  public:
    PgCursor(PgConnection& conn, std::string name, int fetch_size);
    ~PgCursor() override;

    const std::vector<ColumnInfo>& columns() const override { return columns_; }
    bool next() override;
    bool is_null(int c) const override { return PQgetisnull(res_, row_, c); }
    int64_t get_int(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        switch (columns_[c].native_type) {
            case INT2OID:
                return static_cast<int16_t>(be16(p));
            case INT4OID:
                return static_cast<int32_t>(be32(p));
            case OIDOID:
                return be32(p);
            case INT8OID:
                return be64(p);
            case BOOLOID:
                return p[0] != 0;
            case NUMERICOID: {
                std::string t = numeric_to_text(p, PQgetlength(res_, row_, c));
                int64_t v = 0;
                auto r = std::from_chars(t.data(), t.data() + t.size(), v);
                if (r.ec != std::errc() || r.ptr != t.data() + t.size())
                    throw SqlError("Value " + t + " of column " + columns_[c].name +
                                       " is not a 64-bit integer",
                                   false);
                return v;
            }
            default:
                throw SqlError("Column " + columns_[c].name + " of type " + columns_[c].type_name +
                                   " cannot be read as an integer",
                               false);
        }
    }
    double get_double(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        switch (columns_[c].native_type) {
            case FLOAT4OID: {
                uint32_t bits = be32(p);
                float f;
                std::memcpy(&f, &bits, 4);
                return f;
            }
            case FLOAT8OID: {
                uint64_t bits = static_cast<uint64_t>(be64(p));
                double d;
                std::memcpy(&d, &bits, 8);
                return d;
            }
            case NUMERICOID:
                return std::strtod(numeric_to_text(p, PQgetlength(res_, row_, c)).c_str(), nullptr);
            default:
                return static_cast<double>(get_int(c));
        }
    }
    bool get_bool(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        if (columns_[c].native_type == BITOID || columns_[c].native_type == VARBITOID)
            return PQgetlength(res_, row_, c) > 4 && (uint8_t(p[4]) & 0x80);
        return p[0] != 0;
    }
    std::string_view get_text(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        size_t len = static_cast<size_t>(PQgetlength(res_, row_, c));
        switch (columns_[c].native_type) {
            case JSONBOID:  // version byte, then the text
                return len ? std::string_view(p + 1, len - 1) : std::string_view();
            case UUIDOID:
                scratch_ = uuid_text(p);
                return scratch_;
            case NUMERICOID:
                scratch_ = numeric_to_text(p, static_cast<int>(len));
                return scratch_;
            default:
                return std::string_view(p, len);
        }
    }
    std::string_view get_bytes(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        size_t len = static_cast<size_t>(PQgetlength(res_, row_, c));
        if (columns_[c].native_type == BITOID || columns_[c].native_type == VARBITOID)
            return len >= 4 ? std::string_view(p + 4, len - 4) : std::string_view();
        return std::string_view(p, len);
    }
    std::string get_decimal_text(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        switch (columns_[c].native_type) {
            case NUMERICOID:
                return numeric_to_text(p, PQgetlength(res_, row_, c));
            case FLOAT4OID:
            case FLOAT8OID: {
                char buf[400];
                auto r =
                    std::to_chars(buf, buf + sizeof buf, get_double(c), std::chars_format::fixed);
                return std::string(buf, r.ptr);
            }
            default:
                return std::to_string(get_int(c));
        }
    }
    Instant get_timestamp(int c, const TimeZone& zone) const override {
        const char* p = PQgetvalue(res_, row_, c);
        switch (columns_[c].native_type) {
            case TIMESTAMPTZOID:
                return Instant::from_micros(be64(p) + kPgEpochMicros);
            case TIMESTAMPOID: {
                Instant local = Instant::from_micros(be64(p) + kPgEpochMicros);
                return Instant{zone.local_to_utc(local.seconds), local.nanos};
            }
            case DATEOID:
                return Instant{(static_cast<int32_t>(be32(p)) + kPgEpochDays) * 86400, 0};
            default:
                throw SqlError("Column " + columns_[c].name + " of type " + columns_[c].type_name +
                                   " is not a timestamp",
                               false);
        }
    }
    int64_t get_date_days(int c) const override {
        const char* p = PQgetvalue(res_, row_, c);
        if (columns_[c].native_type == DATEOID) return static_cast<int32_t>(be32(p)) + kPgEpochDays;
        return floor_div(get_timestamp(c, *TimeZone::utc()).seconds, 86400);
    }
    int64_t get_time_micros(int c, const TimeZone&) const override {
        const char* p = PQgetvalue(res_, row_, c);
        int64_t us = be64(p);
        if (columns_[c].native_type == TIMETZOID) {
            // Stored as local time + zone seconds west of UTC.
            us += static_cast<int64_t>(static_cast<int32_t>(be32(p + 8))) * 1'000'000;
            us %= 86'400'000'000LL;
            if (us < 0) us += 86'400'000'000LL;
        }
        return us;
    }

  private:
    void fetch();

    PgConnection& conn_;
    std::string name_;
    std::string fetch_sql_;
    PGresult* res_ = nullptr;
    int row_ = -1;
    int rows_ = 0;
    bool exhausted_ = false;
    bool open_ = true;
    std::vector<ColumnInfo> columns_;
    mutable std::string scratch_;
};

class PgStatement final : public Statement {
  public:
    PgStatement(PgConnection& conn, std::string sql, std::string name, int nparams);
    ~PgStatement() override;

    int param_count() const override { return static_cast<int>(values_.size()); }
    void bind_null(int i) override { ptrs_.at(i) = nullptr; }
    void bind_int(int i, int64_t v) override {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        set(i, std::string_view(buf, static_cast<size_t>(r.ptr - buf)), 0);
    }
    void bind_double(int i, double v) override {
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
        if (s == "inf")
            s = "Infinity";
        else if (s == "-inf")
            s = "-Infinity";
        else if (s == "nan" || s == "-nan")
            s = "NaN";
        set(i, s, 0);
    }
    void bind_bool(int i, bool v) override { set(i, v ? "t" : "f", 0); }
    void bind_text(int i, std::string_view v) override { set(i, v, 0); }
    void bind_bytes(int i, std::string_view v) override { set(i, v, 1); }
    int64_t execute() override;
    std::unique_ptr<Cursor> query(int fetch_size) override;

  private:
    void set(int i, std::string_view v, int format) {
        auto& buf = values_.at(static_cast<size_t>(i));
        buf.assign(v.data(), v.size());
        ptrs_[i] = buf.c_str();
        lengths_[i] = static_cast<int>(v.size());
        formats_[i] = format;
    }
    void clear() { std::fill(ptrs_.begin(), ptrs_.end(), nullptr); }

    PgConnection& conn_;
    std::string sql_;
    std::string name_;
    std::vector<std::string> values_;
    std::vector<const char*> ptrs_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
};

class PgConnection final : public Connection {
  public:
    explicit PgConnection(const std::string& conninfo) {
        conn_ = PQconnectdb(conninfo.c_str());
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = std::string("Cannot connect to PostgreSQL: ") + PQerrorMessage(conn_);
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
                msg.pop_back();
            PQfinish(conn_);
            conn_ = nullptr;
            throw SqlError(msg, true, "08001");
        }
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
    }
    ~PgConnection() override { PQfinish(conn_); }

    PGconn* raw() { return conn_; }

    // Checks a result; throws SqlError (and frees it) unless its status is ok.
    PGresult* check(PGresult* res, ExecStatusType ok, std::string_view what) {
        if (res && PQresultStatus(res) == ok) return res;
        std::string state;
        std::string msg(what);
        msg += ": ";
        if (res) {
            const char* st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            if (st) state = st;
            msg += PQresultErrorMessage(res);
        } else {
            msg += PQerrorMessage(conn_);
        }
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
            msg.pop_back();
        if (res) PQclear(res);
        bool lost = PQstatus(conn_) != CONNECTION_OK;
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR) txn_failed_ = true;
        throw SqlError(msg, lost || transient_state(state), lost ? "08006" : state);
    }

    void execute(const std::string& sql) override {
        PQclear(check(PQexec(conn_, sql.c_str()), PGRES_COMMAND_OK, "'" + sql + "' failed"));
    }
    PGresult* exec_tuples(const std::string& sql, int format = 0) {
        return check(
            PQexecParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, format),
            PGRES_TUPLES_OK, "'" + sql + "' failed");
    }
    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        std::string name = "kc_s" + std::to_string(++counter_);
        PQclear(check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), PGRES_COMMAND_OK,
                      "Cannot prepare '" + sql + "'"));
        PGresult* d = check(PQdescribePrepared(conn_, name.c_str()), PGRES_COMMAND_OK,
                            "Cannot describe '" + sql + "'");
        int n = PQnparams(d);
        PQclear(d);
        return std::make_unique<PgStatement>(*this, sql, std::move(name), n);
    }
    bool is_valid() override {
        if (PQstatus(conn_) != CONNECTION_OK) return false;
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return true;  // mid-transaction
        PGresult* r = PQexec(conn_, "SELECT 1");
        bool ok = r && PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
        return ok;
    }
    void begin() override {
        execute("BEGIN");
        in_txn_ = true;
        txn_failed_ = false;
    }
    void commit() override {
        if (!in_txn_) return;
        in_txn_ = false;
        execute("COMMIT");
    }
    void rollback() override {
        if (!in_txn_) return;
        in_txn_ = false;
        if (PQstatus(conn_) == CONNECTION_OK) execute("ROLLBACK");
    }
    bool in_transaction() const override { return in_txn_; }
    std::string next_cursor_name() { return "kc_c" + std::to_string(++counter_); }

    std::vector<TableInfo> list_tables(const std::optional<std::string>& catalog,
                                       const std::optional<std::string>& schema_pattern,
                                       const std::vector<std::string>& types) override {
        if (catalog && !catalog->empty() && *catalog != current_catalog()) return {};
        std::string sql =
            "SELECT n.nspname, c.relname, CASE "
            "WHEN n.nspname IN ('pg_catalog','information_schema') THEN "
            "  CASE c.relkind WHEN 'v' THEN 'SYSTEM VIEW' ELSE 'SYSTEM TABLE' END "
            "WHEN n.nspname LIKE 'pg\\_temp\\_%' THEN "
            "  CASE c.relkind WHEN 'v' THEN 'TEMPORARY VIEW' ELSE 'TEMPORARY TABLE' END "
            "ELSE CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'v' THEN 'VIEW' "
            "  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'p' THEN 'PARTITIONED TABLE' "
            "  WHEN 'f' THEN 'FOREIGN TABLE' END END AS t "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r','v','m','p','f') AND n.nspname NOT LIKE 'pg\\_toast%'";
        std::vector<const char*> params;
        if (schema_pattern) {
            sql += " AND n.nspname LIKE $1";
            params.push_back(schema_pattern->c_str());
        }
        sql += " ORDER BY 3, 1, 2";
        PGresult* r = check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()),
                                         nullptr, params.data(), nullptr, nullptr, 0),
                            PGRES_TUPLES_OK, "Cannot list tables");
        std::vector<TableInfo> out;
        for (int i = 0; i < PQntuples(r); ++i) {
            std::string type = PQgetvalue(r, i, 2);
            bool wanted = std::any_of(types.begin(), types.end(), [&](const std::string& w) {
                return strcasecmp(w.c_str(), type.c_str()) == 0;
            });
            if (wanted)
                out.push_back({TableId{"", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1)}, type});
        }
        PQclear(r);
        return out;
    }

    std::vector<ColumnInfo> table_columns(const TableId& t) override {
        const char* params[2] = {t.schema.empty() ? nullptr : t.schema.c_str(), t.table.c_str()};
        PGresult* r = check(
            PQexecParams(conn_,
                         "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                         "a.atttypid, a.atttypmod, a.attnotnull, "
                         "(a.attidentity <> '' OR coalesce(pg_catalog.pg_get_expr(d.adbin, "
                         "d.adrelid), '') LIKE 'nextval(%') "
                         "FROM pg_catalog.pg_attribute a "
                         "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                         "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND "
                         "d.adnum = a.attnum "
                         "WHERE n.nspname = coalesce($1, current_schema()) AND c.relname = $2 "
                         "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                         2, nullptr, params, nullptr, nullptr, 0),
            PGRES_TUPLES_OK, "Cannot read the columns of " + t.fqn());
        std::vector<ColumnInfo> out;
        for (int i = 0; i < PQntuples(r); ++i) {
            ColumnInfo c;
            c.name = PQgetvalue(r, i, 0);
            classify_pg_type(c, static_cast<uint32_t>(std::stoul(PQgetvalue(r, i, 2))),
                             std::stoi(PQgetvalue(r, i, 3)));
            c.type_name = PQgetvalue(r, i, 1);
            c.nullable =
                PQgetvalue(r, i, 4)[0] == 't' ? Nullability::NotNull : Nullability::Nullable;
            c.auto_increment = PQgetvalue(r, i, 5)[0] == 't';
            out.push_back(std::move(c));
        }
        PQclear(r);
        return out;
    }

    std::vector<std::string> primary_key(const TableId& t) override {
        const char* params[2] = {t.schema.empty() ? nullptr : t.schema.c_str(), t.table.c_str()};
        PGresult* r = check(
            PQexecParams(conn_,
                         "SELECT a.attname FROM pg_catalog.pg_index i "
                         "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                         "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true "
                         "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND "
                         "a.attnum = k.attnum "
                         "WHERE i.indisprimary AND n.nspname = coalesce($1, current_schema()) "
                         "AND c.relname = $2 ORDER BY k.ord",
                         2, nullptr, params, nullptr, nullptr, 0),
            PGRES_TUPLES_OK, "Cannot read the primary key of " + t.fqn());
        std::vector<std::string> out;
        for (int i = 0; i < PQntuples(r); ++i)
            out.emplace_back(PQgetvalue(r, i, 0));
        PQclear(r);
        return out;
    }

    std::string scalar(const std::string& sql) {
        PGresult* r = exec_tuples(sql);
        std::string v = PQntuples(r) ? PQgetvalue(r, 0, 0) : "";
        PQclear(r);
        return v;
    }
    std::string current_schema() override {
        if (schema_.empty()) schema_ = scalar("SELECT current_schema()");
        return schema_;
    }
    std::string current_catalog() override {
        if (catalog_.empty()) catalog_ = scalar("SELECT current_database()");
        return catalog_;
    }

    // NOT NULL flags of a table's columns by attribute number, cached per table OID.
    const std::vector<bool>& not_null_flags(uint32_t table_oid) {
        auto it = not_null_.find(table_oid);
        if (it != not_null_.end()) return it->second;
        std::string sql =
            "SELECT attnum, attnotnull FROM pg_catalog.pg_attribute WHERE attnum > 0 AND "
            "attrelid = " +
            std::to_string(table_oid) + " ORDER BY attnum";
        PGresult* r = exec_tuples(sql);
        std::vector<bool> flags;
        for (int i = 0; i < PQntuples(r); ++i) {
            size_t attnum = std::stoul(PQgetvalue(r, i, 0));
            if (flags.size() <= attnum) flags.resize(attnum + 1, false);
            flags[attnum] = PQgetvalue(r, i, 1)[0] == 't';
        }
        PQclear(r);
        return not_null_.emplace(table_oid, std::move(flags)).first->second;
    }
    void forget_table_metadata() { not_null_.clear(); }

  private:
    PGconn* conn_ = nullptr;
    uint64_t counter_ = 0;
    bool in_txn_ = false;
    bool txn_failed_ = false;
    std::string schema_, catalog_;
    std::map<uint32_t, std::vector<bool>> not_null_;
};

PgCursor::PgCursor(PgConnection& conn, std::string name, int fetch_size)
    : conn_(conn), name_(std::move(name)) {
    fetch_sql_ = "FETCH FORWARD " + std::to_string(std::max(fetch_size, 1)) + " FROM " + name_;
    fetch();
    int n = PQnfields(res_);
    for (int i = 0; i < n; ++i) {
        ColumnInfo c;
        c.name = PQfname(res_, i);
        classify_pg_type(c, PQftype(res_, i), PQfmod(res_, i));
        uint32_t table = PQftable(res_, i);
        int col = PQftablecol(res_, i);
        if (table != InvalidOid && col > 0) {
            const auto& flags = conn_.not_null_flags(table);
            if (static_cast<size_t>(col) < flags.size())
                c.nullable =
                    flags[static_cast<size_t>(col)] ? Nullability::NotNull : Nullability::Nullable;
        }
        columns_.push_back(std::move(c));
    }
}

PgCursor::~PgCursor() {
    PQclear(res_);
    if (open_ && PQstatus(conn_.raw()) == CONNECTION_OK &&
        PQtransactionStatus(conn_.raw()) == PQTRANS_INTRANS) {
        PGresult* r = PQexec(conn_.raw(), ("CLOSE " + name_).c_str());
        PQclear(r);
    }
}

void PgCursor::fetch() {
    PQclear(res_);
    res_ = nullptr;
    res_ = conn_.check(
        PQexecParams(conn_.raw(), fetch_sql_.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1),
        PGRES_TUPLES_OK, "Fetching rows failed");
    rows_ = PQntuples(res_);
    row_ = -1;
}

bool PgCursor::next() {
    if (row_ + 1 < rows_) {
        ++row_;
        return true;
    }
    if (exhausted_ || rows_ == 0) {
        exhausted_ = true;
        return false;
    }
    fetch();
    if (rows_ == 0) {
        exhausted_ = true;
        return false;
    }
    row_ = 0;
    return true;
}

PgStatement::PgStatement(PgConnection& conn, std::string sql, std::string name, int nparams)
    : conn_(conn), sql_(std::move(sql)), name_(std::move(name)) {
    values_.resize(static_cast<size_t>(nparams));
    ptrs_.assign(static_cast<size_t>(nparams), nullptr);
    lengths_.assign(static_cast<size_t>(nparams), 0);
    formats_.assign(static_cast<size_t>(nparams), 0);
}

PgStatement::~PgStatement() {
    if (PQstatus(conn_.raw()) == CONNECTION_OK &&
        PQtransactionStatus(conn_.raw()) != PQTRANS_INERROR) {
        PGresult* r = PQexec(conn_.raw(), ("DEALLOCATE " + name_).c_str());
        PQclear(r);
    }
}

int64_t PgStatement::execute() {
    PGresult* r = PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(ptrs_.size()),
                                 ptrs_.data(), lengths_.data(), formats_.data(), 0);
    clear();
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
        PQclear(r);
        return 0;
    }
    r = conn_.check(r, PGRES_COMMAND_OK, "Statement failed");
    const char* n = PQcmdTuples(r);
    int64_t rows = n && *n ? std::stoll(n) : 0;
    PQclear(r);
    return rows;
}

std::unique_ptr<Cursor> PgStatement::query(int fetch_size) {
    // A cursor lives in a transaction; the caller commits when done reading.
    if (!conn_.in_transaction()) conn_.begin();
    std::string name = conn_.next_cursor_name();
    std::string declare = "DECLARE " + name + " NO SCROLL CURSOR FOR " + sql_;
    PGresult* r = PQexecParams(conn_.raw(), declare.c_str(), static_cast<int>(ptrs_.size()),
                               nullptr, ptrs_.data(), lengths_.data(), formats_.data(), 1);
    clear();
    PQclear(conn_.check(r, PGRES_COMMAND_OK, "Query '" + sql_ + "' failed"));
    return std::make_unique<PgCursor>(conn_, std::move(name), fetch_size);
}

}  // namespace

void classify_pg_type(ColumnInfo& c, uint32_t oid, int typmod) {
    c.native_type = oid;
    switch (oid) {
        case BOOLOID:
            c.type = SqlType::Boolean;
            c.type_name = "bool";
            break;
        case INT2OID:
            c.type = SqlType::SmallInt;
            c.type_name = "int2";
            break;
        case INT4OID:
            c.type = SqlType::Integer;
            c.type_name = "int4";
            break;
        case INT8OID:
        case OIDOID:
            c.type = SqlType::BigInt;
            c.type_name = oid == OIDOID ? "oid" : "int8";
            break;
        case FLOAT4OID:
            c.type = SqlType::Real;
            c.type_name = "float4";
            break;
        case FLOAT8OID:
            c.type = SqlType::Double;
            c.type_name = "float8";
            break;
        case NUMERICOID:
            c.type = SqlType::Numeric;
            c.type_name = "numeric";
            if (typmod >= 4) {
                c.precision = ((typmod - 4) >> 16) & 0xffff;
                c.scale = (typmod - 4) & 0xffff;
            } else {
                c.precision = 0;
                c.scale = 0;
            }
            c.scale_known = true;
            break;
        case TEXTOID:
        case VARCHAROID:
        case BPCHAROID:
        case NAMEOID:
        case CHAROID:
        case JSONOID:
        case JSONBOID:
        case XMLOID:
        case UUIDOID:
            c.type = SqlType::Char;
            c.type_name = oid == JSONOID    ? "json"
                          : oid == JSONBOID ? "jsonb"
                          : oid == UUIDOID  ? "uuid"
                          : oid == XMLOID   ? "xml"
                                            : "text";
            break;
        case BYTEAOID:
            c.type = SqlType::Binary;
            c.type_name = "bytea";
            break;
        case BITOID:
        case VARBITOID:
            c.bit_length = typmod > 0 ? typmod : 1;
            c.type = c.bit_length == 1 ? SqlType::Boolean : SqlType::Bit;
            c.type_name = oid == BITOID ? "bit" : "varbit";
            break;
        case DATEOID:
            c.type = SqlType::Date;
            c.type_name = "date";
            break;
        case TIMEOID:
        case TIMETZOID:
            c.type = SqlType::Time;
            c.type_name = oid == TIMEOID ? "time" : "timetz";
            break;
        case TIMESTAMPOID:
            c.type = SqlType::Timestamp;
            c.type_name = "timestamp";
            break;
        case TIMESTAMPTZOID:
            c.type = SqlType::TimestampTz;
            c.type_name = "timestamptz";
            break;
        default:
            c.type = SqlType::Other;
            c.type_name = "oid " + std::to_string(oid);
            break;
    }
}

std::unique_ptr<Connection> open_postgres(const std::string& conninfo) {
    return std::make_unique<PgConnection>(conninfo);
}

}  // namespace kcjdbc
