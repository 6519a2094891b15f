#include "source/jdbc_source_task.hpp"

#include <kc/error.hpp>

#include <chrono>

namespace kcjdbc {

namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void JdbcSourceTask::start(const kc::ConfigMap& props) {
    cfg_ = SourceConfig::parse(props);
    dialect_ = cfg_.conn.make_dialect();
    provider_ = std::make_unique<ConnectionProvider>(*dialect_, cfg_.conn.user, cfg_.conn.password,
                                                     cfg_.conn.attempts, cfg_.conn.backoff_ms);
    if (!cfg_.query_mode() && cfg_.tables.empty()) {
        if (cfg_.tables_fetched)
            throw kc::ConnectException(
                "Task is being killed because it was not assigned a table nor a query to "
                "execute; check the table filters of the connector");
        log().info("The table list is not known yet; this task idles until reconfigured");
        return;
    }
    try {
        Connection& conn = provider_->get();
        if (cfg_.query_mode()) {
            queriers_.push_back(
                std::make_unique<TableQuerier>(cfg_, *dialect_, std::nullopt, SourceOffset{}));
        }
        for (const auto& name : cfg_.tables) {
            TableId t = dialect_->Dialect::parse_table(name);
            // An unqualified name lives in the connection's current schema.
            if (t.schema.empty()) t.schema = conn.current_schema();
            queriers_.push_back(std::make_unique<TableQuerier>(cfg_, *dialect_, t, SourceOffset{}));
        }
        for (auto& q : queriers_)
            q->validate(conn);
        if (conn.in_transaction()) conn.commit();
    } catch (const SqlError& e) {
        provider_->close();
        throw kc::ConnectException(std::string("Cannot start the JDBC source task: ") + e.what(),
                                   e.transient() ? KC_RETRIABLE : KC_FATAL);
    }
}

void JdbcSourceTask::load_offsets(kc::Arena& arena) {
    // Offsets are read on the first poll: the reader copies its answers into
    // an arena, and poll() is the first call that has one.
    offsets_loaded_ = true;
    if (cfg_.mode == SourceMode::Bulk) return;
    kc::OffsetStorageReader reader = offsetStorageReader();
    for (auto& q : queriers_) {
        std::optional<kc::ValueView> stored = reader.offset(*q->partition(), arena);
        if (!stored && q->table()) {
            // Partitions written before the protocol version existed.
            const kc_value* legacy =
                kc::make_offset_map(arena, {{"table", kc::make_string(arena, q->table()->table)}});
            stored = reader.offset(*legacy, arena);
        }
        if (stored) q->set_start_offset(parse_source_offset(*stored));
    }
}

void JdbcSourceTask::stop() {
    stopping_ = true;
    if (provider_) provider_->stop();
}

TableQuerier& JdbcSourceTask::next_querier() {
    TableQuerier* best = queriers_.front().get();
    for (auto& q : queriers_) {
        if (q->querying()) return *q;
        if (q->last_update_ms < best->last_update_ms) best = q.get();
    }
    return *best;
}

void JdbcSourceTask::fail_query(TableQuerier& q, const SqlError& e) {
    q.reset(true);
    for (auto& other : queriers_)
        other->reset(true);
    provider_->close();
    ++query_failures_;
    const std::string where = q.table() ? q.table()->fqn() : std::string("the query");
    if (!e.transient()) throw kc::ConnectException("Reading " + where + " failed: " + e.what());
    if (cfg_.query_retry_attempts >= 0 && query_failures_ > cfg_.query_retry_attempts)
        throw kc::ConnectException("Reading " + where + " failed " +
                                   std::to_string(query_failures_) + " times: " + e.what());
    log().warn("Reading ", where, " failed (will retry): ", e.what());
    throw kc::RetriableException("Reading " + where + " failed: " + e.what());
}

void JdbcSourceTask::poll(kc::SourceRecords& out) {
    if (queriers_.empty()) {
        interruptible_sleep(100, stopping_);
        return;
    }
    if (!offsets_loaded_) load_offsets(out.arena());
    const int64_t started = now_ms();
    while (!stopping_ && out.size() == 0) {
        TableQuerier& q = next_querier();
        const int64_t now = now_ms();
        if (!q.querying()) {
            const int64_t due = q.last_update_ms + cfg_.poll_interval_ms;
            if (now < due) {
                interruptible_sleep(std::min<int64_t>(due - now, 100), stopping_);
                return;
            }
        }
        try {
            // Statements belong to their connection: drop them before it is replaced.
            if (Connection* c = provider_->current(); c && !c->is_valid()) {
                for (auto& other : queriers_)
                    other->reset(true);
                provider_->close();
            }
            Connection& conn = provider_->get();
            const bool done = q.read(conn, out, static_cast<size_t>(cfg_.batch_max_rows), log());
            if (done) {
                q.last_update_ms = now_ms();
                if (conn.in_transaction()) conn.commit();
            }
            query_failures_ = 0;
        } catch (const SqlError& e) {
            fail_query(q, e);
        }
        if (now_ms() - started > 500) return;
    }
}

}  // namespace kcjdbc
