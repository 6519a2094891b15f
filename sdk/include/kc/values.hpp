// kc/values.hpp - converting Connect values between types, as Java's
// org.apache.kafka.connect.data.Values does: convert_to_{boolean,byte,short,
// integer,long,float,double,string,list,map,struct,decimal,date,time,timestamp},
// infer_schema, the string form that SimpleHeaderConverter writes
// (append_string) and parse_string, which reads such a string back into the
// most specific type.
//
// Results are built in an allocator (kc::Arena, or any type with
// allocate(size, align) and copy(string_view)). Schemas of results come from
// the predefined constants or a process-wide cache of composed schemas, so no
// schema is rebuilt per value; past the cache's bound they are built in the
// allocator too.
//
// Logical types are told by the schema: an int32 value whose schema is
// Date is a date (Java's java.util.Date), bytes whose schema is Decimal are a
// decimal (Java's BigDecimal). Without a schema a value is its physical type.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "kc/data.hpp"
#include "kc/error.hpp"
#include "kc/java_text.hpp"
#include "kc/logical.hpp"

namespace kc::values {

// ---------------------------------------------------------------------------
// Text forms shared with the converters: Java number formatting, Base64
// ---------------------------------------------------------------------------

namespace detail {
// Digits and decimal exponent of the shortest round-trip form of a finite
// non-zero value: value = 0.d1d2d3... * 10^exp10 style is awkward, so we return
// digits "d1d2..." and the exponent e of d1 (value = d1.d2d3... * 10^e).
template <class F>
inline void shortest_digits(F v, char* digits, int& ndigits, int& exp10) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const char* p = buf;
    if (*p == '-') ++p;
    ndigits = 0;
    for (; p < r.ptr && *p != 'e'; ++p)
        if (*p != '.') digits[ndigits++] = *p;
    exp10 = 0;
    std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), r.ptr, exp10);
    while (ndigits > 1 && digits[ndigits - 1] == '0')
        --ndigits;
}

template <class F>
inline void append_java_floating(std::string& out, F v) {
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::signbit(v)) out.push_back('-');
    F a = std::fabs(v);
    if (std::isinf(a)) {
        out += "Infinity";
        return;
    }
    if (a == 0) {
        out += "0.0";
        return;
    }
    char d[40];
    int n = 0, e = 0;
    shortest_digits(a, d, n, e);
    if (a >= F(1e-3) && a < F(1e7)) {
        if (e >= 0) {
            for (int i = 0; i <= e; ++i)
                out.push_back(i < n ? d[i] : '0');
            out.push_back('.');
            if (e + 1 < n)
                out.append(d + e + 1, static_cast<size_t>(n - e - 1));
            else
                out.push_back('0');
        } else {
            out += "0.";
            out.append(static_cast<size_t>(-e - 1), '0');
            out.append(d, static_cast<size_t>(n));
        }
    } else {
        out.push_back(d[0]);
        out.push_back('.');
        if (n > 1)
            out.append(d + 1, static_cast<size_t>(n - 1));
        else
            out.push_back('0');
        out.push_back('E');
        char eb[8];
        auto r = std::to_chars(eb, eb + sizeof eb, e);
        out.append(eb, r.ptr);
    }
}
}  // namespace detail

// Java Double.toString / Float.toString (shortest round-trip digits, "1.0E10").
inline void append_java_double(std::string& out, double v) {
    detail::append_java_floating(out, v);
}
inline void append_java_float(std::string& out, float v) {
    detail::append_java_floating(out, v);
}
inline void append_int(std::string& out, int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

inline constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline size_t base64_length(size_t n) noexcept {
    return (n + 2) / 3 * 4;
}
// Standard alphabet with padding into out[0, base64_length(in.size())).
inline void base64_encode(std::string_view in, char* out) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(in.data());
    size_t i = 0, n = in.size();
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t(s[i]) << 16) | (uint32_t(s[i + 1]) << 8) | s[i + 2];
        *out++ = kBase64Alphabet[v >> 18];
        *out++ = kBase64Alphabet[(v >> 12) & 63];
        *out++ = kBase64Alphabet[(v >> 6) & 63];
        *out++ = kBase64Alphabet[v & 63];
    }
    if (i < n) {
        uint32_t v = uint32_t(s[i]) << 16;
        if (i + 1 < n) v |= uint32_t(s[i + 1]) << 8;
        *out++ = kBase64Alphabet[v >> 18];
        *out++ = kBase64Alphabet[(v >> 12) & 63];
        *out++ = i + 1 < n ? kBase64Alphabet[(v >> 6) & 63] : '=';
        *out++ = '=';
    }
}
inline void append_base64(std::string& out, std::string_view in) {
    size_t at = out.size();
    out.resize(at + base64_length(in.size()));
    base64_encode(in, out.data() + at);
}
// Decodes padded standard Base64 into out (which needs in.size()/4*3 bytes);
// returns the decoded length, or nullopt naming nothing: the caller reports.
inline std::optional<size_t> base64_decode(std::string_view in, char* out) noexcept {
    static constexpr auto table = [] {
        std::array<int8_t, 256> t{};
        for (auto& x : t)
            x = -1;
        for (int i = 0; i < 64; ++i)
            t[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<int8_t>(i);
        return t;
    }();
    if (in.size() % 4 != 0) return std::nullopt;
    size_t o = 0;
    for (size_t i = 0; i < in.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            unsigned char c = static_cast<unsigned char>(in[i + k]);
            if (c == '=' && i + 4 == in.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else {
                if (pad) return std::nullopt;  // data after padding
                v[k] = table[c];
                if (v[k] < 0) return std::nullopt;
            }
        }
        uint32_t w = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) |
                     uint32_t(v[3]);
        out[o++] = static_cast<char>(w >> 16);
        if (pad < 2) out[o++] = static_cast<char>((w >> 8) & 0xff);
        if (pad < 1) out[o++] = static_cast<char>(w & 0xff);
    }
    return o;
}

