// kc/java_string.hpp - a Connect value as Java's value.toString() prints it:
// what StringConverter writes and what FileStreamSinkTask prints. Lists as
// "[a, b]", maps as "{k=v, k2=v2}", structs as "Struct{f=v,g=w}" (null fields
// omitted), doubles as Double.toString, Decimal as BigDecimal.toString and
// Date/Time/Timestamp as java.util.Date.toString() in UTC
// ("Thu Jan 01 00:00:00 UTC 1970").
//
// Java prints a byte[] as its identity ("[B@1b6d3586"), which no reader can
// use; callers choose what bytes become instead (BytesText).
#pragma once

#include <string>

#include "kc/data.hpp"
#include "kc/logical.hpp"
#include "kc/values.hpp"

namespace kc::values {

enum class BytesText {
    Base64,  // printable, reversible
    Raw,     // the bytes as they are
};

namespace detail {

// java.util.Date.toString() in UTC.
inline void append_java_date(std::string& out, int64_t millis) {
    static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const int64_t days = logical::floor_div(millis, logical::kMillisPerDay);
    const logical::CivilDate c = logical::civil_from_days(days);
    out += kDays[logical::floor_mod(days, 7)];
    out += ' ';
    out += kMonths[c.month - 1];
    out += ' ';
    if (c.day < 10) out += '0';
    append_int(out, c.day);
    out += ' ';
    std::string time;
    logical::append_iso_time(time, millis);
    out.append(time, 0, 8);
    out += " UTC ";
    append_int(out, c.year);
}

}  // namespace detail

// Appends the Java toString() of `value` (schema may be null: the value is then
// its physical type).
inline void append_java_to_string(std::string& out, SchemaView schema, ValueView value,
                                  BytesText bytes = BytesText::Base64) {
    switch (value.tag()) {
        case KC_VAL_NULL:
            out += "null";
            return;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            if (logical::is_temporal(schema))
                detail::append_java_date(out, detail::temporal_millis(schema, value.as_int()));
            else
                append_int(out, value.as_int());
            return;
        case KC_VAL_FLOAT32:
            append_java_float(out, static_cast<float>(value.as_double()));
            return;
        case KC_VAL_FLOAT64:
            append_java_double(out, value.as_double());
            return;
        case KC_VAL_BOOLEAN:
            out += value.as_bool() ? "true" : "false";
            return;
        case KC_VAL_STRING:
            out += value.as_string();
            return;
        case KC_VAL_BYTES:
            if (logical::is_decimal(schema))
                logical::append_decimal_string(
                    out, logical::decimal_text(value.as_string(), logical::decimal_scale(schema)));
            else if (bytes == BytesText::Base64)
                append_base64(out, value.as_string());
            else
                out += value.as_string();
            return;
        case KC_VAL_ARRAY: {
            const SchemaView items = schema ? schema.value_schema() : SchemaView();
            out += '[';
            bool first = true;
            for (const auto& e : value.as_array()) {
                if (!first) out += ", ";
                first = false;
                append_java_to_string(out, items, &e, bytes);
            }
            out += ']';
            return;
        }
        case KC_VAL_MAP: {
            const SchemaView ks = schema ? schema.key_schema() : SchemaView();
            const SchemaView vs = schema ? schema.value_schema() : SchemaView();
            out += '{';
            bool first = true;
            for (const auto& e : value.as_map()) {
                if (!first) out += ", ";
                first = false;
                append_java_to_string(out, ks, &e.key, bytes);
                out += '=';
                append_java_to_string(out, vs, &e.value, bytes);
            }
            out += '}';
            return;
        }
        case KC_VAL_STRUCT: {
            const StructView st = value.as_struct();
            const SchemaView ss = st.schema();
            out += "Struct{";
            bool first = true;
            for (size_t i = 0; i < ss.field_count(); ++i) {
                if (st.get(i).is_null()) continue;
                if (!first) out += ',';
                first = false;
                out += ss.field(i).name;
                out += '=';
                append_java_to_string(out, ss.field(i).schema, st.get(i), bytes);
            }
            out += '}';
            return;
        }
    }
}

}  // namespace kc::values
