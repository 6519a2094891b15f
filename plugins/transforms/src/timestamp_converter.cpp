#include "timestamp_converter.hpp"

#include <limits>
#include <stdexcept>

#include <kc/logical.hpp>

#include "validators.hpp"

namespace kc_transforms {

namespace {

constexpr std::string_view kPurpose = "converting timestamp formats";
using Kind = TimestampConverterImpl::Kind;

std::optional<Kind> kind_from_name(std::string_view n) {
    if (n == "string") return Kind::String;
    if (n == "unix") return Kind::Unix;
    if (n == "Date") return Kind::Date;
    if (n == "Time") return Kind::Time;
    if (n == "Timestamp") return Kind::Timestamp;
    return std::nullopt;
}

// Java Schema.toString(): "Schema{name:TYPE}" or "Schema{TYPE}".
std::string schema_string(const kc_schema* s) {
    std::string type(kc::type_name(static_cast<kc::Type>(s->type)));
    for (char& c : type)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string name(kc::sv(s->name));
    return "Schema{" + (name.empty() ? "" : name + ":") + type + "}";
}

Kind kind_from_schema(const kc_schema* s) {
    std::string_view name = kc::sv(s->name);
    if (name == kc::logical::kTimestampName) return Kind::Timestamp;
    if (name == kc::logical::kDateName) return Kind::Date;
    if (name == kc::logical::kTimeName) return Kind::Time;
    if (s->type == KC_TYPE_STRING) return Kind::String;
    if (s->type == KC_TYPE_INT64) return Kind::Unix;
    throw kc::ConnectException("Schema " + schema_string(s) +
                               " does not correspond to a known timestamp type format");
}

// Java TimeUnit conversions: multiplication saturates, division truncates
// toward zero. Kept here: the SDK's logical conversions floor (Date/Time) or
// throw on lost information, neither of which TimeUnit does.
int64_t scale_up(int64_t v, int64_t factor) {
    if (v > std::numeric_limits<int64_t>::max() / factor)
        return std::numeric_limits<int64_t>::max();
    if (v < std::numeric_limits<int64_t>::min() / factor)
        return std::numeric_limits<int64_t>::min();
    return v * factor;
}

std::string class_of(const kc_value& v) {
    return "class " + std::string(java_class_name(v));
}

}  // namespace

kc::ConfigDef TimestampConverterImpl::configDef() {
    kc::ConfigDef def;
    def.define("field", kc::ConfigType::String, "", kc::Importance::High,
               "The field containing the timestamp, or empty if the entire value is a timestamp");
    def.define("target.type", kc::ConfigType::String, kc::NO_DEFAULT,
               kc::ValidString::in({"string", "unix", "Date", "Time", "Timestamp"}),
               kc::Importance::High,
               "The desired timestamp representation: string, unix, Date, Time, or Timestamp");
    def.define("format", kc::ConfigType::String, "", kc::Importance::Medium,
               "A SimpleDateFormat-compatible format for the timestamp. Used to generate the "
               "output when type=string or used to parse the input if the input is a string.");
    def.define("unix.precision", kc::ConfigType::String, "milliseconds",
               kc::ValidString::in({"nanoseconds", "microseconds", "milliseconds", "seconds"}),
               kc::Importance::Low,
               "The desired Unix precision for the timestamp: seconds, milliseconds, "
               "microseconds, or nanoseconds. Used to generate the output when type=unix or used "
               "to parse the input if the input is a Long.Note: This SMT will cause precision "
               "loss during conversions from, and to, values with sub-millisecond components.");
    return define_replace_null_with_default(def);
}

void TimestampConverterImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    field_ = config.getString("field");
    type_ = *kind_from_name(config.getString("target.type"));
    const std::string& pattern = config.getString("format");
    const std::string& precision = config.getString("unix.precision");
    precision_ = precision == "seconds"        ? Precision::Seconds
                 : precision == "microseconds" ? Precision::Micros
                 : precision == "nanoseconds"  ? Precision::Nanos
                                               : Precision::Millis;
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
    bool blank = kc::trim(pattern).empty();
    if (type_ == Kind::String && blank)
        throw kc::ConfigException(
            "TimestampConverter requires format option to be specified when using string "
            "timestamps");
    format_.reset();
    if (!blank) {
        try {
            format_.emplace(pattern);
        } catch (const std::invalid_argument&) {
            throw kc::ConfigException(
                "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
                "timestamps: " +
                pattern);
        }
    }
}

const kc_schema* TimestampConverterImpl::target_schema(bool optional) const {
    switch (type_) {
        case Kind::String:
            return kc::schemas::primitive(kc::Type::String, optional).raw();
        case Kind::Unix:
            return kc::schemas::primitive(kc::Type::Int64, optional).raw();
        case Kind::Date:
            return (optional ? kc::logical::optional_date_schema() : kc::logical::date_schema())
                .raw();
        case Kind::Time:
            return (optional ? kc::logical::optional_time_schema() : kc::logical::time_schema())
                .raw();
        default:
            return (optional ? kc::logical::optional_timestamp_schema()
                             : kc::logical::timestamp_schema())
                .raw();
    }
}