// ---------------------------------------------------------------------------
// Composed schemas (arrays and maps of other schemas), shared process-wide
// ---------------------------------------------------------------------------

namespace detail {

// Array and map schemas made of other (static or cached) schemas, keyed by
// their parts' identities. A child may be NULL (Java's arrayOfNull/mapOfNull).
class ComposedSchemas {
  public:
    static constexpr size_t kMaxEntries = 4096;

    static ComposedSchemas& instance() {
        static ComposedSchemas c;
        return c;
    }
    template <class Alloc>
    const kc_schema* get(Alloc& a, Type type, const kc_schema* key, const kc_schema* value) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            auto k = std::make_tuple(static_cast<int>(type), key, value);
            auto it = index_.find(k);
            if (it != index_.end()) return it->second;
            if (index_.size() < kMaxEntries) {
                kc_schema& s = nodes_.emplace_back(make(type, key, value));
                index_.emplace(k, &s);
                return &s;
            }
        }
        // Bound reached (unusual, adversarial input): the schema lives as long as the value.
        auto* s = static_cast<kc_schema*>(a.allocate(sizeof(kc_schema), alignof(kc_schema)));
        *s = make(type, key, value);
        return s;
    }

  private:
    static kc_schema make(Type type, const kc_schema* key, const kc_schema* value) {
        kc_schema s{};
        s.struct_size = sizeof(kc_schema);
        s.type = static_cast<kc_type>(type);
        s.key_schema = key;
        s.value_schema = value;
        return s;
    }
    std::mutex mu_;
    std::map<std::tuple<int, const kc_schema*, const kc_schema*>, kc_schema*> index_;
    std::deque<kc_schema> nodes_;
};

}  // namespace detail

template <class Alloc>
const kc_schema* array_schema(Alloc& a, const kc_schema* items) {
    return detail::ComposedSchemas::instance().get(a, Type::Array, nullptr, items);
}
template <class Alloc>
const kc_schema* map_schema(Alloc& a, const kc_schema* keys, const kc_schema* values) {
    return detail::ComposedSchemas::instance().get(a, Type::Map, keys, values);
}

// ---------------------------------------------------------------------------
// The string form (Java Values.append / convertToString)
// ---------------------------------------------------------------------------

namespace detail {
inline void append_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        if (c == '\\' || c == '"') out.push_back('\\');
        out.push_back(c);
    }
}
// Java Values.dateFormatFor: the form is chosen by the instant, not the schema.
inline void append_temporal(std::string& out, int64_t millis) {
    if (millis < logical::kMillisPerDay)
        logical::append_iso_time(out, millis);
    else if (millis % logical::kMillisPerDay == 0)
        logical::append_iso_date(out, millis);
    else
        logical::append_iso_timestamp(out, millis);
}
inline int64_t temporal_millis(SchemaView s, int64_t raw) {
    return logical::is_date(s) ? logical::millis_from_date(static_cast<int32_t>(raw)) : raw;
}
}  // namespace detail

