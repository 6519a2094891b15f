#include "source/table_querier.hpp"

#include <kc/error.hpp>

#include <strings.h>
#include <algorithm>

#include "source/timestamp_granularity.hpp"

namespace kcjdbc {

namespace {

constexpr std::string_view kIncrementing = "incrementing";
constexpr std::string_view kTimestamp = "timestamp";
constexpr std::string_view kTimestampNanos = "timestamp_nanos";

kc_map_entry entry(std::string_view key, kc_value v) {
    kc_map_entry e{};
    e.key = kc::make_string_ref(key);  // keys are literals: valid while the plugin is loaded
    e.value = v;
    return e;
}

int find_column(const std::vector<ColumnInfo>& cols, const std::string& name) {
    for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i].name == name) return static_cast<int>(i);
    for (size_t i = 0; i < cols.size(); ++i)
        if (strcasecmp(cols[i].name.c_str(), name.c_str()) == 0) return static_cast<int>(i);
    return -1;
}

bool uses_incrementing(SourceMode m) {
    return m == SourceMode::Incrementing || m == SourceMode::TimestampIncrementing;
}
bool uses_timestamp(SourceMode m) {
    return m == SourceMode::Timestamp || m == SourceMode::TimestampIncrementing;
}

}  // namespace

SourceOffset parse_source_offset(kc::ValueView v) {
    SourceOffset o;
    if (v.tag() != KC_VAL_MAP) return o;
    if (auto inc = v.map_get(kIncrementing); inc.is_integral()) o.incrementing = inc.as_int();
    if (auto ts = v.map_get(kTimestamp); ts.is_integral()) {
        Instant t = Instant::from_millis(ts.as_int());
        if (auto nanos = v.map_get(kTimestampNanos); nanos.is_integral())
            t.nanos = static_cast<int32_t>(nanos.as_int());
        o.timestamp = t;
    }
    return o;
}

TableQuerier::TableQuerier(const SourceConfig& cfg, const Dialect& dialect,
                           std::optional<TableId> table, SourceOffset start)
    : cfg_(cfg),
      dialect_(dialect),
      table_(std::move(table)),
      incrementing_column_(cfg.incrementing_column),
      offset_(start),
      query_start_(start),
      committable_(start) {
    topic_ = cfg.topic_prefix + (table_ ? table_->table : "");
    if (!table_) {
        partition_ = kc::make_offset_map(pool_, {{"query", kc::make_string_ref("query")}});
    } else if (cfg.mode == SourceMode::Bulk) {
        partition_ = kc::make_offset_map(pool_, {{"table", kc::make_string(pool_, table_->table)}});
    } else {
        partition_ = kc::make_offset_map(pool_, {{"protocol", kc::make_string_ref("1")},
                                                 {"table", kc::make_string(pool_, table_->fqn())}});
    }
}

void TableQuerier::validate(Connection& conn) {
    if (!table_) {
        if (uses_incrementing(cfg_.mode) && incrementing_column_.empty())
            throw kc::ConfigException(
                "incrementing.column.name must be set when a query is used in incrementing mode");
        return;
    }
    auto cols = conn.table_columns(*table_);
    if (cols.empty())
        throw kc::ConnectException("Table " + table_->fqn() + " does not exist or has no columns");
    if (uses_incrementing(cfg_.mode)) {
        if (incrementing_column_.empty()) {
            for (const auto& c : cols)
                if (c.auto_increment) {
                    incrementing_column_ = c.name;
                    break;
                }
            if (incrementing_column_.empty())
                throw kc::ConnectException("Cannot find an auto-increment column in " +
                                           table_->fqn() + "; set incrementing.column.name");
        }
        int i = find_column(cols, incrementing_column_);
        if (i < 0)
            throw kc::ConnectException("Incrementing column " + incrementing_column_ +
                                       " does not exist in table " + table_->fqn());
        if (cfg_.validate_non_null && cols[i].nullable != Nullability::NotNull)
            throw kc::ConnectException(
                "Cannot make incremental queries using incrementing column " +
                incrementing_column_ + " on " + table_->fqn() +
                " because this column is nullable.");
    }
    if (uses_timestamp(cfg_.mode)) {
        if (cfg_.timestamp_columns.empty())
            throw kc::ConfigException("timestamp.column.name must be set in timestamp modes");
        bool any_not_null = false;
        for (const auto& name : cfg_.timestamp_columns) {
            int i = find_column(cols, name);
            if (i < 0)
                throw kc::ConnectException("Timestamp column " + name +
                                           " does not exist in table " + table_->fqn());
            any_not_null |= cols[i].nullable == Nullability::NotNull;
        }
        if (cfg_.validate_non_null && !any_not_null)
            throw kc::ConnectException("Cannot make incremental queries using timestamp columns " +
                                       kc::join(cfg_.timestamp_columns, ",") + " on " +
                                       table_->fqn() +
                                       " because all of these columns are nullable.");
    }
}

