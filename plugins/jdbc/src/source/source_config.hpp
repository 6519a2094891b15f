// The JDBC source connector's configuration (Confluent's key names and defaults).
#pragma once

#include <kc/config.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/common_config.hpp"

namespace kcjdbc {

enum class SourceMode { Bulk, Incrementing, Timestamp, TimestampIncrementing };
enum class NumericMapping { None, PrecisionOnly, BestFit, BestFitEagerDouble };
// timestamp.granularity: how TIMESTAMP columns appear in records (a Connect
// Timestamp, or epoch micros/nanos as INT64 or STRING, or ISO wall clock text).
enum class TimestampGranularity {
    ConnectLogical,
    MicrosLong,
    MicrosString,
    MicrosIsoDatetimeString,
    NanosLong,
    NanosString,
    NanosIsoDatetimeString
};

struct SourceConfig {
    ConnectionConfig conn;
    SourceMode mode = SourceMode::Bulk;
    std::string incrementing_column;
    std::vector<std::string> timestamp_columns;
    std::optional<int64_t> timestamp_initial;
    bool validate_non_null = true;
    std::string query;
    std::string query_suffix;
    int query_retry_attempts = -1;
    // SET TRANSACTION ISOLATION LEVEL text for the read transactions; empty = unchanged.
    std::string isolation_level;
    int64_t poll_interval_ms = 5000;
    int batch_max_rows = 1000;
    int64_t timestamp_delay_ms = 0;
    std::string topic_prefix;
    NumericMapping numeric_mapping = NumericMapping::None;
    TimestampGranularity timestamp_granularity = TimestampGranularity::ConnectLogical;
    std::vector<std::string> whitelist, blacklist;
    std::vector<std::string> include_list, exclude_list;
    std::vector<std::string> table_types;
    std::optional<std::string> catalog_pattern, schema_pattern;
    int64_t table_poll_interval_ms = 60000;
    int64_t startup_polling_limit_ms = 10000;
    // Task-only.
    std::vector<std::string> tables;
    bool tables_fetched = false;

    static const kc::ConfigDef& def();
    static SourceConfig parse(const kc::ConfigMap& props);
    bool query_mode() const { return !query.empty(); }
};

}  // namespace kcjdbc
