#include "sink/jdbc_sink_task.hpp"

#include <kc/error.hpp>

namespace kcjdbc {

void JdbcSinkTask::start(const kc::ConfigMap& props) {
    cfg_ = SinkConfig::parse(props);
    dialect_ = cfg_.conn.make_dialect();
    dialect_->set_date_zone(cfg_.date_zone);
    provider_ = std::make_unique<ConnectionProvider>(*dialect_, cfg_.conn.user, cfg_.conn.password,
                                                     cfg_.conn.attempts, cfg_.conn.backoff_ms);
    retries_left_ = cfg_.max_retries;
}

void JdbcSinkTask::stop() {
    if (provider_) provider_->stop();
    writers_.clear();
    if (provider_) provider_->close();
}

TableId JdbcSinkTask::destination(Connection& conn, std::string_view topic) {
    if (auto it = destinations_.find(topic); it != destinations_.end()) return it->second;
    std::string name = cfg_.table_name_format;
    for (size_t at; (at = name.find("${topic}")) != std::string::npos;)
        name.replace(at, 8, topic);
    TableId t = dialect_->parse_table(name);
    if (t.schema.empty()) t.schema = conn.current_schema();
    destinations_.emplace(std::string(topic), t);
    return t;
}

void JdbcSinkTask::check_record(const kc_record& r) const {
    const bool tombstone = r.value.tag == KC_VAL_NULL;
    if (cfg_.pk_mode == PkMode::RecordKey || (cfg_.delete_enabled && tombstone)) {
        if (r.key.tag == KC_VAL_NULL || !r.key_schema)
            throw kc::DataException(
                "Sink connector '" + std::string(kc::sv(r.topic)) +
                "' is configured with 'delete.enabled=" + (cfg_.delete_enabled ? "true" : "false") +
                "' and 'pk.mode=record_key' and therefore requires records "
                "with a non-null key and non-null Struct or primitive key "
                "schema, but found record at (topic='" +
                std::string(kc::sv(r.topic)) + "',partition=" + std::to_string(r.partition) +
                ",offset=" + std::to_string(r.kafka_offset) + ") with a " +
                (r.key.tag == KC_VAL_NULL ? "null" : "schemaless") + " key");
    }
    if (tombstone && cfg_.delete_enabled) return;
    const bool string_value =
        r.value_schema && r.value_schema->type == KC_TYPE_STRING && r.value.tag == KC_VAL_STRING;
    if (string_value) return check_string_value_config();
    if (tombstone || !r.value_schema || r.value_schema->type != KC_TYPE_STRUCT ||
        r.value.tag != KC_VAL_STRUCT)
        throw kc::DataException(
            "Sink connector '" + std::string(kc::sv(r.topic)) +
            "' is configured with 'delete.enabled=" + (cfg_.delete_enabled ? "true" : "false") +
            "' and 'pk.mode=" +
            (cfg_.pk_mode == PkMode::None        ? "none"
             : cfg_.pk_mode == PkMode::Kafka     ? "kafka"
             : cfg_.pk_mode == PkMode::RecordKey ? "record_key"
                                                 : "record_value") +
            "' and therefore requires records with a non-null Struct or String value and non-null "
            "Struct or String schema, but found record at (topic='" +
            std::string(kc::sv(r.topic)) + "',partition=" + std::to_string(r.partition) +
            ",offset=" + std::to_string(r.kafka_offset) + ") with a " +
            (tombstone ? "null value" : "value that is not a Struct or String with a schema"));
    kc::SchemaView vs = r.value_schema;
    for (size_t i = 0; i < vs.field_count(); ++i) {
        auto t = vs.field(i).schema_view().type();
        if (!kc::is_primitive(t)) {
            std::string name(kc::type_name(t));
            for (auto& c : name)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            throw kc::DataException("Unsupported source data type: " + name + " (field " +
                                    std::string(vs.field(i).name) + ")");
        }
    }
}

void JdbcSinkTask::check_string_value_config() const {
    // A String value is one column: field-level options would silently do
    // nothing, so the task fails instead (the records are not at fault).
    std::vector<std::string> conflicting;
    if (!cfg_.fields_whitelist.empty()) conflicting.push_back("fields.whitelist");
    if (!cfg_.timestamp_fields.empty()) conflicting.push_back("timestamp.fields.list");
    if (!conflicting.empty())
        throw kc::ConnectException(
            "The sink connector is configured with field-level options that do not apply to "
            "String values: " +
            kc::join(conflicting, ", ") +
            ". Remove them, or have the producer write Struct values.");
}

Connection& JdbcSinkTask::connection() {
    // Statements belong to their connection: drop them before it is replaced.
    Connection* c = provider_->current();
    if (c && !c->is_valid()) {
        discard_writers();
        provider_->close();
    }
    return provider_->get();
}

void JdbcSinkTask::rollback_quietly() {
    Connection* c = provider_->current();
    try {
        if (c && c->in_transaction()) c->rollback();
    } catch (const std::exception& e) {
        log().warn("Rollback failed: ", e.what());
    }
}

void JdbcSinkTask::discard_writers() {
    writers_.clear();
}

void JdbcSinkTask::write_all(Connection& conn, std::span<const kc_record* const> records) {
    for (auto& [id, w] : writers_)
        w->begin_put();
    for (const kc_record* r : records) {
        TableId t = destination(conn, kc::sv(r->topic));
        auto& w = writers_[t];
        if (!w) {
            w = std::make_unique<TableWriter>(cfg_, *dialect_, t);
            w->begin_put();
        }
        w->add(conn, r);
    }
    for (auto& [id, w] : writers_)
        w->flush(conn);
}

void JdbcSinkTask::put(std::span<const kc_record* const> records) {
    if (records.empty()) return;
    // Records whose shape can never be written go to the reporter (or fail the task).
    std::vector<const kc_record*> good;
    good.reserve(records.size());
    auto reporter = context().errantRecordReporter();
    for (const kc_record* r : records) {
        try {
            check_record(*r);
            good.push_back(r);
        } catch (const kc::DataException& e) {
            if (!reporter.report(r, e)) throw;
        }
    }
    if (good.empty()) return;
    try {
        Connection& conn = connection();
        conn.begin();
        write_all(conn, good);
        conn.commit();
        retries_left_ = cfg_.max_retries;
    } catch (const SqlError& e) {
        log().warn("Writing ", good.size(), " records failed (", retries_left_,
                   " retries left): ", e.what());
        rollback_quietly();
        discard_writers();
        provider_->close();
        if (retries_left_ > 0) {
            --retries_left_;
            context().timeout(cfg_.retry_backoff_ms);
            throw kc::RetriableException(std::string("Writing to the database failed: ") +
                                         e.what());
        }
        write_one_by_one(good, e);
        retries_left_ = cfg_.max_retries;
    } catch (const TableAlterOrCreateException& e) {
        rollback_quietly();
        discard_writers();
        write_one_by_one(good, e);
    } catch (...) {
        rollback_quietly();
        discard_writers();
        throw;
    }
}

void JdbcSinkTask::write_one_by_one(std::span<const kc_record* const> records,
                                    const std::exception& cause) {
    auto reporter = context().errantRecordReporter();
    Connection& conn = connection();
    conn.begin();
    try {
        for (const kc_record* r : records) {
            conn.execute("SAVEPOINT kc_record");
            try {
                write_all(conn, std::span<const kc_record* const>(&r, 1));
                conn.execute("RELEASE SAVEPOINT kc_record");
            } catch (const std::exception& e) {
                conn.execute("ROLLBACK TO SAVEPOINT kc_record");
                discard_writers();
                if (!reporter.report(r, e))
                    throw kc::ConnectException(std::string("Exception chain: ") + cause.what() +
                                               "\n" + e.what());
            }
        }
        conn.commit();
    } catch (...) {
        try {
            conn.rollback();
        } catch (const std::exception&) {
        }
        discard_writers();
        throw;
    }
}

}  // namespace kcjdbc