std::string TableQuerier::timestamp_expr() const {
    if (cfg_.timestamp_columns.size() == 1) return dialect_.quote(cfg_.timestamp_columns[0]);
    std::string out = "COALESCE(";
    for (size_t i = 0; i < cfg_.timestamp_columns.size(); ++i)
        out += (i ? "," : "") + dialect_.quote(cfg_.timestamp_columns[i]);
    return out + ")";
}

std::string TableQuerier::sql() const {
    std::string out = table_ ? "SELECT * FROM " + dialect_.table_sql(*table_) : cfg_.query;
    const std::string inc = dialect_.quote(incrementing_column_);
    const std::string ts = uses_timestamp(cfg_.mode) ? timestamp_expr() : "";
    auto p = [&](int n) { return dialect_.placeholder(n); };
    switch (cfg_.mode) {
        case SourceMode::Bulk:
            break;
        case SourceMode::Incrementing:
            out += " WHERE " + inc + " > " + p(0) + " ORDER BY " + inc + " ASC";
            break;
        case SourceMode::Timestamp:
            out += " WHERE " + ts + " > " + p(0) + " AND " + ts + " < " + p(1) + " ORDER BY " + ts +
                   " ASC";
            break;
        case SourceMode::TimestampIncrementing:
            out += " WHERE " + ts + " < " + p(0) + " AND ((" + ts + " = " + p(1) + " AND " + inc +
                   " > " + p(2) + ") OR " + ts + " > " + p(3) + ") ORDER BY " + ts + "," + inc +
                   " ASC";
            break;
    }
    if (!cfg_.query_suffix.empty()) out += " " + cfg_.query_suffix;
    return out;
}

void TableQuerier::start_query(Connection& conn, const kc::Logger& log) {
    query_start_ = offset_;
    if (!cfg_.isolation_level.empty() && !conn.in_transaction())
        dialect_.begin_read(conn, cfg_.isolation_level);
    stmt_ = conn.prepare(sql());
    if (uses_timestamp(cfg_.mode)) {
        if (!alt_timestamps_ || !*alt_timestamps_) {
            std::string from = table_ ? dialect_.table_sql(*table_) : "(" + cfg_.query + ") kc_q";
            bool alt = dialect_.alternative_timestamp_storage(conn, from, timestamp_expr());
            if (alt || !alt_timestamps_) alt_timestamps_ = alt;
        }
        if (!offset_.timestamp) {
            if (cfg_.timestamp_initial && *cfg_.timestamp_initial == -1)
                offset_.timestamp = dialect_.current_time(conn);
            else if (cfg_.timestamp_initial)
                offset_.timestamp = Instant::from_millis(*cfg_.timestamp_initial);
            query_start_ = offset_;
        }
        Instant begin = offset_.timestamp.value_or(Instant{});
        Instant now = dialect_.current_time(conn);
        Instant end = Instant::from_millis(now.epoch_millis() - cfg_.timestamp_delay_ms);
        end.nanos = static_cast<int32_t>(end.nanos + now.nanos % 1'000'000);
        const TimeZone& z = *cfg_.conn.zone;
        const bool alt = alt_timestamps_.value_or(false);
        if (cfg_.mode == SourceMode::Timestamp) {
            dialect_.bind_timestamp(*stmt_, 0, begin, z, alt);
            dialect_.bind_timestamp(*stmt_, 1, end, z, alt);
        } else {
            dialect_.bind_timestamp(*stmt_, 0, end, z, alt);
            dialect_.bind_timestamp(*stmt_, 1, begin, z, alt);
            stmt_->bind_int(2, offset_.incrementing.value_or(-1));
            dialect_.bind_timestamp(*stmt_, 3, begin, z, alt);
        }
    } else if (cfg_.mode == SourceMode::Incrementing) {
        stmt_->bind_int(0, offset_.incrementing.value_or(-1));
    }
    cursor_ = stmt_->query(cfg_.batch_max_rows);
    row_pending_ = false;
    const auto& cols = cursor_->columns();
    std::vector<std::string> names;
    for (const auto& c : cols)
        names.push_back(c.name + ":" + c.type_name + ":" + std::to_string(int(c.nullable)));
    if (mappers_.empty() || names != mapper_columns_) {
        mappers_.push_back(std::make_unique<RowMapper>(
            cols, cfg_.numeric_mapping,
            table_ ? std::optional<std::string>(table_->table) : std::nullopt, cfg_.conn.zone,
            cfg_.timestamp_granularity));
        mapper_columns_ = std::move(names);
        for (const auto& d : mappers_.back()->dropped())
            log.warn("Column ", d, (table_ ? " of " + table_->fqn() : std::string(" of the query")),
                     " has a type with no Connect mapping; it is left out of the records");
    }
    inc_col_ = uses_incrementing(cfg_.mode) ? find_column(cols, incrementing_column_) : -1;
    if (uses_incrementing(cfg_.mode) && inc_col_ < 0)
        throw kc::ConnectException("Incrementing column " + incrementing_column_ +
                                   " is not in the result");
    ts_cols_.clear();
    if (uses_timestamp(cfg_.mode))
        for (const auto& name : cfg_.timestamp_columns) {
            int i = find_column(cols, name);
            if (i < 0)
                throw kc::ConnectException("Timestamp column " + name + " is not in the result");
            ts_cols_.push_back(i);
        }
}

