// Buffers the records of one destination table within a put(), creates or
// evolves the table as needed, and writes them with prepared statements
// (multi-row where the dialect allows it), deletes after inserts, as
// Confluent's BufferedRecords does.
#pragma once

#include <kc/data.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/dialect.hpp"
#include "sink/fields_metadata.hpp"
#include "sink/sink_config.hpp"

namespace kcjdbc {

class TableWriter {
  public:
    TableWriter(const SinkConfig& cfg, const Dialect& dialect, TableId table);
    const TableId& table() const { return table_; }
    // Record schemas are borrowed per put(): forget their addresses.
    void begin_put() { last_key_ = last_value_ = nullptr; }
    // Buffers a record (flushing first when its schema changed or a delete is pending).
    void add(Connection& conn, const kc_record* r);
    // Writes everything buffered: inserts/upserts/updates, then deletes.
    void flush(Connection& conn);

  private:
    void set_schemas(Connection& conn, const kc_record* r);
    void ensure_table(Connection& conn);
    void write_rows(Connection& conn);
    void write_deletes(Connection& conn);
    Statement& insert_statement(Connection& conn, size_t rows);
    void bind_field(Statement& s, int i, const SinkField& f, const kc_record& r) const;
    // A timestamp.fields.list value (epoch micros/nanos, INT64 or text).
    Instant epoch_timestamp(const SinkField& f, const kc_value& v) const;
    std::string key_signature(const kc_record& r) const;

    const SinkConfig& cfg_;
    const Dialect& dialect_;
    TableId table_;
    // Owned copies of the schemas the buffered records have, and the
    // addresses last seen this put() (a fast path for equal schemas).
    kc::Schema key_schema_, value_schema_;
    bool have_schemas_ = false;
    const kc_schema* last_key_ = nullptr;
    const kc_schema* last_value_ = nullptr;
    std::optional<FieldsMetadata> fields_;
    std::vector<std::string> casts_;
    std::vector<const kc_record*> rows_, deletes_;
    std::map<size_t, std::unique_ptr<Statement>> inserts_;
    std::unique_ptr<Statement> update_, delete_;
};

}  // namespace kcjdbc
