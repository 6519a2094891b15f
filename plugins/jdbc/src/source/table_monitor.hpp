// Watches the database for tables matching the connector's filters; any
// change (including the first listing) asks the host to reconfigure tasks.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>
#include <vector>

#include "db/connection_provider.hpp"
#include "source/source_config.hpp"

namespace kcjdbc {

class TableFilter {
  public:
    TableFilter(const SourceConfig& cfg, const Dialect& dialect);
    bool accepts(const TableId& t) const;

  private:
    bool listed(const std::vector<std::string>& list, const TableId& t) const;
    const SourceConfig& cfg_;
    const Dialect& dialect_;
    std::vector<std::regex> include_, exclude_;
};

class TableMonitor {
  public:
    // on_change runs on the monitor thread; on_error gets fatal problems
    // (duplicate table names).
    TableMonitor(const SourceConfig& cfg, const Dialect& dialect, std::function<void()> on_change,
                 std::function<void(const std::string&)> on_error,
                 std::function<void(const std::string&)> on_warn);
    ~TableMonitor();
    void start();
    void stop();
    // The filtered tables, waiting up to timeout_ms for the first listing;
    // nullopt when it is still unknown.
    std::optional<std::vector<TableId>> tables(int64_t timeout_ms);
    // One listing now (also used by the thread).
    std::vector<TableId> list_once();

  private:
    void run();
    const SourceConfig& cfg_;
    const Dialect& dialect_;
    TableFilter filter_;
    ConnectionProvider provider_;
    std::function<void()> on_change_;
    std::function<void(const std::string&)> on_error_, on_warn_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::optional<std::vector<TableId>> tables_;
    std::thread thread_;
};

}  // namespace kcjdbc