// Appends the string form of v (schema s may be null). Nested strings are
// quoted and escaped when `embedded`.
inline void append_string(std::string& out, SchemaView s, ValueView v, bool embedded = false) {
    switch (v.tag()) {
        case KC_VAL_NULL:
            out += "null";
            return;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            if (logical::is_temporal(s))
                detail::append_temporal(out, detail::temporal_millis(s, v.as_int()));
            else
                append_int(out, v.as_int());
            return;
        case KC_VAL_FLOAT32:
            append_java_float(out, static_cast<float>(v.as_double()));
            return;
        case KC_VAL_FLOAT64:
            append_java_double(out, v.as_double());
            return;
        case KC_VAL_BOOLEAN:
            out += v.as_bool() ? "true" : "false";
            return;
        case KC_VAL_STRING:
            if (embedded) {
                out.push_back('"');
                detail::append_escaped(out, v.as_string());
                out.push_back('"');
            } else {
                out += v.as_string();
            }
            return;
        case KC_VAL_BYTES:
            if (logical::is_decimal(s)) {
                logical::append_decimal_string(
                    out, logical::decimal_text(v.as_string(), logical::decimal_scale(s)));
                return;
            }
            if (embedded) out.push_back('"');
            append_base64(out, v.as_string());
            if (embedded) out.push_back('"');
            return;
        case KC_VAL_ARRAY: {
            SchemaView items = s ? s.value_schema() : SchemaView();
            out.push_back('[');
            bool first = true;
            for (const auto& e : v.as_array()) {
                if (!first) out.push_back(',');
                first = false;
                append_string(out, items, &e, true);
            }
            out.push_back(']');
            return;
        }
        case KC_VAL_MAP: {
            SchemaView ks = s ? s.key_schema() : SchemaView();
            SchemaView vs = s ? s.value_schema() : SchemaView();
            out.push_back('{');
            bool first = true;
            for (const auto& e : v.as_map()) {
                if (!first) out.push_back(',');
                first = false;
                append_string(out, ks, &e.key, true);
                out.push_back(':');
                append_string(out, vs, &e.value, true);
            }
            out.push_back('}');
            return;
        }
        case KC_VAL_STRUCT: {
            StructView st = v.as_struct();
            SchemaView ss = st.schema();
            out.push_back('{');
            for (size_t i = 0; i < ss.field_count(); ++i) {
                if (i) out.push_back(',');
                out.push_back('"');
                detail::append_escaped(out, ss.field(i).name);
                out.push_back('"');
                out.push_back(':');
                append_string(out, ss.field(i).schema, st.get(i), true);
            }
            out.push_back('}');
            return;
        }
    }
}
inline std::string to_string(SchemaView s, ValueView v) {
    std::string out;
    append_string(out, s, v);
    return out;
}

// ---------------------------------------------------------------------------
// Schema inference (Java Values.inferSchema)
// ---------------------------------------------------------------------------

namespace detail {
inline const kc_schema* bare_schema(Type t, bool optional) {
    if (is_primitive(t)) return schemas::primitive(t, optional).raw();
    // Java's SchemaBuilder.type(ARRAY|MAP|STRUCT): no children.
    static const std::array<kc_schema, 6> bare = [] {
        std::array<kc_schema, 6> b{};
        for (int i = 0; i < 6; ++i) {
            b[i].struct_size = sizeof(kc_schema);
            b[i].type = static_cast<kc_type>(KC_TYPE_ARRAY + i / 2);
            b[i].optional = i % 2 == 1;
        }
        return b;
    }();
    return &bare[(static_cast<int>(t) - KC_TYPE_ARRAY) * 2 + (optional ? 1 : 0)];
}
}  // namespace detail

// The schema of a value when it can be told: primitives by tag, arrays and
// maps whose non-null elements share one type, structs by their own schema.
// NULL when it cannot be inferred (null, empty or mixed containers).
template <class Alloc>
const kc_schema* infer_schema(Alloc& a, ValueView v) {
    auto detect = [&](auto&& each) -> std::optional<std::pair<Type, bool>> {
        std::optional<Type> known;
        bool optional = false;
        bool ok = true;
        each([&](ValueView e) {
            if (!ok) return;
            if (e.is_null()) {
                optional = true;
                return;
            }
            const kc_schema* s = infer_schema(a, e);
            if (!s) {
                ok = false;
                return;
            }
            Type t = static_cast<Type>(s->type);
            if (!known)
                known = t;
            else if (*known != t)
                ok = false;
        });
        if (!ok || !known) return std::nullopt;
        return std::make_pair(*known, optional);
    };
    switch (v.tag()) {
        case KC_VAL_NULL:
            return nullptr;
        case KC_VAL_STRUCT:
            return v.as_struct().schema().raw();
        case KC_VAL_ARRAY: {
            auto items = v.as_array();
            if (items.empty()) return nullptr;
            auto d = detect([&](auto&& f) {
                for (const auto& e : items)
                    f(&e);
            });
            if (!d) return nullptr;
            return array_schema(a, detail::bare_schema(d->first, d->second));
        }
        case KC_VAL_MAP: {
            auto entries = v.as_map();
            if (entries.empty()) return nullptr;
            auto k = detect([&](auto&& f) {
                for (const auto& e : entries)
                    f(&e.key);
            });
            auto val = detect([&](auto&& f) {
                for (const auto& e : entries)
                    f(&e.value);
            });
            if (!k || !val) return nullptr;
            return map_schema(a, detail::bare_schema(k->first, k->second),
                              detail::bare_schema(val->first, val->second));
        }
        default:
            return schemas::primitive(type_for(v.tag()), false).raw();
    }
}

// ---------------------------------------------------------------------------
// Conversions (Java Values.convertTo*)
// ---------------------------------------------------------------------------

// A value with its schema (schema NULL: schemaless; both null: Java's null).
struct SchemaAndValue {
    const kc_schema* schema = nullptr;
    kc_value value{};
};

template <class Alloc>
SchemaAndValue parse_string(Alloc& a, std::string_view text);

