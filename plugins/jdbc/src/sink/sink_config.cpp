#include "sink/sink_config.hpp"

#include <cctype>

namespace kcjdbc {

using kc::ConfigType;
using kc::Importance;

const kc::ConfigDef& SinkConfig::def() {
    static const kc::ConfigDef d = [] {
        kc::ConfigDef def;
        define_common(def, true);
        def.define("insert.mode", ConfigType::String, "insert",
                   kc::CaseInsensitiveValidString::in({"insert", "upsert", "update"}),
                   Importance::High, "insert, upsert (idempotent) or update.");
        def.define("batch.size", ConfigType::Int, 3000, kc::Range::atLeast(0), Importance::Medium,
                   "Rows written per batch per table.");
        def.define("delete.enabled", ConfigType::Boolean, false, Importance::Medium,
                   "Turn null record values (tombstones) into DELETEs; needs pk.mode=record_key.");
        def.define(
            "pk.mode", ConfigType::String, "none",
            kc::CaseInsensitiveValidString::in({"none", "kafka", "record_key", "record_value"}),
            Importance::High, "Where the primary key columns come from.");
        def.define("pk.fields", ConfigType::List, "", Importance::Medium,
                   "Primary key field names (meaning depends on pk.mode).");
        def.define("fields.whitelist", ConfigType::List, "", Importance::Medium,
                   "Value fields to write; empty = all.");
        def.define("table.name.format", ConfigType::String, "${topic}", Importance::Medium,
                   "Destination table name; ${topic} is replaced by the record's topic.");
        def.define("auto.create", ConfigType::Boolean, false, Importance::Medium,
                   "Create missing tables (CREATE TABLE).");
        def.define("auto.evolve", ConfigType::Boolean, false, Importance::Medium,
                   "Add missing columns (ALTER TABLE ... ADD).");
        def.define("max.retries", ConfigType::Int, 10, kc::Range::atLeast(0), Importance::Medium,
                   "Retries of a failed write before the task fails.");
        def.define("retry.backoff.ms", ConfigType::Int, 3000, kc::Range::atLeast(0),
                   Importance::Medium, "Wait before a failed write is retried.");
        def.define("table.types", ConfigType::List, "TABLE", Importance::Low,
                   "Destination types: TABLE, VIEW, PARTITIONED TABLE.");
        def.define("replace.null.with.default", ConfigType::Boolean, true, Importance::Low,
                   "Write a field's default instead of null.");
        def.define("date.timezone", ConfigType::String, "DB_TIMEZONE",
                   enum_validator({"db_timezone", "utc"}), Importance::Low,
                   "Zone in which Date values are bound: DB_TIMEZONE (db.timezone) or UTC.");
        def.define("timestamp.fields.list", ConfigType::List, "", Importance::Medium,
                   "Value fields (INT64 or STRING epoch counts, see timestamp.precision.mode) "
                   "written as timestamps; nested fields are not supported.");
        def.define("timestamp.precision.mode", ConfigType::String, "MICROSECONDS",
                   enum_validator({"microseconds", "nanoseconds"}), Importance::Low,
                   "Unit of the timestamp.fields.list values: MICROSECONDS or NANOSECONDS.");
        def.define("string.output.value.column.name", ConfigType::String, "record_value",
                   kc::NonEmptyString::create(), Importance::Low,
                   "Column a String record value is written to (created or added like any "
                   "other column).");
        return def;
    }();
    return d;
}

SinkConfig SinkConfig::parse(const kc::ConfigMap& props) {
    kc::Config c(def(), props);
    SinkConfig s;
    s.conn = read_common(c);
    auto lower = [](std::string v) {
        for (auto& ch : v)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return v;
    };
    std::string im = lower(c.getString("insert.mode"));
    s.insert_mode = im == "upsert"   ? InsertMode::Upsert
                    : im == "update" ? InsertMode::Update
                                     : InsertMode::Insert;
    s.batch_size = c.getInt("batch.size");
    s.delete_enabled = c.getBoolean("delete.enabled");
    std::string pk = lower(c.getString("pk.mode"));
    s.pk_mode = pk == "kafka"          ? PkMode::Kafka
                : pk == "record_key"   ? PkMode::RecordKey
                : pk == "record_value" ? PkMode::RecordValue
                                       : PkMode::None;
    if (s.delete_enabled && s.pk_mode != PkMode::RecordKey)
        throw kc::ConfigException(
            "Primary key mode must be 'record_key' when delete support is "
            "enabled");
    s.pk_fields = c.getList("pk.fields");
    s.fields_whitelist = c.getList("fields.whitelist");
    s.table_name_format = c.getString("table.name.format");
    s.auto_create = c.getBoolean("auto.create");
    s.auto_evolve = c.getBoolean("auto.evolve");
    s.max_retries = c.getInt("max.retries");
    s.retry_backoff_ms = c.getInt("retry.backoff.ms");
    s.table_types = c.getList("table.types");
    s.replace_null_with_default = c.getBoolean("replace.null.with.default");
    s.timestamp_fields = c.getList("timestamp.fields.list");
    s.timestamp_precision = lower(c.getString("timestamp.precision.mode")) == "nanoseconds"
                                ? TimestampPrecision::Nanos
                                : TimestampPrecision::Micros;
    s.date_zone = lower(c.getString("date.timezone")) == "utc" ? TimeZone::utc() : s.conn.zone;
    s.string_value_column = c.getString("string.output.value.column.name");
    return s;
}

}  // namespace kcjdbc
