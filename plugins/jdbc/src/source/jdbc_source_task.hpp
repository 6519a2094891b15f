// The JDBC source task: polls its tables (or the query) in turn, at most
// batch.max.rows records per poll, streaming results, as Confluent's
// JdbcSourceTask does.
#pragma once

#include <kc/source_task.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "db/connection_provider.hpp"
#include "source/source_config.hpp"
#include "source/table_querier.hpp"

namespace kcjdbc {

class JdbcSourceTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap& props) override;
    void poll(kc::SourceRecords& out) override;
    void stop() override;

    // For tests: the queriers in table order.
    const std::vector<std::unique_ptr<TableQuerier>>& queriers() const { return queriers_; }

  private:
    void load_offsets(kc::Arena& arena);
    TableQuerier& next_querier();
    void fail_query(TableQuerier& q, const SqlError& e);

    SourceConfig cfg_;
    std::unique_ptr<Dialect> dialect_;
    std::unique_ptr<ConnectionProvider> provider_;
    std::vector<std::unique_ptr<TableQuerier>> queriers_;
    std::atomic<bool> stopping_{false};
    int query_failures_ = 0;
    bool offsets_loaded_ = false;
};

}  // namespace kcjdbc