namespace detail {

inline std::string describe_type(SchemaView s, ValueView v) {
    if (logical::is_decimal(s)) return "decimal";
    if (logical::is_date(s)) return "date";
    if (logical::is_time(s)) return "time";
    if (logical::is_timestamp(s)) return "timestamp";
    return v.is_null() ? "null" : std::string(type_name(type_for(v.tag())));
}
inline std::string describe_schema(SchemaView s) {
    std::string d = std::string(type_name(s.type()));
    if (!s.name().empty()) d += " (" + std::string(s.name()) + ")";
    return d;
}
[[noreturn]] inline void unable(SchemaView from, ValueView v, std::string_view target) {
    std::string shown;
    append_string(shown, from, v);
    if (shown.size() > 200) shown = shown.substr(0, 200) + "...";
    throw DataException("Unable to convert " + shown + " (" + describe_type(from, v) + ") to " +
                        std::string(target));
}

// BigDecimal.longValue(): the integer part, truncated, modulo 2^64.
inline int64_t decimal_long_value(std::string_view unscaled, int32_t scale) {
    logical::DecimalText t = logical::decimal_text(unscaled, scale);
    std::string digits = t.digits;
    if (t.scale > 0)
        digits = static_cast<size_t>(t.scale) >= digits.size()
                     ? "0"
                     : digits.substr(0, digits.size() - static_cast<size_t>(t.scale));
    else if (t.scale < 0 && digits != "0")
        digits.append(std::min<size_t>(static_cast<size_t>(-int64_t(t.scale)), 100), '0');
    uint64_t low = 0;
    for (char c : digits)
        low = low * 10 + static_cast<uint64_t>(c - '0');  // arithmetic modulo 2^64
    return static_cast<int64_t>(t.negative ? 0 - low : low);
}

// Java's (long) cast of a double: NaN is 0, out-of-range values saturate.
inline int64_t saturating_long(double d) {
    if (std::isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return static_cast<int64_t>(d);
}

inline std::optional<double> parse_double_text(std::string_view s) {
    auto t = logical::parse_decimal(s);
    if (!t) return std::nullopt;
    std::string z(s);
    return std::strtod(z.c_str(), nullptr);
}

// Java Values.asLong.
inline int64_t as_long(SchemaView from, ValueView v, SchemaView to) {
    switch (v.tag()) {
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            return v.as_int();  // numbers and temporal values alike
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            return saturating_long(v.as_double());
        case KC_VAL_BYTES:
            if (logical::is_decimal(from))
                return decimal_long_value(v.as_string(), logical::decimal_scale(from));
            break;
        case KC_VAL_STRING:
            if (auto t = logical::parse_decimal(v.as_string()))
                return decimal_long_value(logical::decimal_bytes(*t), t->scale);
            break;
        default:
            break;
    }
    unable(from, v, from ? describe_schema(from) : describe_schema(to));
}
// Java Values.asDouble.
inline double as_double(SchemaView from, ValueView v, SchemaView to) {
    switch (v.tag()) {
        case KC_VAL_FLOAT32:
        case KC_VAL_FLOAT64:
            return v.as_double();
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            if (!logical::is_temporal(from)) return static_cast<double>(v.as_int());
            break;
        case KC_VAL_BYTES:
            if (logical::is_decimal(from))
                return logical::decimal_to_double(v.as_string(), logical::decimal_scale(from));
            break;
        case KC_VAL_STRING:
            if (auto d = parse_double_text(v.as_string())) return *d;
            break;
        default:
            break;
    }
    return static_cast<double>(as_long(from, v, to));
}

inline thread_local std::string scratch;

}  // namespace detail

// Converts v (whose schema `from` may be null) to the type of `to`. A null
// value converts to null for an optional target, else throws DataException;
// values that cannot be converted throw DataException saying what and why.
template <class Alloc>
kc_value convert_to(Alloc& a, SchemaView to, SchemaView from, ValueView v) {
    if (v.is_null()) {
        if (to.optional()) return make_null();
        throw DataException("Unable to convert a null value to a schema that requires a value");
    }
    auto reparse = [&](SchemaView& f, ValueView& val, SchemaAndValue& holder) {
        if (val.tag() == KC_VAL_STRING) {
            holder = parse_string(a, val.as_string());
            f = holder.schema;
            val = &holder.value;
            if (val.is_null()) detail::unable(from, v, detail::describe_schema(to));
        }
    };
    switch (to.type()) {
        case Type::Bytes:
            if (logical::is_decimal(to)) {
                int32_t scale = logical::decimal_scale(to);
                auto rescaled = [&](const logical::DecimalText& t) {
                    auto r = logical::rescale_exact(t, scale);
                    if (!r)
                        throw DataException("Unable to convert " + to_string(from, v) +
                                            " to a decimal of scale " + std::to_string(scale) +
                                            " without rounding");
                    return make_bytes(a, logical::decimal_bytes(*r));
                };
                if (v.tag() == KC_VAL_BYTES) {
                    if (!logical::is_decimal(from)) return make_bytes(a, v.as_string());
                    int32_t fs = logical::decimal_scale(from);
                    if (fs == scale) return make_bytes(a, v.as_string());
                    return rescaled(logical::decimal_text(v.as_string(), fs));
                }
                if (v.tag() == KC_VAL_STRING) {
                    auto t = logical::parse_decimal(v.as_string());
                    if (!t) detail::unable(from, v, detail::describe_schema(to));
                    return rescaled(*t);
                }
                if (v.is_integral() && !logical::is_temporal(from))
                    return rescaled(*logical::parse_decimal(std::to_string(v.as_int())));
                if (v.is_floating()) {
                    if (!std::isfinite(v.as_double()))
                        detail::unable(from, v, detail::describe_schema(to));
                    char buf[64];
                    auto r = std::to_chars(buf, buf + sizeof buf, v.as_double());
                    return rescaled(*logical::parse_decimal(
                        std::string_view(buf, static_cast<size_t>(r.ptr - buf))));
                }
                break;
            }
            if (v.tag() == KC_VAL_BYTES) return make_bytes(a, v.as_string());
            break;
        case Type::String: {
            std::string& s = detail::scratch;
            s.clear();
            append_string(s, from, v);
            return make_string(a, s);
        }
        case Type::Boolean: {
            if (v.tag() == KC_VAL_BOOLEAN) return v.raw() ? *v.raw() : make_null();
            if (v.tag() == KC_VAL_STRING) {
                SchemaAndValue p = parse_string(a, v.as_string());
                if (p.value.tag == KC_VAL_BOOLEAN) return p.value;
            }
            return make_bool(detail::as_long(from, v, to) != 0);
        }
        case Type::Int8:
            return make_int8(static_cast<int8_t>(detail::as_long(from, v, to)));
        case Type::Int16:
            return make_int16(static_cast<int16_t>(detail::as_long(from, v, to)));
        case Type::Int32: {
            SchemaView f = from;
            ValueView val = v;
            SchemaAndValue holder;
            if (logical::is_date(to)) {
                reparse(f, val, holder);
                if (logical::is_date(f)) return make_int32(static_cast<int32_t>(val.as_int()));
                if (logical::is_timestamp(f))
                    return make_int32(static_cast<int32_t>(val.as_int() / logical::kMillisPerDay));
                return make_int32(static_cast<int32_t>(detail::as_long(f, val, to)));
            }
            if (logical::is_time(to)) {
                reparse(f, val, holder);
                if (logical::is_time(f)) return make_int32(static_cast<int32_t>(val.as_int()));
                if (logical::is_timestamp(f))
                    return make_int32(static_cast<int32_t>(
                        logical::floor_mod(val.as_int(), logical::kMillisPerDay)));
                return make_int32(static_cast<int32_t>(detail::as_long(f, val, to)));
            }
            return make_int32(static_cast<int32_t>(detail::as_long(from, v, to)));
        }
        case Type::Int64: {
            if (logical::is_timestamp(to)) {
                SchemaView f = from;
                ValueView val = v;
                SchemaAndValue holder;
                reparse(f, val, holder);
                if (logical::is_date(f))
                    return make_int64(
                        logical::millis_from_date(static_cast<int32_t>(val.as_int())));
                return make_int64(detail::as_long(f, val, to));
            }
            return make_int64(detail::as_long(from, v, to));
        }
        case Type::Float32:
            if (v.tag() == KC_VAL_FLOAT32) return *v.raw();
            return make_float32(static_cast<float>(detail::as_double(from, v, to)));
        case Type::Float64:
            if (v.tag() == KC_VAL_FLOAT64) return *v.raw();
            return make_float64(detail::as_double(from, v, to));
        case Type::Array:
        case Type::Map: {
            kc_value_tag want = to.type() == Type::Array ? KC_VAL_ARRAY : KC_VAL_MAP;
            if (v.tag() == want) return *v.raw();
            if (v.tag() == KC_VAL_STRING) {
                SchemaAndValue p = parse_string(a, v.as_string());
                if (p.value.tag == want) return p.value;
            }
            break;
        }
        case Type::Struct:
            if (v.tag() == KC_VAL_STRUCT) return *v.raw();
            break;
    }
    detail::unable(from, v, detail::describe_schema(to));
}

// Java's convertTo<X> family; each returns a null value for a null input.
template <class Alloc>
kc_value convert_to_boolean(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_boolean(), from, v);
}
template <class Alloc>
kc_value convert_to_byte(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_int8(), from, v);
}
template <class Alloc>
kc_value convert_to_short(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_int16(), from, v);
}
template <class Alloc>
kc_value convert_to_integer(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_int32(), from, v);
}
template <class Alloc>
kc_value convert_to_long(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_int64(), from, v);
}
template <class Alloc>
kc_value convert_to_float(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_float32(), from, v);
}
template <class Alloc>
kc_value convert_to_double(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_float64(), from, v);
}
template <class Alloc>
kc_value convert_to_string(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, schemas::optional_string(), from, v);
}
namespace detail {
inline const Schema& list_selector() {
    static const Schema s = SchemaBuilder::array(schemas::string()).optional().build();
    return s;
}
inline const Schema& map_selector() {
    static const Schema s =
        SchemaBuilder::map(schemas::string(), schemas::string()).optional().build();
    return s;
}
inline const Schema& struct_selector() {
    static const Schema s = SchemaBuilder::struct_().optional().build();
    return s;
}
}  // namespace detail
template <class Alloc>
kc_value convert_to_list(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, detail::list_selector(), from, v);
}
template <class Alloc>
kc_value convert_to_map(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, detail::map_selector(), from, v);
}
template <class Alloc>
kc_value convert_to_struct(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, detail::struct_selector(), from, v);
}
// Java's Decimal/Date/Time/Timestamp targets are required: a null input throws.
template <class Alloc>
kc_value convert_to_decimal(Alloc& a, SchemaView from, ValueView v, int32_t scale) {
    return convert_to(a, logical::decimal_schema(scale), from, v);
}
template <class Alloc>
kc_value convert_to_date(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, logical::date_schema(), from, v);
}
template <class Alloc>
kc_value convert_to_time(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, logical::time_schema(), from, v);
}
template <class Alloc>
kc_value convert_to_timestamp(Alloc& a, SchemaView from, ValueView v) {
    return convert_to(a, logical::timestamp_schema(), from, v);
}

