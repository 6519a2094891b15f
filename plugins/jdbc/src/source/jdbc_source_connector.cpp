#include "source/jdbc_source_connector.hpp"

#include <kc/error.hpp>

namespace kcjdbc {

std::vector<std::vector<std::string>> group_partitions(const std::vector<std::string>& items,
                                                       int n) {
    std::vector<std::vector<std::string>> out(static_cast<size_t>(n));
    const size_t per = items.size() / static_cast<size_t>(n);
    const size_t extra = items.size() % static_cast<size_t>(n);
    size_t at = 0;
    for (size_t g = 0; g < out.size(); ++g) {
        size_t take = per + (g < extra ? 1 : 0);
        for (size_t i = 0; i < take; ++i)
            out[g].push_back(items[at++]);
    }
    return out;
}

void JdbcSourceConnector::start(const kc::ConfigMap& props) {
    props_ = props;
    cfg_ = SourceConfig::parse(props);
    dialect_ = cfg_.conn.make_dialect();
    if (cfg_.query_mode()) return;
    monitor_ = std::make_unique<TableMonitor>(
        cfg_, *dialect_,
        [this] {
            try {
                context().requestTaskReconfiguration();
            } catch (const std::exception& e) {
                log().warn("Requesting task reconfiguration failed: ", e.what());
            }
        },
        [this](const std::string& msg) {
            log().error(msg);
            context().raiseError(kc::ConnectException(msg));
        },
        [this](const std::string& msg) { log().warn(msg); });
    monitor_->start();
}

std::vector<kc::ConfigMap> JdbcSourceConnector::taskConfigs(int maxTasks) {
    if (cfg_.query_mode()) {
        kc::ConfigMap t = props_;
        t["tables"] = "";
        t["tables.fetched"] = "true";
        return {t};
    }
    auto tables = monitor_->tables(cfg_.startup_polling_limit_ms);
    if (!tables) {
        log().warn("The table list is not known yet; starting one idle task");
        kc::ConfigMap t = props_;
        t["tables"] = "";
        t["tables.fetched"] = "false";
        return {t};
    }
    if (tables->empty()) {
        log().warn("No tables match the table filters; the task will fail");
        kc::ConfigMap t = props_;
        t["tables"] = "";
        t["tables.fetched"] = "true";
        return {t};
    }
    // Always-quoted names in the task config, whatever quote.sql.identifiers says.
    const char q = dialect_->quote_char();
    std::vector<std::string> names;
    for (const auto& id : *tables) {
        std::string s;
        for (const std::string* part : {&id.catalog, &id.schema, &id.table}) {
            if (part->empty()) continue;
            if (!s.empty()) s += '.';
            s += q + *part + q;
        }
        names.push_back(s);
    }
    int groups = std::min<int>(maxTasks, static_cast<int>(names.size()));
    std::vector<kc::ConfigMap> out;
    for (auto& group : group_partitions(names, groups)) {
        kc::ConfigMap t = props_;
        t["tables"] = kc::join(group, ",");
        t["tables.fetched"] = "true";
        out.push_back(std::move(t));
    }
    return out;
}

void JdbcSourceConnector::stop() {
    if (monitor_) monitor_->stop();
    monitor_.reset();
}

}  // namespace kcjdbc
