#include "sink/table_writer.hpp"

#include <kc/error.hpp>
#include <kc/logical.hpp>

#include <strings.h>
#include <bit>
#include <cstring>
#include <unordered_set>

#include "util/epoch_units.hpp"

namespace kcjdbc {

namespace {

bool same_schema(const kc::Schema& owned, kc::SchemaView v) {
    if (!owned || !v) return !owned && !v;
    return kc::schema_equals(owned.view(), v);
}

kc::Schema own(kc::SchemaView v) {
    return v ? kc::SchemaBuilder::copy_of(v).build() : kc::Schema();
}

std::string upper_type(kc::Type t) {
    std::string s(kc::type_name(t));
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

Instant TableWriter::epoch_timestamp(const SinkField& f, const kc_value& v) const {
    const EpochUnit unit = cfg_.timestamp_precision == TimestampPrecision::Micros
                               ? EpochUnit::Micros
                               : EpochUnit::Nanos;
    if (v.tag != KC_VAL_STRING) return from_epoch_units(v.u.i, unit);
    if (auto t = parse_epoch_units(kc::sv(v.u.str), unit)) return *t;
    throw kc::DataException("Invalid value for timestamp field " + f.name + " (" +
                            (unit == EpochUnit::Micros ? "micro" : "nano") +
                            "seconds since the epoch expected): " + std::string(kc::sv(v.u.str)));
}

TableWriter::TableWriter(const SinkConfig& cfg, const Dialect& dialect, TableId table)
    : cfg_(cfg), dialect_(dialect), table_(std::move(table)) {}

void TableWriter::set_schemas(Connection& conn, const kc_record* r) {
    const bool tombstone = r->value.tag == KC_VAL_NULL;
    if (have_schemas_ && r->key_schema == last_key_ &&
        (tombstone || r->value_schema == last_value_))
        return;
    const bool same = have_schemas_ && same_schema(key_schema_, r->key_schema) &&
                      (tombstone || same_schema(value_schema_, r->value_schema));
    last_key_ = r->key_schema;
    if (!tombstone) last_value_ = r->value_schema;
    if (same) return;
    flush(conn);
    key_schema_ = own(r->key_schema);
    if (!tombstone || !have_schemas_)
        value_schema_ = tombstone ? kc::Schema() : own(r->value_schema);
    have_schemas_ = true;
    fields_ = compute_fields(cfg_, table_.fqn(), key_schema_.view(), value_schema_.view());
    if (cfg_.insert_mode != InsertMode::Insert && fields_->keys.empty())
        throw kc::ConnectException(
            "Write to table '" + table_.fqn() + "' in " +
            (cfg_.insert_mode == InsertMode::Upsert ? "UPSERT" : "UPDATE") +
            " mode requires key field names to be known, check the primary key configuration");
    inserts_.clear();
    update_.reset();
    delete_.reset();
    ensure_table(conn);
}

void TableWriter::ensure_table(Connection& conn) {
    const std::string name = dialect_.table_sql(table_);
    auto columns = conn.table_columns(table_);
    auto to_sink = [](const SinkField& f) {
        return SinkColumn{f.name, f.schema, f.is_key, f.epoch_timestamp};
    };
    if (columns.empty()) {
        if (!cfg_.auto_create)
            throw TableAlterOrCreateException("Table " + name +
                                              " is missing and auto-creation is disabled");
        std::vector<SinkColumn> cols;
        for (const auto& f : fields_->create_order)
            cols.push_back(to_sink(f));
        conn.execute(dialect_.create_table_sql(table_, cols));
        columns = conn.table_columns(table_);
    }
    auto find = [&](const std::string& n) -> const ColumnInfo* {
        for (const auto& c : columns)
            if (strcasecmp(c.name.c_str(), n.c_str()) == 0) return &c;
        return nullptr;
    };
    std::vector<SinkColumn> missing;
    std::string missing_names;
    for (const auto& f : fields_->create_order) {
        if (find(f.name)) continue;
        if (!f.schema.optional() && !f.schema.default_value())
            throw TableAlterOrCreateException(
                "Cannot ALTER TABLE " + name + " to add missing field " + f.name + " (" +
                std::string(kc::type_name(f.schema.type())) +
                "), as the field is not optional and does not have a default value");
        missing.push_back(to_sink(f));
        missing_names += (missing_names.empty() ? "" : ", ") + f.name;
    }
    if (!missing.empty()) {
        if (!cfg_.auto_evolve)
            throw TableAlterOrCreateException("Table " + name + " is missing fields (" +
                                              missing_names + ") and auto-evolution is disabled");
        for (const auto& sql : dialect_.alter_table_sql(table_, missing))
            conn.execute(sql);
        columns = conn.table_columns(table_);
    }
    casts_.clear();
    bool any_cast = false;
    for (const auto* list : {&fields_->keys, &fields_->values})
        for (const auto& f : *list) {
            const ColumnInfo* c = find(f.name);
            casts_.push_back(c ? dialect_.param_cast(*c) : "");
            any_cast |= !casts_.back().empty();
        }
    if (!any_cast) casts_.clear();
}

void TableWriter::add(Connection& conn, const kc_record* r) {
    set_schemas(conn, r);
    if (r->value.tag == KC_VAL_NULL) {
        deletes_.push_back(r);
    } else {
        // Keep delete-then-reinsert order: write pending deletes first.
        if (!deletes_.empty()) flush(conn);
        rows_.push_back(r);
    }
    if (cfg_.batch_size > 0 &&
        rows_.size() + deletes_.size() >= static_cast<size_t>(cfg_.batch_size))
        flush(conn);
}

void TableWriter::flush(Connection& conn) {
    if (!rows_.empty()) write_rows(conn);
    if (!deletes_.empty()) write_deletes(conn);
    rows_.clear();
    deletes_.clear();
}

Statement& TableWriter::insert_statement(Connection& conn, size_t rows) {
    auto& st = inserts_[rows];
    if (!st) {
        const auto keys = fields_->key_names(), values = fields_->value_names();
        st = conn.prepare(cfg_.insert_mode == InsertMode::Upsert
                              ? dialect_.upsert_sql(table_, keys, values, rows, casts_)
                              : dialect_.insert_sql(table_, keys, values, rows, casts_));
    }
    return *st;
}

std::string TableWriter::key_signature(const kc_record& r) const {
    std::string sig;
    for (const auto& f : fields_->keys) {
        const kc_value* v = nullptr;
        if (f.source == ColumnSource::WholeKey)
            v = &r.key;
        else if (f.source == ColumnSource::KeyField)
            v = &r.key.u.strct.fields[f.index];
        else if (f.source == ColumnSource::ValueField)
            v = &r.value.u.strct.fields[f.index];
        if (f.source == ColumnSource::KafkaTopic)
            sig += std::string(kc::sv(r.topic));
        else if (f.source == ColumnSource::KafkaPartition)
            sig += std::to_string(r.partition);
        else if (f.source == ColumnSource::KafkaOffset)
            sig += std::to_string(r.kafka_offset);
        else if (v->tag == KC_VAL_STRING || v->tag == KC_VAL_BYTES)
            sig += std::to_string(v->u.str.len) + ":" + std::string(kc::sv(v->u.str));
        else
            sig.append(reinterpret_cast<const char*>(&v->u.i), sizeof v->u.i);
        sig += '\x1f';
    }
    return sig;
}

void TableWriter::write_rows(Connection& conn) {
    const auto& keys = fields_->keys;
    const auto& values = fields_->values;
    if (cfg_.insert_mode == InsertMode::Update) {
        if (!update_)
            update_ = conn.prepare(
                dialect_.update_sql(table_, fields_->key_names(), fields_->value_names()));
        for (const kc_record* r : rows_) {
            int p = 0;
            for (const auto& f : values)
                bind_field(*update_, p++, f, *r);
            for (const auto& f : keys)
                bind_field(*update_, p++, f, *r);
            update_->execute();
        }
        return;
    }
    const size_t width = keys.size() + values.size();
    const size_t chunk = std::max<size_t>(
        1, std::min<size_t>(dialect_.max_rows_per_statement(width),
                            cfg_.batch_size > 0 ? static_cast<size_t>(cfg_.batch_size) : SIZE_MAX));
    const bool dedupe = cfg_.insert_mode == InsertMode::Upsert && chunk > 1;
    std::unordered_set<std::string> seen;
    size_t i = 0;
    while (i < rows_.size()) {
        size_t take = std::min(chunk, rows_.size() - i);
        if (dedupe) {
            // One multi-row upsert may not touch a key twice: cut before a repeat.
            seen.clear();
            size_t n = 0;
            while (n < take && seen.insert(key_signature(*rows_[i + n])).second)
                ++n;
            take = n;
        }
        // Full chunks use one statement; remainders use power-of-two sizes so
        // only a handful of statements are ever prepared.
        const size_t rows = take == chunk ? chunk : std::bit_floor(take);
        Statement& st = insert_statement(conn, rows);
        int p = 0;
        for (size_t r = i; r < i + rows; ++r) {
            for (const auto& f : keys)
                bind_field(st, p++, f, *rows_[r]);
            for (const auto& f : values)
                bind_field(st, p++, f, *rows_[r]);
        }
        st.execute();
        i += rows;
    }
}

void TableWriter::write_deletes(Connection& conn) {
    if (!delete_) delete_ = conn.prepare(dialect_.delete_sql(table_, fields_->key_names()));
    for (const kc_record* r : deletes_) {
        int p = 0;
        for (const auto& f : fields_->keys)
            bind_field(*delete_, p++, f, *r);
        delete_->execute();
    }
}

void TableWriter::bind_field(Statement& s, int i, const SinkField& f, const kc_record& r) const {
    namespace lg = kc::logical;
    const kc_value* v = nullptr;
    switch (f.source) {
        case ColumnSource::KafkaTopic:
            s.bind_text(i, kc::sv(r.topic));
            return;
        case ColumnSource::KafkaPartition:
            s.bind_int(i, r.partition);
            return;
        case ColumnSource::KafkaOffset:
            s.bind_int(i, r.kafka_offset);
            return;
        case ColumnSource::WholeKey:
            v = &r.key;
            break;
        case ColumnSource::KeyField:
            v = &r.key.u.strct.fields[f.index];
            break;
        case ColumnSource::ValueField:
            v = &r.value.u.strct.fields[f.index];
            break;
        case ColumnSource::WholeValue:
            v = &r.value;
            break;
    }
    if (v->tag == KC_VAL_NULL && cfg_.replace_null_with_default && f.schema.default_value())
        v = f.schema.default_value();
    if (v->tag == KC_VAL_NULL) {
        s.bind_null(i);
        return;
    }
    const kc::SchemaView sch = f.schema;
    if (f.epoch_timestamp)
        return dialect_.bind_timestamp(s, i, epoch_timestamp(f, *v), *cfg_.conn.zone, false);
    if (lg::is_decimal(sch)) {
        dialect_.bind_decimal(
            s, i, lg::decimal_to_plain_string(kc::sv(v->u.str), lg::decimal_scale(sch)));
        return;
    }
    if (lg::is_date(sch))
        return dialect_.bind_temporal(s, i, TemporalKind::Date, v->u.i, *cfg_.date_zone);
    if (lg::is_time(sch))
        return dialect_.bind_temporal(s, i, TemporalKind::Time, v->u.i, *cfg_.conn.zone);
    if (lg::is_timestamp(sch))
        return dialect_.bind_temporal(s, i, TemporalKind::Timestamp, v->u.i, *cfg_.conn.zone);
    switch (v->tag) {
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            s.bind_int(i, v->u.i);
            return;
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            s.bind_double(i, v->u.f);
            return;
        case KC_VAL_BOOLEAN:
            s.bind_bool(i, v->u.b);
            return;
        case KC_VAL_STRING:
            s.bind_text(i, kc::sv(v->u.str));
            return;
        case KC_VAL_BYTES:
            s.bind_bytes(i, kc::sv(v->u.str));
            return;
        default:
            throw kc::DataException("Unsupported source data type: " + upper_type(sch.type()) +
                                    " (field " + f.name + " of table " + table_.fqn() + ")");
    }
}

}  // namespace kcjdbc