// ---------------------------------------------------------------------------
// Parsing a string into the most specific type (Java Values.parseString)
// ---------------------------------------------------------------------------

namespace detail {

// Java's Values.Parser: a tokenizer that splits on unescaped : , { } [ ] "
// (each delimiter its own token) with mark/rewind.
class Parser {
  public:
    explicit Parser(std::string_view s) : s_(s) {}

    std::string_view original() const { return s_; }
    size_t position() const { return pos_; }
    size_t mark() const { return pos_ - (next_ ? next_->size() : 0); }
    void rewind_to(size_t p) {
        pos_ = p;
        next_.reset();
        previous_.reset();
    }
    bool has_next() const { return next_.has_value() || pos_ < s_.size(); }
    std::string_view next() {
        if (next_) {
            previous_ = next_;
            next_.reset();
        } else {
            previous_ = consume();
        }
        return *previous_;
    }
    // The text of the next n tokens, or nullopt (and no change) if there are fewer.
    std::optional<std::string_view> next(int n) {
        size_t start = mark();
        for (int i = 0; i < n; ++i) {
            if (!has_next()) {
                rewind_to(start);
                return std::nullopt;
            }
            next();
        }
        return s_.substr(start, pos_ - start);
    }
    std::optional<std::string_view> previous() const { return previous_; }
    bool can_consume(std::string_view expected) {
        if (is_next(expected)) {
            next_.reset();
            return true;
        }
        return false;
    }

