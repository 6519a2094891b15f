#include "source/row_mapper.hpp"

#include <kc/logical.hpp>

#include "source/timestamp_granularity.hpp"

namespace kcjdbc {

namespace {

kc::SchemaBuilder int_by_precision(int p) {
    if (p > 9) return kc::SchemaBuilder::int64();
    if (p > 4) return kc::SchemaBuilder::int32();
    if (p > 2) return kc::SchemaBuilder::int16();
    return kc::SchemaBuilder::int8();
}

}  // namespace

RowMapper::RowMapper(const std::vector<ColumnInfo>& columns, NumericMapping mapping,
                     std::optional<std::string> struct_name, std::shared_ptr<const TimeZone> zone,
                     TimestampGranularity granularity)
    : zone_(std::move(zone)), granularity_(granularity) {
    kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
    if (struct_name) b.name(*struct_name);
    for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnInfo& c = columns[i];
        std::optional<kc::SchemaBuilder> fb;
        Reader r = Reader::String;
        int scale = 0;
        auto decimal = [&](int s) {
            // Unconstrained NUMERIC (PG p=0) or an unknown scale keeps up to 127 digits.
            scale =
                (c.precision == 0 && c.scale == 0 && c.type == SqlType::Numeric) || !c.scale_known
                    ? 127
                    : s;
            fb = kc::logical::decimal_builder(scale).parameter("connect.decimal.precision",
                                                               std::to_string(c.precision));
            r = Reader::Decimal;
        };
        switch (c.type) {
            case SqlType::Boolean:
                fb = kc::SchemaBuilder::boolean();
                r = Reader::Bool;
                break;
            case SqlType::Bit:
                if (c.bit_length <= 8) {
                    fb = kc::SchemaBuilder::int8();
                    r = Reader::Bits;
                } else {
                    fb = kc::SchemaBuilder::bytes();
                    r = Reader::Bytes;
                }
                break;
            case SqlType::TinyInt:
                fb = kc::SchemaBuilder::int8();
                r = Reader::Int8;
                break;
            case SqlType::SmallInt:
                fb = kc::SchemaBuilder::int16();
                r = Reader::Int16;
                break;
            case SqlType::Integer:
                fb = kc::SchemaBuilder::int32();
                r = Reader::Int32;
                break;
            case SqlType::BigInt:
                fb = kc::SchemaBuilder::int64();
                r = Reader::Int64;
                break;
            case SqlType::Real:
                fb = kc::SchemaBuilder::float32();
                r = Reader::Float32;
                break;
            case SqlType::Double:
                fb = kc::SchemaBuilder::float64();
                r = Reader::Float64;
                break;
            case SqlType::Decimal:
                decimal(c.scale);
                break;
            case SqlType::Numeric: {
                const int p = c.precision, s = c.scale;
                // p == 0 is PG's unconstrained NUMERIC: never narrowed (documented deviation).
                const bool known = p > 0 && c.scale_known;
                bool as_int = false, as_double = false;
                switch (mapping) {
                    case NumericMapping::None:
                        break;
                    case NumericMapping::PrecisionOnly:
                        as_int = known && s == 0 && p <= 18;
                        break;
                    case NumericMapping::BestFit:
                        as_int = known && p <= 18 && s <= 0 && s >= -84;
                        as_double = known && p <= 18 && s > 0;
                        break;
                    case NumericMapping::BestFitEagerDouble:
                        as_int = known && s <= 0 && p <= 18;
                        as_double = known && s > 0;
                        break;
                }
                if (as_int) {
                    fb = int_by_precision(p);
                    r = p > 9   ? Reader::Int64
                        : p > 4 ? Reader::Int32
                        : p > 2 ? Reader::Int16
                                : Reader::Int8;
                } else if (as_double) {
                    fb = kc::SchemaBuilder::float64();
                    r = Reader::Float64;
                } else {
                    decimal(s);
                }
                break;
            }
            case SqlType::Char:
                fb = kc::SchemaBuilder::string();
                r = Reader::String;
                break;
            case SqlType::Binary:
                fb = kc::SchemaBuilder::bytes();
                r = Reader::Bytes;
                break;
            case SqlType::Date:
                fb = kc::logical::date_builder();
                r = Reader::Date;
                break;
            case SqlType::Time:
                fb = kc::logical::time_builder();
                r = Reader::Time;
                break;
            case SqlType::Timestamp:
            case SqlType::TimestampTz:
                fb = granularity_schema(granularity_);
                r = Reader::Timestamp;
                break;
            case SqlType::Other:
                break;
        }
        if (!fb) {
            dropped_.push_back(c.name + " (" + c.type_name + ")");
            continue;
        }
        if (c.nullable != Nullability::NotNull) fb->optional();
        b.field(c.name, fb->build());
        fields_.push_back(Field{static_cast<int>(i), r, scale, c.name});
    }
    schema_ = b.build();
}

kc_value RowMapper::read(const Cursor& cur, kc::Arena& arena) const {
    kc_value* values = kc::alloc_values(arena, fields_.size());
    for (size_t i = 0; i < fields_.size(); ++i) {
        const Field& f = fields_[i];
        kc_value& v = values[i];
        if (cur.is_null(f.column)) continue;  // zeroed = null
        switch (f.reader) {
            case Reader::Bool:
                v = kc::make_bool(cur.get_bool(f.column));
                break;
            case Reader::Int8:
            case Reader::Int16:
            case Reader::Int32: {
                int64_t x = cur.get_int(f.column);
                const int64_t lim = f.reader == Reader::Int8    ? INT8_MAX
                                    : f.reader == Reader::Int16 ? INT16_MAX
                                                                : INT32_MAX;
                if (x > lim || x < -lim - 1)
                    throw kc::DataException("Value " + std::to_string(x) + " of column " + f.name +
                                            " does not fit its Connect type");
                v = kc::make_int(f.reader == Reader::Int8    ? KC_VAL_INT8
                                 : f.reader == Reader::Int16 ? KC_VAL_INT16
                                                             : KC_VAL_INT32,
                                 x);
                break;
            }
            case Reader::Int64:
                v = kc::make_int64(cur.get_int(f.column));
                break;
            case Reader::Float32:
                v = kc::make_float32(static_cast<float>(cur.get_double(f.column)));
                break;
            case Reader::Float64:
                v = kc::make_float64(cur.get_double(f.column));
                break;
            case Reader::Decimal:
                v = kc::make_bytes(arena, kc::logical::decimal_from_string(
                                              cur.get_decimal_text(f.column), f.scale));
                break;
            case Reader::String:
                v = kc::make_string(arena, cur.get_text(f.column));
                break;
            case Reader::Bytes:
                v = kc::make_bytes(arena, cur.get_bytes(f.column));
                break;
            case Reader::Bits: {
                auto b = cur.get_bytes(f.column);
                v = kc::make_int8(b.empty() ? 0 : static_cast<int8_t>(static_cast<uint8_t>(b[0])));
                break;
            }
            case Reader::Date:
                v = kc::make_int32(static_cast<int32_t>(cur.get_date_days(f.column)));
                break;
            case Reader::Time:
                v = kc::make_int32(
                    static_cast<int32_t>(cur.get_time_micros(f.column, *zone_) / 1000));
                break;
            case Reader::Timestamp:
                v = granularity_value(granularity_, cur.get_timestamp(f.column, *zone_), *zone_,
                                      arena);
                break;
        }
    }
    kc_value s{};
    s.tag = KC_VAL_STRUCT;
    s.u.strct.schema = schema_.raw();
    s.u.strct.fields = values;
    return s;
}

}  // namespace kcjdbc
