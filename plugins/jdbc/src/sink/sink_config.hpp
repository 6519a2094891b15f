// The JDBC sink connector's configuration (Confluent's key names and defaults).
#pragma once

#include <kc/config.hpp>

#include <memory>
#include <string>
#include <vector>

#include "common/common_config.hpp"

namespace kcjdbc {

enum class InsertMode { Insert, Upsert, Update };
enum class PkMode { None, Kafka, RecordKey, RecordValue };
enum class TimestampPrecision { Micros, Nanos };

struct SinkConfig {
    ConnectionConfig conn;
    InsertMode insert_mode = InsertMode::Insert;
    int batch_size = 3000;
    bool delete_enabled = false;
    PkMode pk_mode = PkMode::None;
    std::vector<std::string> pk_fields;
    std::vector<std::string> fields_whitelist;
    std::string table_name_format = "${topic}";
    bool auto_create = false;
    bool auto_evolve = false;
    int max_retries = 10;
    int64_t retry_backoff_ms = 3000;
    std::vector<std::string> table_types;
    bool replace_null_with_default = true;
    // INT64/STRING fields (by name) holding epoch counts in `timestamp_precision`
    // units: bound and created as timestamps.
    std::vector<std::string> timestamp_fields;
    TimestampPrecision timestamp_precision = TimestampPrecision::Micros;
    // Zone Date values are bound in: db.timezone, or UTC (date.timezone).
    std::shared_ptr<const TimeZone> date_zone;
    // The one column a STRING record value is written to.
    std::string string_value_column = "record_value";

    static const kc::ConfigDef& def();
    static SinkConfig parse(const kc::ConfigMap& props);
};

}  // namespace kcjdbc
