// The JDBC source connector: finds the tables, splits them over tasks and
// watches for tables appearing or disappearing (Confluent's
// TableMonitorThread).
#pragma once

#include <kc/connector.hpp>

#include <memory>

#include "common/version.hpp"
#include "source/jdbc_source_task.hpp"
#include "source/table_monitor.hpp"

namespace kcjdbc {

class JdbcSourceConnector : public kc::SourceConnector {
  public:
    using Task = JdbcSourceTask;
    static constexpr kc::PluginInfo info{
        "io.kcnative.jdbc.JdbcSourceConnector",
        KC_JDBC_VERSION,
        "Copies rows of SQLite and PostgreSQL tables (or a query) into Kafka topics.",
        {"io.confluent.connect.jdbc.JdbcSourceConnector"}};
    static kc::ConfigDef configDef() { return SourceConfig::def(); }

    void start(const kc::ConfigMap& props) override;
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override;
    void stop() override;

  private:
    kc::ConfigMap props_;
    SourceConfig cfg_;
    std::unique_ptr<Dialect> dialect_;
    std::unique_ptr<TableMonitor> monitor_;
};

// Splits items into n contiguous groups, the first (size mod n) one larger
// (Java ConnectorUtils.groupPartitions).
std::vector<std::vector<std::string>> group_partitions(const std::vector<std::string>& items,
                                                       int n);

}  // namespace kcjdbc
