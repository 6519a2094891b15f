#include "sink/fields_metadata.hpp"

#include <kc/config.hpp>
#include <kc/logical.hpp>

#include <algorithm>
#include <set>

namespace kcjdbc {

namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// timestamp.fields.list names plain INT64 and STRING columns (a logical
// Timestamp already is one); Kafka coordinates are never epoch counts.
void mark_epoch_timestamps(const SinkConfig& cfg, FieldsMetadata& fm) {
    if (cfg.timestamp_fields.empty()) return;
    for (auto* list : {&fm.keys, &fm.values, &fm.create_order})
        for (auto& f : *list) {
            const kc::Type t = f.schema.type();
            f.epoch_timestamp =
                contains(cfg.timestamp_fields, f.name) &&
                (f.source == ColumnSource::WholeKey || f.source == ColumnSource::KeyField ||
                 f.source == ColumnSource::ValueField) &&
                ((t == kc::Type::Int64 && !kc::logical::is_timestamp(f.schema)) ||
                 t == kc::Type::String);
        }
}

}  // namespace

std::vector<std::string> FieldsMetadata::key_names() const {
    std::vector<std::string> out;
    for (const auto& f : keys)
        out.push_back(f.name);
    return out;
}

std::vector<std::string> FieldsMetadata::value_names() const {
    std::vector<std::string> out;
    for (const auto& f : values)
        out.push_back(f.name);
    return out;
}

FieldsMetadata compute_fields(const SinkConfig& cfg, const std::string& table,
                              kc::SchemaView key_schema, kc::SchemaView value_schema) {
    FieldsMetadata fm;
    const bool string_value = value_schema && value_schema.type() == kc::Type::String;
    if (value_schema && value_schema.type() != kc::Type::Struct && !string_value)
        throw kc::ConnectException("Value schema must be of type Struct or String, not " +
                                   std::string(kc::type_name(value_schema.type())) + " (table " +
                                   table + ")");
    switch (cfg.pk_mode) {
        case PkMode::None:
            break;
        case PkMode::Kafka: {
            std::vector<std::string> names = {"__connect_topic", "__connect_partition",
                                              "__connect_offset"};
            if (!cfg.pk_fields.empty()) {
                if (cfg.pk_fields.size() != 3)
                    throw kc::ConnectException(
                        "PK mode for table '" + table +
                        "' is KAFKA so there should either be no field names defined for "
                        "defaults to be used, or exactly 3, defined fields are: " +
                        kc::join(cfg.pk_fields, ","));
                names = cfg.pk_fields;
            }
            fm.keys.push_back(
                {names[0], ColumnSource::KafkaTopic, 0, kc::schemas::string().view(), true});
            fm.keys.push_back(
                {names[1], ColumnSource::KafkaPartition, 0, kc::schemas::int32().view(), true});
            fm.keys.push_back(
                {names[2], ColumnSource::KafkaOffset, 0, kc::schemas::int64().view(), true});
            break;
        }
        case PkMode::RecordKey: {
            if (!key_schema)
                throw kc::ConnectException("PK mode for table '" + table +
                                           "' is RECORD_KEY, but record key schema is missing");
            if (key_schema.type() != kc::Type::Struct) {
                if (cfg.pk_fields.size() != 1)
                    throw kc::ConnectException(
                        "Need exactly one PK column defined since the key schema for records is a "
                        "primitive type, defined columns are: " +
                        kc::join(cfg.pk_fields, ","));
                fm.keys.push_back({cfg.pk_fields[0], ColumnSource::WholeKey, 0, key_schema, true});
            } else {
                for (size_t i = 0; i < key_schema.field_count(); ++i) {
                    auto f = key_schema.field(i);
                    if (cfg.pk_fields.empty() || contains(cfg.pk_fields, f.name))
                        fm.keys.push_back(
                            {std::string(f.name), ColumnSource::KeyField, f.index, f.schema, true});
                }
                for (const auto& n : cfg.pk_fields)
                    if (!key_schema.field(n))
                        throw kc::ConnectException("PK mode for table '" + table +
                                                   "' is RECORD_KEY with configured PK fields, but "
                                                   "record key schema does not contain field: " +
                                                   n);
            }
            break;
        }
        case PkMode::RecordValue: {
            if (string_value)
                throw kc::ConnectException(
                    "pk.mode record_value is not supported with String value schemas");
            if (!value_schema)
                throw kc::ConnectException("PK mode for table '" + table +
                                           "' is RECORD_VALUE, but record value schema is missing");
            for (size_t i = 0; i < value_schema.field_count(); ++i) {
                auto f = value_schema.field(i);
                if (cfg.pk_fields.empty() || contains(cfg.pk_fields, f.name))
                    fm.keys.push_back(
                        {std::string(f.name), ColumnSource::ValueField, f.index, f.schema, true});
            }
            for (const auto& n : cfg.pk_fields)
                if (!value_schema.field(n))
                    throw kc::ConnectException("PK mode for table '" + table +
                                               "' is RECORD_VALUE with configured PK fields, but "
                                               "record value schema does not contain field: " +
                                               n);
            break;
        }
    }
    std::set<std::string> key_set;
    for (const auto& k : fm.keys)
        key_set.insert(k.name);
    if (string_value) {
        // The whole value is one nullable text column, whatever the value schema says.
        if (key_set.count(cfg.string_value_column))
            throw kc::ConnectException(
                "Configured string.output.value.column.name '" + cfg.string_value_column +
                "' conflicts with a primary key column for table '" + table + "'");
        fm.values.push_back({cfg.string_value_column, ColumnSource::WholeValue, 0,
                             kc::schemas::optional_string().view(), false});
    } else if (value_schema) {
        for (size_t i = 0; i < value_schema.field_count(); ++i) {
            auto f = value_schema.field(i);
            std::string name(f.name);
            if (key_set.count(name)) continue;
            if (!cfg.fields_whitelist.empty() && !contains(cfg.fields_whitelist, name)) continue;
            fm.values.push_back({name, ColumnSource::ValueField, f.index, f.schema, false});
        }
    }
    if (fm.keys.empty() && fm.values.empty())
        throw kc::ConnectException("No fields found using key and value schemas for table: " +
                                   table);
    // CREATE order: Kafka coordinates, value-schema order, then key-only fields by name.
    std::vector<const SinkField*> ordered;
    for (const auto& k : fm.keys)
        if (k.source == ColumnSource::KafkaTopic || k.source == ColumnSource::KafkaPartition ||
            k.source == ColumnSource::KafkaOffset)
            fm.create_order.push_back(k);
    std::set<std::string> placed;
    if (string_value) {
        fm.create_order.push_back(fm.values.back());
        placed.insert(cfg.string_value_column);
    } else if (value_schema) {
        for (size_t i = 0; i < value_schema.field_count(); ++i) {
            std::string name(value_schema.field(i).name);
            for (const auto* list : {&fm.keys, &fm.values})
                for (const auto& f : *list)
                    if (f.name == name && !placed.count(name)) {
                        fm.create_order.push_back(f);
                        placed.insert(name);
                    }
        }
    }
    std::vector<SinkField> key_only;
    for (const auto& k : fm.keys)
        if ((k.source == ColumnSource::WholeKey || k.source == ColumnSource::KeyField) &&
            !placed.count(k.name))
            key_only.push_back(k);
    std::sort(key_only.begin(), key_only.end(),
              [](const SinkField& a, const SinkField& b) { return a.name < b.name; });
    fm.create_order.insert(fm.create_order.end(), key_only.begin(), key_only.end());
    mark_epoch_timestamps(cfg, fm);
    return fm;
}

}  // namespace kcjdbc
