// One table (or the custom query) being polled: builds the mode's SQL, keeps
// the in-memory offset, streams the result into records and assigns each its
// source partition and offset (Confluent's TableQuerier and its
// offset formats).
#pragma once

#include <kc/data.hpp>
#include <kc/source_task.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/dialect.hpp"
#include "source/row_mapper.hpp"
#include "source/source_config.hpp"

namespace kcjdbc {

// Where a table or query has got to.
struct SourceOffset {
    std::optional<int64_t> incrementing;
    std::optional<Instant> timestamp;
    bool empty() const { return !incrementing && !timestamp; }
};

// Reads a stored offset map ({"incrementing":..,"timestamp":..,"timestamp_nanos":..}).
SourceOffset parse_source_offset(kc::ValueView v);

class TableQuerier {
  public:
    // table empty = query mode.
    TableQuerier(const SourceConfig& cfg, const Dialect& dialect, std::optional<TableId> table,
                 SourceOffset start);

    const std::optional<TableId>& table() const { return table_; }
    const kc_value* partition() const { return partition_; }
    const std::string& topic() const { return topic_; }
    int64_t last_update_ms = 0;
    bool querying() const { return cursor_ != nullptr; }
    const SourceOffset& offset() const { return offset_; }
    void set_start_offset(const SourceOffset& o) { offset_ = query_start_ = committable_ = o; }

    // Resolves and checks columns against the table (auto-increment column,
    // validate.non.null). Throws kc::ConnectException.
    void validate(Connection& conn);
    // The SQL the next query runs (with the dialect's placeholders).
    std::string sql() const;
    // Runs the query if none is open, then adds up to max records to out.
    // Returns true when the result is exhausted (the querier is then reset).
    bool read(Connection& conn, kc::SourceRecords& out, size_t max, const kc::Logger& log);
    // Closes the result; rollback_offset restores the offset from before the
    // query (after a failure).
    void reset(bool rollback_offset);

  private:
    void start_query(Connection& conn, const kc::Logger& log);
    const kc_value* make_offset(kc::Arena& a, const SourceOffset& o) const;
    Instant row_timestamp(const Cursor& cur) const;
    int64_t row_incrementing(const Cursor& cur) const;
    std::string timestamp_expr() const;

    const SourceConfig& cfg_;
    const Dialect& dialect_;
    std::optional<TableId> table_;
    std::string topic_;
    std::string incrementing_column_;
    kc::Pool pool_;  // the partition map lives as long as the querier
    const kc_value* partition_ = nullptr;
    SourceOffset offset_;       // advances with every record read
    SourceOffset query_start_;  // offset_ when the current query started
    SourceOffset committable_;  // timestamp mode: last offset safe to resume from
    std::optional<bool> alt_timestamps_;
    std::unique_ptr<Statement> stmt_;
    std::unique_ptr<Cursor> cursor_;
    bool row_pending_ = false;                         // the cursor stands on a row not yet emitted
    std::vector<std::unique_ptr<RowMapper>> mappers_;  // every schema handed out stays alive
    std::vector<std::string> mapper_columns_;
    int inc_col_ = -1;
    std::vector<int> ts_cols_;
};

}  // namespace kcjdbc
