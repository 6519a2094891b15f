#include "java_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace kc_file {
namespace {

// Java's Double/Float.toString: shortest round-trip digits, plain notation for
// 1e-3 <= |x| < 1e7, else d.dddE<exp>; always at least one fractional digit.
template <class F>
void append_java_floating(std::string& out, F x) {
    if (std::isnan(x)) {
        out += "NaN";
        return;
    }
    if (std::isinf(x)) {
        out += x > 0 ? "Infinity" : "-Infinity";
        return;
    }
    if (x == 0) {
        out += std::signbit(x) ? "-0.0" : "0.0";
        return;
    }
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string_view sci(buf, r.ptr - buf);
    if (sci.front() == '-') {
        out += '-';
        sci.remove_prefix(1);
    }
    size_t e = sci.find('e');
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(),
                    exponent);
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.') digits += c;
    double magnitude = std::fabs(static_cast<double>(x));
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            size_t whole = static_cast<size_t>(exponent) + 1;
            if (digits.size() < whole) digits.append(whole - digits.size(), '0');
            out.append(digits, 0, whole);
            out += '.';
            out += digits.size() > whole ? digits.substr(whole) : "0";
        } else {
            out += "0.";
            out.append(static_cast<size_t>(-exponent - 1), '0');
            out += digits;
        }
    } else {
        out += digits[0];
        out += '.';
        out += digits.size() > 1 ? digits.substr(1) : "0";
        out += 'E';
        out += std::to_string(exponent);
    }
}

void append_int(std::string& out, int64_t i) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

}  // namespace

void append_java_string(std::string& out, const kc_value& v) {
    switch (static_cast<kc_value_tag>(v.tag)) {
        case KC_VAL_NULL:
            out += "null";
            break;
        case KC_VAL_INT8:
        case KC_VAL_INT16:
        case KC_VAL_INT32:
        case KC_VAL_INT64:
            append_int(out, v.u.i);
            break;
        case KC_VAL_FLOAT32:
            append_java_floating(out, static_cast<float>(v.u.f));
            break;
        case KC_VAL_FLOAT64:
            append_java_floating(out, v.u.f);
            break;
        case KC_VAL_BOOLEAN:
            out += v.u.b ? "true" : "false";
            break;
        case KC_VAL_STRING:
        case KC_VAL_BYTES:
            // Java would print a byte[] as its identity ("[B@1f2a"); the raw
            // bytes are what a user of a file sink can actually use.
            out.append(v.u.str.ptr ? v.u.str.ptr : "", v.u.str.len);
            break;
        case KC_VAL_ARRAY:
            out += '[';
            for (size_t i = 0; i < v.u.array.count; ++i) {
                if (i) out += ", ";
                append_java_string(out, v.u.array.items[i]);
            }
            out += ']';
            break;
        case KC_VAL_MAP:
            out += '{';
            for (size_t i = 0; i < v.u.map.count; ++i) {
                if (i) out += ", ";
                append_java_string(out, v.u.map.entries[i].key);
                out += '=';
                append_java_string(out, v.u.map.entries[i].value);
            }
            out += '}';
            break;
        case KC_VAL_STRUCT: {
            out += "Struct{";
            const kc_schema* s = v.u.strct.schema;
            bool first = true;
            for (size_t i = 0; s && i < s->field_count; ++i) {
                const kc_value& f = v.u.strct.fields[i];
                if (f.tag == KC_VAL_NULL) continue;
                if (!first) out += ',';
                first = false;
                out.append(s->fields[i].name.ptr ? s->fields[i].name.ptr : "",
                           s->fields[i].name.len);
                out += '=';
                append_java_string(out, f);
            }
            out += '}';
            break;
        }
    }
}

}  // namespace kc_file