  private:
    bool is_next(std::string_view expected) {
        if (!next_) {
            if (!has_next()) return false;
            next_ = consume();
        }
        while (trim(*next_).empty() && pos_ < s_.size())
            next_ = consume();
        return trim(*next_) == expected;
    }
    std::string_view consume() {
        bool escaped = false;
        size_t start = pos_;
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            switch (c) {
                case '\\':
                    escaped = !escaped;
                    break;
                case ':':
                case ',':
                case '{':
                case '}':
                case '[':
                case ']':
                case '"':
                    if (!escaped) {
                        if (start < pos_) return s_.substr(start, pos_ - start);
                        ++pos_;
                        return s_.substr(start, 1);
                    }
                    escaped = false;
                    break;
                default:
                    escaped = false;
                    break;
            }
            ++pos_;
        }
        return s_.substr(start, pos_ - start);
    }

    std::string_view s_;
    size_t pos_ = 0;
    std::optional<std::string_view> next_;
    std::optional<std::string_view> previous_;
};

// Java's "null SchemaAndValue" (no token, or the literal null) is present=false.
struct Parsed {
    bool present = false;
    SchemaAndValue sv;
};

inline std::optional<SchemaAndValue> parse_temporal(std::string_view token) {
    std::string t;
    for (size_t i = 0; i < token.size(); ++i) {  // escaped colons: "\:" -> ":"
        if (token[i] == '\\' && i + 1 < token.size() && token[i + 1] == ':') continue;
        t.push_back(token[i]);
    }
    SchemaAndValue r;
    if (t.size() == 13) {
        if (auto ms = logical::parse_iso_time(t)) {
            r.schema = logical::time_schema().raw();
            r.value = make_int32(static_cast<int32_t>(*ms));
            return r;
        }
    } else if (t.size() == 24) {
        if (auto ms = logical::parse_iso_timestamp(t)) {
            r.schema = logical::timestamp_schema().raw();
            r.value = make_int64(*ms);
            return r;
        }
    } else if (t.size() == 10) {
        if (auto ms = logical::parse_iso_date(t)) {
            r.schema = logical::date_schema().raw();
            r.value = make_int32(static_cast<int32_t>(*ms / logical::kMillisPerDay));
            return r;
        }
    }
    return std::nullopt;
}

