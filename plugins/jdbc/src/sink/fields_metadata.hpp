// Which columns a record becomes, from its key and value schemas and pk.mode
// (Confluent's FieldsMetadata), and where each column's value comes from.
#pragma once

#include <kc/data.hpp>
#include <kc/error.hpp>

#include <string>
#include <vector>

#include "db/dialect.hpp"
#include "sink/sink_config.hpp"

namespace kcjdbc {

// WholeValue: a STRING record value, written to string.output.value.column.name.
enum class ColumnSource {
    KafkaTopic,
    KafkaPartition,
    KafkaOffset,
    WholeKey,
    KeyField,
    ValueField,
    WholeValue
};

struct SinkField {
    std::string name;
    ColumnSource source;
    uint32_t index = 0;  // field index for KeyField / ValueField
    kc::SchemaView schema;
    bool is_key = false;
    // Listed in timestamp.fields.list: an epoch count bound as a timestamp.
    bool epoch_timestamp = false;
};

struct FieldsMetadata {
    std::vector<SinkField> keys;
    std::vector<SinkField> values;
    // Every column in CREATE TABLE order.
    std::vector<SinkField> create_order;
    std::vector<std::string> key_names() const;
    std::vector<std::string> value_names() const;
};

// Throws kc::ConnectException (pk config errors) naming the table.
FieldsMetadata compute_fields(const SinkConfig& cfg, const std::string& table,
                              kc::SchemaView key_schema, kc::SchemaView value_schema);

// Create/alter refusals (Java TableAlterOrCreateException): sent to the
// errant-record reporter rather than retried.
class TableAlterOrCreateException : public kc::ConnectException {
  public:
    using kc::ConnectException::ConnectException;
};

}  // namespace kcjdbc
