// The JDBC sink task: one transaction per put(), retries as
// RetriableException, and records it cannot write sent to the errant-record
// reporter when one is configured (Confluent's JdbcSinkTask).
#pragma once

#include <kc/sink_task.hpp>

#include <map>
#include <memory>

#include "db/connection_provider.hpp"
#include "sink/sink_config.hpp"
#include "sink/table_writer.hpp"

namespace kcjdbc {

class JdbcSinkTask : public kc::SinkTask {
  public:
    void start(const kc::ConfigMap& props) override;
    void put(std::span<const kc_record* const> records) override;
    void stop() override;

    // Destination table of a topic (table.name.format).
    TableId destination(Connection& conn, std::string_view topic);

  private:
    // Throws DataException when the record's shape cannot be written.
    void check_record(const kc_record& r) const;
    // Throws ConnectException (the task fails) when a String value meets
    // options that only apply to Struct fields.
    void check_string_value_config() const;
    void write_all(Connection& conn, std::span<const kc_record* const> records);
    // Writes record by record under savepoints, reporting the failures.
    void write_one_by_one(std::span<const kc_record* const> records, const std::exception& cause);
    void discard_writers();
    void rollback_quietly();
    Connection& connection();

    SinkConfig cfg_;
    std::unique_ptr<Dialect> dialect_;
    std::unique_ptr<ConnectionProvider> provider_;
    std::map<TableId, std::unique_ptr<TableWriter>> writers_;
    std::map<std::string, TableId, std::less<>> destinations_;
    int retries_left_ = 0;
};

}  // namespace kcjdbc
