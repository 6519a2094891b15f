#include "source/source_config.hpp"

#include <algorithm>
#include <cctype>

namespace kcjdbc {

using kc::ConfigType;
using kc::Importance;

const kc::ConfigDef& SourceConfig::def() {
    static const kc::ConfigDef d = [] {
        kc::ConfigDef def;
        define_common(def, false);
        def.define(
            "mode", ConfigType::String, kc::NO_DEFAULT,
            kc::ValidString::in({"bulk", "incrementing", "timestamp", "timestamp+incrementing"}),
            Importance::High,
            "How each table is polled: bulk, incrementing, timestamp or "
            "timestamp+incrementing.");
        def.define("incrementing.column.name", ConfigType::String, "", Importance::Medium,
                   "Strictly increasing column used to detect new rows; empty = the table's "
                   "auto-increment column.");
        def.define("timestamp.column.name", ConfigType::List, "", Importance::Medium,
                   "Timestamp column(s) used to detect new or modified rows (COALESCE in order).");
        def.define("timestamp.initial", ConfigType::Long, nullptr, Importance::Low,
                   "Epoch ms to start timestamp modes from when no offset is stored; -1 = now.");
        def.define("validate.non.null", ConfigType::Boolean, true, Importance::Low,
                   "Refuse to start when the incrementing/timestamp columns are nullable.");
        def.define("query", ConfigType::String, "", Importance::Medium,
                   "A custom query to run instead of copying whole tables.");
        def.define("query.masked", ConfigType::Password, nullptr, Importance::Medium,
                   "Same as query, hidden from the REST API.");
        def.define("query.suffix", ConfigType::String, "", Importance::Low,
                   "Suffix appended to the generated query, e.g. LIMIT 500.");
        def.define("query.retry.attempts", ConfigType::Int, -1, Importance::Low,
                   "How often a transient query failure is retried; -1 = forever.");
        def.define("transaction.isolation.mode", ConfigType::String, "DEFAULT",
                   kc::ValidString::in({"DEFAULT", "READ_UNCOMMITTED", "READ_COMMITTED",
                                        "REPEATABLE_READ", "SERIALIZABLE", "SQL_SERVER_SNAPSHOT"}),
                   Importance::Low, "Isolation level of the read transactions.");
        def.define("poll.interval.ms", ConfigType::Int, 5000, kc::Range::atLeast(0),
                   Importance::High, "Minimum time between two queries of one table.");
        def.define("batch.max.rows", ConfigType::Int, 1000, kc::Range::atLeast(1), Importance::Low,
                   "Maximum rows per poll (also the fetch size).");
        def.define("timestamp.delay.interval.ms", ConfigType::Long, 0, Importance::High,
                   "How long to wait after a timestamp before including its rows.");
        def.define("topic.prefix", ConfigType::String, "", Importance::High,
                   "Prefix of the topic names (table mode) or the topic (query mode).");
        def.define("numeric.precision.mapping", ConfigType::Boolean, false, Importance::Low,
                   "Deprecated: true means numeric.mapping=precision_only.");
        // Checked in parse(): null (unset) is valid and means none.
        def.define("numeric.mapping", ConfigType::String, nullptr, Importance::Low,
                   "How NUMERIC columns map to Connect types: none, precision_only, best_fit, "
                   "best_fit_eager_double.");
        def.define("table.whitelist", ConfigType::List, "", Importance::Medium,
                   "Tables to copy (exclusive with table.blacklist).");
        def.define("table.blacklist", ConfigType::List, "", Importance::Medium,
                   "Tables not to copy.");
        def.define("table.include.list", ConfigType::List, "", Importance::Medium,
                   "Regular expressions of fully-qualified table names to copy.");
        def.define("table.exclude.list", ConfigType::List, "", Importance::Medium,
                   "Regular expressions of fully-qualified table names not to copy.");
        def.define("table.types", ConfigType::List, "TABLE", Importance::Low,
                   "Table types to copy: TABLE, VIEW, SYSTEM TABLE, ...");
        def.define("catalog.pattern", ConfigType::String, nullptr, Importance::Medium,
                   "Catalog pattern of the tables; null = any.");
        def.define("schema.pattern", ConfigType::String, nullptr, Importance::Medium,
                   "Schema pattern (LIKE) of the tables; null = any.");
        def.define("table.poll.interval.ms", ConfigType::Long, 60000, Importance::Low,
                   "How often to look for added or removed tables.");
        def.define("timestamp.granularity", ConfigType::String, "connect_logical",
                   enum_validator({"connect_logical", "micros_long", "micros_string",
                                   "micros_iso_datetime_string", "nanos_long", "nanos_string",
                                   "nanos_iso_datetime_string"}),
                   Importance::Low,
                   "Representation of timestamp columns: connect_logical (Connect Timestamp), "
                   "micros_long, micros_string, micros_iso_datetime_string "
                   "(yyyy-MM-dd'T'HH:mm:ss.SSSSSS), nanos_long, nanos_string, "
                   "nanos_iso_datetime_string (yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS).");
        def.define("date.calendar.system", ConfigType::String, "LEGACY",
                   kc::ValidString::in({"LEGACY", "PROLEPTIC_GREGORIAN"}), Importance::Low,
                   "Calendar for dates (both read proleptic Gregorian here).");
        def.defineInternal("table.monitoring.startup.polling.limit.ms", ConfigType::Long, 10000,
                           Importance::Low);
        def.defineInternal("tables", ConfigType::List, "", Importance::Low);
        def.defineInternal("tables.fetched", ConfigType::Boolean, false, Importance::Low);
        return def;
    }();
    return d;
}

SourceConfig SourceConfig::parse(const kc::ConfigMap& props) {
    kc::Config c(def(), props);
    SourceConfig s;
    s.conn = read_common(c);
    if (s.conn.url.empty())
        throw kc::ConfigException("Missing required configuration \"connection.url\"");
    const std::string& mode = c.getString("mode");
    s.mode = mode == "bulk"           ? SourceMode::Bulk
             : mode == "incrementing" ? SourceMode::Incrementing
             : mode == "timestamp"    ? SourceMode::Timestamp
                                      : SourceMode::TimestampIncrementing;
    s.incrementing_column = c.getString("incrementing.column.name");
    s.timestamp_columns = c.getList("timestamp.column.name");
    if (!c.isNull("timestamp.initial")) s.timestamp_initial = c.getLong("timestamp.initial");
    s.validate_non_null = c.getBoolean("validate.non.null");
    s.query = c.getString("query");
    if (!c.isNull("query.masked")) {
        if (!s.query.empty())
            throw kc::ConfigException("Set only one of query and query.masked, not both");
        s.query = c.getPassword("query.masked").value();
    }
    s.query_suffix = c.getString("query.suffix");
    std::string iso = c.getString("transaction.isolation.mode");
    if (iso != "DEFAULT" && iso != "SQL_SERVER_SNAPSHOT") {
        std::replace(iso.begin(), iso.end(), '_', ' ');
        s.isolation_level = iso;
    }
    s.query_retry_attempts = c.getInt("query.retry.attempts");
    s.poll_interval_ms = c.getInt("poll.interval.ms");
    s.batch_max_rows = c.getInt("batch.max.rows");
    s.timestamp_delay_ms = c.getLong("timestamp.delay.interval.ms");
    s.topic_prefix = std::string(kc::trim(c.getString("topic.prefix")));
    if (s.topic_prefix.size() > 249 ||
        !std::all_of(s.topic_prefix.begin(), s.topic_prefix.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' ||
                   ch == '-';
        }))
        throw kc::ConfigException("topic.prefix", s.topic_prefix,
                                  "must be at most 249 characters of [a-zA-Z0-9._-]");
    std::string nm = c.isNull("numeric.mapping") ? "" : c.getString("numeric.mapping");
    for (auto& ch : nm)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!nm.empty() && nm != "none" && nm != "precision_only" && nm != "best_fit" &&
        nm != "best_fit_eager_double")
        throw kc::ConfigException("numeric.mapping", nm,
                                  "must be one of none, precision_only, best_fit, "
                                  "best_fit_eager_double");
    if (nm.empty() && c.getBoolean("numeric.precision.mapping")) nm = "precision_only";
    s.numeric_mapping = nm == "precision_only"          ? NumericMapping::PrecisionOnly
                        : nm == "best_fit"              ? NumericMapping::BestFit
                        : nm == "best_fit_eager_double" ? NumericMapping::BestFitEagerDouble
                                                        : NumericMapping::None;
    std::string g = c.getString("timestamp.granularity");
    for (auto& ch : g)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    using TG = TimestampGranularity;
    s.timestamp_granularity = g == "micros_long"                  ? TG::MicrosLong
                              : g == "micros_string"              ? TG::MicrosString
                              : g == "micros_iso_datetime_string" ? TG::MicrosIsoDatetimeString
                              : g == "nanos_long"                 ? TG::NanosLong
                              : g == "nanos_string"               ? TG::NanosString
                              : g == "nanos_iso_datetime_string"  ? TG::NanosIsoDatetimeString
                                                                  : TG::ConnectLogical;
    s.whitelist = c.getList("table.whitelist");
    s.blacklist = c.getList("table.blacklist");
    s.include_list = c.getList("table.include.list");
    s.exclude_list = c.getList("table.exclude.list");
    if (!s.whitelist.empty() && !s.blacklist.empty())
        throw kc::ConfigException("table.whitelist and table.blacklist are exclusive: set one");
    if ((!s.include_list.empty() || !s.exclude_list.empty()) &&
        (!s.whitelist.empty() || !s.blacklist.empty()))
        throw kc::ConfigException(
            "table.include.list/table.exclude.list cannot be combined with "
            "table.whitelist/table.blacklist");
    if (s.query_mode() && (!s.whitelist.empty() || !s.blacklist.empty() ||
                           !s.include_list.empty() || !s.exclude_list.empty()))
        throw kc::ConfigException("query cannot be combined with table filters");
    s.table_types = c.getList("table.types");
    if (!c.isNull("catalog.pattern")) s.catalog_pattern = c.getString("catalog.pattern");
    if (!c.isNull("schema.pattern")) s.schema_pattern = c.getString("schema.pattern");
    s.table_poll_interval_ms = c.getLong("table.poll.interval.ms");
    s.startup_polling_limit_ms = c.getLong("table.monitoring.startup.polling.limit.ms");
    s.tables = c.getList("tables");
    s.tables_fetched = c.getBoolean("tables.fetched");
    return s;
}

}  // namespace kcjdbc
