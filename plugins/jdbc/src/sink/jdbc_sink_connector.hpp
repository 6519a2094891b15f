// The JDBC sink connector: validates the config and hands every task the same one.
#pragma once

#include <kc/connector.hpp>

#include <algorithm>

#include "common/version.hpp"
#include "sink/jdbc_sink_task.hpp"

namespace kcjdbc {

class JdbcSinkConnector : public kc::SinkConnector {
  public:
    using Task = JdbcSinkTask;
    static constexpr kc::PluginInfo info{
        "io.kcnative.jdbc.JdbcSinkConnector",
        KC_JDBC_VERSION,
        "Writes Kafka records into SQLite and PostgreSQL tables (insert, upsert, update, delete).",
        {"io.confluent.connect.jdbc.JdbcSinkConnector"}};
    static kc::ConfigDef configDef() { return SinkConfig::def(); }

    void start(const kc::ConfigMap& props) override {
        SinkConfig::parse(props);  // fail fast on a bad config
        props_ = props;
    }
    std::vector<kc::ConfigMap> taskConfigs(int maxTasks) override {
        return std::vector<kc::ConfigMap>(static_cast<size_t>(std::max(maxTasks, 1)), props_);
    }
    void stop() override {}

  private:
    kc::ConfigMap props_;
};

}  // namespace kcjdbc