Instant TableQuerier::row_timestamp(const Cursor& cur) const {
    for (int c : ts_cols_)
        if (!cur.is_null(c))
            return granularity_offset(cfg_.timestamp_granularity,
                                      cur.get_timestamp(c, *cfg_.conn.zone), *cfg_.conn.zone);
    throw kc::DataException("Null value for all timestamp columns (" +
                            kc::join(cfg_.timestamp_columns, ",") + ")");
}

int64_t TableQuerier::row_incrementing(const Cursor& cur) const {
    if (cur.is_null(inc_col_))
        throw kc::DataException("Null value for incrementing column " + incrementing_column_);
    return cur.get_int(inc_col_);
}

const kc_value* TableQuerier::make_offset(kc::Arena& a, const SourceOffset& o) const {
    auto* entries =
        static_cast<kc_map_entry*>(a.allocate(sizeof(kc_map_entry) * 3, alignof(kc_map_entry)));
    size_t n = 0;
    if (o.timestamp) {
        entries[n++] = entry(kTimestamp, kc::make_int64(o.timestamp->epoch_millis()));
        entries[n++] = entry(kTimestampNanos, kc::make_int32(o.timestamp->nanos));
    }
    if (o.incrementing) entries[n++] = entry(kIncrementing, kc::make_int64(*o.incrementing));
    kc_value* m = kc::alloc_values(a, 1);
    m->tag = KC_VAL_MAP;
    m->u.map.entries = entries;
    m->u.map.count = n;
    return m;
}

bool TableQuerier::read(Connection& conn, kc::SourceRecords& out, size_t max,
                        const kc::Logger& log) {
    if (!cursor_) start_query(conn, log);
    kc::Arena& arena = out.arena();
    const RowMapper& mapper = *mappers_.back();
    kc_str topic = arena.copy(topic_);
    for (size_t n = 0; n < max; ++n) {
        if (!row_pending_ && !cursor_->next()) {
            reset(false);
            return true;
        }
        row_pending_ = false;
        kc::RecordBuilder rb(arena);
        rb.get()->topic = topic;
        rb.value(mapper.schema(), mapper.read(*cursor_, arena));
        kc_record* rec = rb.get();
        rec->source_partition = partition_;
        switch (cfg_.mode) {
            case SourceMode::Bulk:
                break;
            case SourceMode::Incrementing:
                offset_.incrementing = row_incrementing(*cursor_);
                rec->source_offset = make_offset(arena, offset_);
                break;
            case SourceMode::TimestampIncrementing:
                offset_.timestamp = row_timestamp(*cursor_);
                offset_.incrementing = row_incrementing(*cursor_);
                rec->source_offset = make_offset(arena, offset_);
                break;
            case SourceMode::Timestamp: {
                // The offset moves to this row's timestamp only once no later
                // row shares it: a restart then re-reads the whole group.
                Instant ts = row_timestamp(*cursor_);
                offset_.timestamp = ts;
                row_pending_ = cursor_->next();
                if (!row_pending_ || row_timestamp(*cursor_) > ts) committable_.timestamp = ts;
                rec->source_offset = make_offset(arena, committable_);
                if (!row_pending_) {
                    out.add(rec);
                    reset(false);
                    return true;
                }
                break;
            }
        }
        out.add(rec);
    }
    return false;
}

void TableQuerier::reset(bool rollback_offset) {
    // Only a query that was under way has an offset to take back.
    const bool mid_query = cursor_ || stmt_;
    cursor_.reset();
    stmt_.reset();
    row_pending_ = false;
    if (rollback_offset && mid_query) {
        offset_ = query_start_;
        committable_ = query_start_;
    }
    query_start_ = offset_;
}

}  // namespace kcjdbc