// BigDecimal -> the narrowest of int8..int64, else float32/float64, else Decimal.
template <class Alloc>
std::optional<SchemaAndValue> parse_number(Alloc& a, std::string_view token) {
    auto t = logical::parse_decimal(token);
    if (!t) return std::nullopt;
    SchemaAndValue r;
    if (auto whole = logical::rescale_exact(*t, 0); whole && whole->digits.size() <= 19) {
        uint64_t mag = std::stoull(whole->digits);
        bool fits = whole->negative ? mag <= uint64_t(INT64_MAX) + 1 : mag <= uint64_t(INT64_MAX);
        if (fits) {
            int64_t v = whole->negative ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
            if (v >= INT8_MIN && v <= INT8_MAX) {
                r.schema = schemas::int8().raw();
                r.value = make_int8(static_cast<int8_t>(v));
            } else if (v >= INT16_MIN && v <= INT16_MAX) {
                r.schema = schemas::int16().raw();
                r.value = make_int16(static_cast<int16_t>(v));
            } else if (v >= INT32_MIN && v <= INT32_MAX) {
                r.schema = schemas::int32().raw();
                r.value = make_int32(static_cast<int32_t>(v));
            } else {
                r.schema = schemas::int64().raw();
                r.value = make_int64(v);
            }
            return r;
        }
    }
    std::string text(token);
    if (t->scale != 0) {
        float f = std::strtof(text.c_str(), nullptr);
        if (!std::isinf(f)) {
            r.schema = schemas::float32().raw();
            r.value = make_float32(f);
            return r;
        }
        double d = std::strtod(text.c_str(), nullptr);
        if (!std::isinf(d)) {
            r.schema = schemas::float64().raw();
            r.value = make_float64(d);
            return r;
        }
    }
    r.schema = logical::decimal_schema(t->scale).raw();
    r.value = make_bytes(a, logical::decimal_bytes(*t));
    return r;
}

// Java Values.commonSchemaFor: the schema every element can be converted to, or NULL.
inline const kc_schema* common_schema(const kc_schema* previous, const Parsed& latest) {
    if (!latest.present) return previous;
    if (!previous) return latest.sv.schema;
    const kc_schema* next = latest.sv.schema;
    if (!next) return nullptr;
    Type pt = static_cast<Type>(previous->type), nt = static_cast<Type>(next->type);
    auto rank = [](Type t) -> int {
        switch (t) {
            case Type::Int8:
                return 0;
            case Type::Int16:
                return 1;
            case Type::Int32:
                return 2;
            case Type::Int64:
                return 3;
            case Type::Float32:
                return 4;
            case Type::Float64:
                return 5;
            default:
                return -1;
        }
    };
    if (pt != nt) {
        int rp = rank(pt), rn = rank(nt);
        if (rp < 0 || rn < 0) return nullptr;
        return rn > rp ? next : previous;
    }
    if (previous->optional == next->optional) return previous->optional ? previous : next;
    return schema_equals(previous, next) ? previous : nullptr;
}

// Java Values.convertTo(schema, null, value) as used to align container entries.
template <class Alloc>
kc_value align(Alloc& a, const kc_schema* to, const Parsed& p) {
    if (!p.present || p.sv.value.tag == KC_VAL_NULL) {
        if (to->optional) return make_null();
        throw DataException("Unable to convert a null value to a schema that requires a value");
    }
    // Java keeps a java.util.Date as it is for temporal targets and cannot turn
    // one into a plain number.
    if (logical::is_temporal(p.sv.schema) && !logical::is_temporal(to))
        unable(p.sv.schema, &p.sv.value, describe_schema(to));
    if (to->type == KC_TYPE_ARRAY || to->type == KC_TYPE_MAP || to->type == KC_TYPE_STRUCT)
        return p.sv.value;
    return convert_to(a, to, p.sv.schema, &p.sv.value);
}

template <class Alloc>
class StringParser {
  public:
    StringParser(Alloc& a, std::string_view text) : a_(a), p_(text) {}

    Parsed parse(bool embedded, int depth = 0) {
        if (depth > 64) throw DataException("Value is nested too deeply");
        if (!p_.has_next()) return {};
        if (embedded && p_.can_consume("\"")) {
            std::string content;
            while (p_.has_next()) {
                if (p_.can_consume("\"")) break;
                content += p_.next();
            }
            // Quoted literals may still be temporal; anything else is a string.
            SchemaAndValue inner = parse_string(a_, content);
            if (logical::is_temporal(inner.schema)) return {true, inner};
            return {true, {schemas::string().raw(), make_string(a_, content)}};
        }
        if (single_literal(embedded, "null")) return {};
        if (single_literal(embedded, "true"))
            return {true, {schemas::boolean().raw(), make_bool(true)}};
        if (single_literal(embedded, "false"))
            return {true, {schemas::boolean().raw(), make_bool(false)}};

        size_t start = p_.mark();
        try {
            if (p_.can_consume("[")) return parse_array(depth);
            if (p_.can_consume("{")) return parse_map(depth);
        } catch (const DataException&) {
            p_.rewind_to(start);  // not a container after all: read it as text below
        }

        std::string_view raw = p_.next();
        if (kc::trim(raw).empty()) return {true, {schemas::string().raw(), make_string(a_, raw)}};
        std::string_view token = kc::trim(raw);
        char first = token[0];
        bool digit = first >= '0' && first <= '9';
        if (digit) {
            // Times and timestamps span five tokens, their colons being delimiters.
            size_t position = p_.mark();
            if (auto rest = p_.next(4)) {
                std::string joined(token);
                joined += *rest;
                if (auto t = parse_temporal(joined)) return {true, *t};
            }
            p_.rewind_to(position);
            if (auto t = parse_temporal(token)) return {true, *t};
        }
        if (digit || first == '+' || first == '-')
            if (auto n = parse_number(a_, token)) return {true, *n};
        if (embedded) throw DataException("Failed to parse embedded value");
        return {true, {schemas::string().raw(), make_string(a_, p_.original())}};
    }