int64_t TimestampConverterImpl::to_raw(const kc_value& v, Kind from) const {
    switch (from) {
        case Kind::String: {
            if (v.tag != KC_VAL_STRING)
                throw kc::DataException("Expected string timestamp to be a String, but found " +
                                        class_of(v));
            auto ms = format_ ? format_->parse(kc::sv(v.u.str)) : std::nullopt;
            if (!ms)
                throw kc::DataException("Could not parse timestamp: value (" +
                                        std::string(kc::sv(v.u.str)) +
                                        ") does not match pattern (" +
                                        (format_ ? format_->pattern() : std::string("null")) + ")");
            return *ms;
        }
        case Kind::Unix:
            if (v.tag != KC_VAL_INT64)
                throw kc::DataException("Expected Unix timestamp to be a Long, but found " +
                                        class_of(v));
            switch (precision_) {
                case Precision::Seconds:
                    return scale_up(v.u.i, 1000);
                case Precision::Micros:
                    return v.u.i / 1000;
                case Precision::Nanos:
                    return v.u.i / 1000000;
                default:
                    return v.u.i;
            }
        case Kind::Date:
            return v.u.i * kc::logical::kMillisPerDay;
        default:  // Time (ms of day) and Timestamp (epoch ms)
            return v.u.i;
    }
}

kc_value TimestampConverterImpl::to_type(int64_t ms, kc::Arena& arena) const {
    switch (type_) {
        case Kind::String: {
            char* buf = arena.alloc<char>(format_->max_length());
            size_t n = format_->format(ms, buf);
            return kc::make_string_ref(std::string_view(buf, n));
        }
        case Kind::Unix:
            switch (precision_) {
                case Precision::Seconds:
                    return kc::make_int64(ms / 1000);
                case Precision::Micros:
                    return kc::make_int64(scale_up(ms, 1000));
                case Precision::Nanos:
                    return kc::make_int64(scale_up(ms, 1000000));
                default:
                    return kc::make_int64(ms);
            }
        case Kind::Date:
            return kc::make_int32(
                static_cast<int32_t>(kc::logical::floor_div(ms, kc::logical::kMillisPerDay)));
        case Kind::Time:
            return kc::make_int32(
                static_cast<int32_t>(kc::logical::floor_mod(ms, kc::logical::kMillisPerDay)));
        default:
            return kc::make_int64(ms);
    }
}

kc_value TimestampConverterImpl::convert(const kc_value& v, std::optional<Kind> from,
                                         kc::Arena& arena) const {
    if (is_null(v)) return v;
    if (!from) {
        // Without a schema only the physical type tells: Long = unix, String = string.
        if (v.tag == KC_VAL_INT64)
            from = Kind::Unix;
        else if (v.tag == KC_VAL_STRING)
            from = Kind::String;
        else
            throw kc::DataException("TimestampConverter does not support " + class_of(v) +
                                    " objects as timestamps");
    }
    int64_t ms = to_raw(v, *from);
    return to_type(ms, arena);
}

kc_value TimestampConverterImpl::schemaless(const kc_value& v) const {
    // Java hands out a java.util.Date for Date/Time/Timestamp without a schema:
    // an instant, so epoch milliseconds here whatever the target.
    if (is_null(v) || (type_ != Kind::Date && type_ != Kind::Time)) return v;
    return kc::make_int64(type_ == Kind::Date ? v.u.i * kc::logical::kMillisPerDay : v.u.i);
}

kc_value TimestampConverterImpl::convert_struct(const kc_value& st, const kc_schema* updated,
                                                int field, kc::Arena& arena) const {
    const kc_schema* s = st.u.strct.schema;
    kc_value* fields = kc::alloc_values(arena, s->field_count);
    for (size_t i = 0; i < s->field_count; ++i) {
        const kc_value& v = struct_field(st, i, replace_null_with_default_);
        fields[i] = static_cast<int>(i) == field
                        ? convert(v, kind_from_schema(s->fields[i].schema), arena)
                        : v;
    }
    return make_struct_value(updated, fields);
}

const kc_record* TimestampConverterImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_schema* schema = operating_schema(in, side_);
    const kc_value& value = operating_value(in, side_);
    if (!schema) {
        if (is_null(value) || field_.empty()) {
            return with_operand(arena, in, side_, nullptr, schemaless(convert(value, {}, arena)));
        }
        require_map(value, kPurpose);
        MapBuilder map(arena, value.u.map.count + 1);
        map.put_all(value);
        const kc_value* fv = map_get(value, field_);
        map.put(field_, schemaless(convert(fv ? *fv : kc_value{}, {}, arena)));
        map.order_as_java_hash_map(kc::java_hash_map_copy_table(value.u.map.count));
        return with_operand(arena, in, side_, nullptr, map.build());
    }
    if (field_.empty())
        return with_operand(arena, in, side_, target_schema(schema->optional),
                            convert(value, kind_from_schema(schema), arena));
    if (!is_null(value)) require_struct(value, kPurpose);
    auto& entry = cache_.get_or_build(schema, arena, [&] {
        kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
        copy_basics(schema, b);
        Target t;
        for (size_t i = 0; i < schema->field_count; ++i) {
            const kc_field& f = schema->fields[i];
            if (kc::sv(f.name) == field_) {
                t.field = static_cast<int>(i);
                kc::SchemaView ts = target_schema(f.schema->optional);
                b.field(field_, kc::SchemaBuilder::copy_of(ts).build());
            } else {
                b.field(kc::sv(f.name), own(f.schema));
            }
        }
        if (schema->optional) b.optional();
        // Known gap: a struct-level default value is not carried over (Java converts it).
        return std::pair{b.build(), t};
    });
    if (is_null(value)) return with_operand(arena, in, side_, entry.schema.raw(), value);
    return with_operand(arena, in, side_, entry.schema.raw(),
                        convert_struct(value, entry.schema.raw(), entry.extra.field, arena));
}

}  // namespace kc_transforms
