#include "source/table_monitor.hpp"

#include <kc/error.hpp>

#include <algorithm>
#include <map>

namespace kcjdbc {

TableFilter::TableFilter(const SourceConfig& cfg, const Dialect& dialect)
    : cfg_(cfg), dialect_(dialect) {
    try {
        for (const auto& r : cfg.include_list)
            include_.emplace_back(r);
        for (const auto& r : cfg.exclude_list)
            exclude_.emplace_back(r);
    } catch (const std::regex_error& e) {
        throw kc::ConfigException(std::string("Invalid regular expression in "
                                              "table.include.list/table.exclude.list: ") +
                                  e.what());
    }
}

bool TableFilter::listed(const std::vector<std::string>& list, const TableId& t) const {
    const std::string fqn = t.fqn(), quoted = dialect_.table_sql(t);
    return std::any_of(list.begin(), list.end(), [&](const std::string& e) {
        return e == fqn || e == t.table || e == quoted;
    });
}

bool TableFilter::accepts(const TableId& t) const {
    if (!cfg_.whitelist.empty()) return listed(cfg_.whitelist, t);
    if (!cfg_.blacklist.empty()) return !listed(cfg_.blacklist, t);
    if (!include_.empty() || !exclude_.empty()) {
        const std::string fqn = t.fqn();
        auto full = [&](const std::regex& r) { return std::regex_match(fqn, r); };
        bool in = include_.empty() || std::any_of(include_.begin(), include_.end(), full);
        return in && std::none_of(exclude_.begin(), exclude_.end(), full);
    }
    return true;
}

TableMonitor::TableMonitor(const SourceConfig& cfg, const Dialect& dialect,
                           std::function<void()> on_change,
                           std::function<void(const std::string&)> on_error,
                           std::function<void(const std::string&)> on_warn)
    : cfg_(cfg),
      dialect_(dialect),
      filter_(cfg, dialect),
      provider_(dialect, cfg.conn.user, cfg.conn.password, cfg.conn.attempts, cfg.conn.backoff_ms),
      on_change_(std::move(on_change)),
      on_error_(std::move(on_error)),
      on_warn_(std::move(on_warn)) {}

TableMonitor::~TableMonitor() {
    stop();
}

void TableMonitor::start() {
    thread_ = std::thread([this] { run(); });
}

void TableMonitor::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    provider_.stop();
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::vector<TableId> TableMonitor::list_once() {
    Connection& conn = provider_.get();
    auto listed = conn.list_tables(cfg_.catalog_pattern, cfg_.schema_pattern, cfg_.table_types);
    std::vector<TableId> out;
    for (auto& t : listed)
        if (filter_.accepts(t.id)) out.push_back(t.id);
    if (conn.in_transaction()) conn.commit();
    return out;
}

void TableMonitor::run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        lock.unlock();
        std::optional<std::vector<TableId>> found;
        try {
            found = list_once();
        } catch (const std::exception& e) {
            provider_.close();
            on_warn_(std::string("Listing tables failed (retrying next interval): ") + e.what());
        }
        if (found) {
            std::map<std::string, std::string> bare;
            for (const auto& t : *found) {
                auto [it, inserted] = bare.emplace(t.table, t.fqn());
                if (!inserted) {
                    on_error_("The tables " + it->second + " and " + t.fqn() +
                              " have the same name; topics are named after bare table names, so "
                              "narrow the table filters to one of them");
                    lock.lock();
                    return;
                }
            }
        }
        lock.lock();
        if (found && found != tables_) {
            tables_ = std::move(found);
            cv_.notify_all();
            lock.unlock();
            on_change_();
            lock.lock();
        }
        cv_.wait_for(lock, std::chrono::milliseconds(cfg_.table_poll_interval_ms),
                     [&] { return stopping_; });
    }
}

std::optional<std::vector<TableId>> TableMonitor::tables(int64_t timeout_ms) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                 [&] { return stopping_ || tables_.has_value(); });
    return tables_;
}

}  // namespace kcjdbc