  private:
    bool single_literal(bool embedded, std::string_view literal) {
        size_t start = p_.mark();
        if (p_.can_consume(literal) && (embedded || !p_.has_next())) return true;
        p_.rewind_to(start);
        return false;
    }

    Parsed parse_array(int depth) {
        std::vector<Parsed> items;
        const kc_schema* element = nullptr;
        while (p_.has_next()) {
            if (p_.can_consume("]")) {
                SchemaAndValue r;
                kc_value* out = alloc_values(a_, items.size());
                if (element) {
                    for (size_t i = 0; i < items.size(); ++i)
                        out[i] = align(a_, element, items[i]);
                } else {
                    for (size_t i = 0; i < items.size(); ++i)
                        out[i] = items[i].present ? items[i].sv.value : make_null();
                }
                r.schema = array_schema(a_, element);
                r.value.tag = KC_VAL_ARRAY;
                r.value.u.array.items = out;
                r.value.u.array.count = items.size();
                return {true, r};
            }
            if (p_.can_consume(","))
                throw DataException("Unable to parse an empty array element: " +
                                    std::string(p_.original()));
            Parsed e = parse(true, depth + 1);
            element = common_schema(element, e);
            items.push_back(e);
            size_t here = p_.mark();
            if (p_.can_consume("]"))
                p_.rewind_to(here);
            else if (!p_.can_consume(","))
                throw DataException("Array elements missing ',' delimiter");
        }
        if (p_.previous() == std::string_view(","))
            throw DataException("Array is missing element after ',': " +
                                std::string(p_.original()));
        throw DataException("Array is missing terminating ']': " + std::string(p_.original()));
    }

    Parsed parse_map(int depth) {
        std::vector<std::pair<Parsed, Parsed>> entries;
        const kc_schema* ks = nullptr;
        const kc_schema* vs = nullptr;
        while (p_.has_next()) {
            if (p_.can_consume("}")) {
                SchemaAndValue r;
                auto* out = static_cast<kc_map_entry*>(
                    a_.allocate(sizeof(kc_map_entry) * entries.size(), alignof(kc_map_entry)));
                for (size_t i = 0; i < entries.size(); ++i) {
                    out[i].key = ks ? align(a_, ks, entries[i].first) : entries[i].first.sv.value;
                    out[i].value = ks && vs
                                       ? align(a_, vs, entries[i].second)
                                       : (entries[i].second.present ? entries[i].second.sv.value
                                                                    : make_null());
                }
                r.schema = map_schema(a_, ks, ks ? vs : nullptr);
                r.value.tag = KC_VAL_MAP;
                r.value.u.map.entries = out;
                r.value.u.map.count = entries.size();
                return {true, r};
            }
            if (p_.can_consume(","))
                throw DataException("Unable to parse a map entry with no key or value: " +
                                    std::string(p_.original()));
            Parsed key = parse(true, depth + 1);
            if (!key.present || key.sv.value.tag == KC_VAL_NULL)
                throw DataException("Map entry may not have a null key: " +
                                    std::string(p_.original()));
            if (!p_.can_consume(":"))
                throw DataException("Map entry is missing ':' at " + std::to_string(p_.position()) +
                                    " in " + std::string(p_.original()));
            Parsed value = parse(true, depth + 1);
            // A repeated key replaces the earlier entry's value, in its place.
            bool replaced = false;
            for (auto& e : entries)
                if (value_equals(&e.first.sv.value, &key.sv.value)) {
                    e.second = value;
                    replaced = true;
                    break;
                }
            if (!replaced) entries.emplace_back(key, value);
            p_.can_consume(",");
            ks = common_schema(ks, key);
            vs = common_schema(vs, value);
        }
        if (p_.previous() == std::string_view(","))
            throw DataException("Map is missing element after ',': " + std::string(p_.original()));
        throw DataException("Map is missing terminating '}': " + std::string(p_.original()));
    }

    Alloc& a_;
    Parser p_;
};

}  // namespace detail

// Parses text as SimpleHeaderConverter reads a header: "" stays a string;
// null/true/false literals; [..] arrays and {..} maps (with an element schema
// when all elements share one); ISO times, timestamps and dates; the narrowest
// integer type, then float32/float64, then Decimal; anything else a string.
// Returns a null schema and value for the literal "null".
template <class Alloc>
SchemaAndValue parse_string(Alloc& a, std::string_view text) {
    if (text.empty()) return {schemas::string().raw(), make_string_ref({})};
    detail::StringParser<Alloc> parser(a, text);
    detail::Parsed p = parser.parse(false);
    return p.present ? p.sv : SchemaAndValue{};
}

}  // namespace kc::values
