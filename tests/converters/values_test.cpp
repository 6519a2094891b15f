// kc::values: Java Values semantics (parseString, convertTo*, inferSchema and
// the string form SimpleHeaderConverter writes).
#include <doctest/doctest.h>

#include "kc/testing.hpp"
#include "kc/values.hpp"

using namespace kc;
namespace vl = kc::values;
namespace lg = kc::logical;

namespace {
struct Fixture {
    testing::TestHost host;
    Arena arena = host.arena();

    vl::SchemaAndValue parse(std::string_view s) { return vl::parse_string(arena, s); }
    std::string type_of(std::string_view s) {
        auto r = parse(s);
        if (!r.schema) return "null";
        std::string t(type_name(static_cast<Type>(r.schema->type)));
        if (r.schema->name.len) t += ":" + std::string(sv(r.schema->name)).substr(30);
        return t;
    }
    std::string round(std::string_view s) {
        auto r = parse(s);
        return vl::to_string(r.schema, &r.value);
    }
};
}  // namespace

TEST_CASE_FIXTURE(Fixture, "parse_string picks the most specific type") {
    CHECK(type_of("") == "string");
    CHECK(type_of("null") == "null");
    CHECK(type_of("true") == "boolean");
    CHECK(type_of(" false ") == "boolean");
    CHECK(type_of("true}") == "string");
    CHECK(type_of("42") == "int8");
    CHECK(type_of("-129") == "int16");
    CHECK(type_of("70000") == "int32");
    CHECK(type_of("5000000000") == "int64");
    CHECK(type_of("1.0") == "int8");  // an exact integer, as BigDecimal.byteValueExact
    CHECK(type_of("1.5") == "float32");
    CHECK(type_of("1e100") == "float64");
    CHECK(type_of("1e400") == "bytes:Decimal");
    CHECK(type_of("123456789012345678901234567890") == "bytes:Decimal");
    CHECK(type_of("2020-01-01") == "int32:Date");
    CHECK(type_of("12:34:56.789Z") == "int32:Time");
    CHECK(type_of("2020-01-01T12:34:56.789Z") == "int64:Timestamp");
    CHECK(type_of("abc") == "string");
    CHECK(type_of("1234567890") == "int32");  // ten digits are not a date
    CHECK(type_of("[1,2,3]") == "array");
    CHECK(type_of("{\"a\":1}") == "map");
    CHECK(type_of("[a,b]") == "string");  // unquoted words cannot be embedded
    CHECK(type_of("[1,") == "string");
    CHECK(type_of("{a:1}") == "string");
}

TEST_CASE_FIXTURE(Fixture, "parse_string values and container element schemas") {
    auto r = parse("[1,1000,70000]");
    REQUIRE(r.schema);
    REQUIRE(r.schema->value_schema);
    CHECK(r.schema->value_schema->type == KC_TYPE_INT32);  // widened to the common type
    REQUIRE(r.value.u.array.count == 3);
    CHECK(r.value.u.array.items[0].tag == KC_VAL_INT32);
    CHECK(r.value.u.array.items[2].u.i == 70000);
    CHECK(parse("[1,2]").schema == parse("[3,4]").schema);  // composed schemas are shared

    auto m = parse("{\"a\":1.5,\"b\":2}");
    REQUIRE(m.schema);
    CHECK(m.schema->key_schema->type == KC_TYPE_STRING);
    CHECK(m.schema->value_schema->type == KC_TYPE_FLOAT32);
    CHECK(m.value.u.map.entries[1].value.tag == KC_VAL_FLOAT32);
    CHECK(m.value.u.map.entries[1].value.u.f == 2.0);

    auto mixed = parse("[1,\"x\"]");
    REQUIRE(mixed.schema);
    CHECK(mixed.schema->value_schema == nullptr);  // no common element schema
    CHECK(parse("[]").value.u.array.count == 0);
    CHECK(type_of("[1,null]") == "string");  // Java: null cannot align with required int8

    auto d = parse("1e400");
    CHECK(lg::decimal_to_string(sv(d.value.u.str), lg::decimal_scale(d.schema)) == "1E+400");
    auto t = parse("2020-01-01T00:00:01.000Z");
    CHECK(t.value.u.i == 1577836801000LL);
    auto s = parse(" spaced ");
    CHECK(sv(s.value.u.str) == " spaced ");
    auto q = parse("[\"2020-01-01\",\"x,y\"]");
    CHECK(q.value.u.array.count == 2);
}

TEST_CASE_FIXTURE(Fixture, "string form round-trips through parse_string") {
    CHECK(round("[1,2,3]") == "[1,2,3]");
    CHECK(round("{\"a\":1,\"b\":\"x\"}") == "{\"a\":1,\"b\":\"x\"}");
    CHECK(round("2020-01-01T12:34:56.789Z") == "2020-01-01T12:34:56.789Z");
    CHECK(round("1.5") == "1.5");
    CHECK(round("true") == "true");
    kc_value str = make_string_ref("a\"b\\c");
    kc_value arr = make_array(arena, std::span<const kc_value>(&str, 1));
    CHECK(vl::to_string(nullptr, &arr) == "[\"a\\\"b\\\\c\"]");
    kc_value bytes = make_bytes_ref("foo");
    CHECK(vl::to_string(schemas::bytes(), &bytes) == "Zm9v");
    kc_value day = make_int32(18262);
    CHECK(vl::to_string(lg::date_schema(), &day) == "2020-01-01");
    kc_value noon = make_int32(43200000);
    CHECK(vl::to_string(lg::time_schema(), &noon) == "12:00:00.000Z");
    kc_value dbl = make_float64(1e10);
    CHECK(vl::to_string(nullptr, &dbl) == "1.0E10");
    kc_value flt = make_float32(0.1f);
    CHECK(vl::to_string(nullptr, &flt) == "0.1");
    Schema st = SchemaBuilder::struct_()
                    .field("a", schemas::int32())
                    .field("b", schemas::optional_string())
                    .build();
    StructBuilder<Arena> sb(arena, st);
    sb.put("a", make_int32(1));
    kc_value sv1 = sb.build();
    CHECK(vl::to_string(st, &sv1) == "{\"a\":1,\"b\":null}");
}

TEST_CASE_FIXTURE(Fixture, "convert_to follows Java Values.convertTo") {
    kc_value s42 = make_string_ref("42");
    CHECK(vl::convert_to_integer(arena, nullptr, &s42).u.i == 42);
    CHECK(vl::convert_to_long(arena, nullptr, &s42).tag == KC_VAL_INT64);
    kc_value s15 = make_string_ref("1.9");
    CHECK(vl::convert_to_long(arena, nullptr, &s15).u.i == 1);  // BigDecimal.longValue truncates
    CHECK(vl::convert_to_double(arena, nullptr, &s15).u.f == 1.9);
    kc_value big = make_int32(300);
    CHECK(vl::convert_to_byte(arena, nullptr, &big).u.i == 44);  // narrowing wraps as in Java
    kc_value strue = make_string_ref("true");
    CHECK(vl::convert_to_boolean(arena, nullptr, &strue).u.b);
    kc_value zero = make_int32(0);
    CHECK(!vl::convert_to_boolean(arena, nullptr, &zero).u.b);
    kc_value b = make_bool(true);
    CHECK_THROWS_WITH_AS(vl::convert_to_integer(arena, nullptr, &b),
                         doctest::Contains("Unable to convert true (boolean)"), DataException);
    kc_value nul = make_null();
    CHECK(vl::convert_to_integer(arena, nullptr, &nul).tag == KC_VAL_NULL);
    CHECK_THROWS_WITH_AS(vl::convert_to_date(arena, nullptr, &nul),
                         doctest::Contains("requires a value"), DataException);
    kc_value dbl = make_float64(3.99);
    CHECK(vl::convert_to_integer(arena, nullptr, &dbl).u.i == 3);
    CHECK(vl::convert_to_string(arena, nullptr, &dbl).u.str.len == 4);
    kc_value list = make_string_ref("[1,2]");
    CHECK(vl::convert_to_list(arena, nullptr, &list).tag == KC_VAL_ARRAY);
    CHECK_THROWS_AS(vl::convert_to_map(arena, nullptr, &list), DataException);
    CHECK_THROWS_AS(vl::convert_to_struct(arena, nullptr, &list), DataException);
}

TEST_CASE_FIXTURE(Fixture, "temporal and decimal conversions") {
    kc_value ts = make_int64(18262LL * lg::kMillisPerDay + 45296789);
    CHECK(vl::convert_to_date(arena, lg::timestamp_schema(), &ts).u.i == 18262);
    CHECK(vl::convert_to_time(arena, lg::timestamp_schema(), &ts).u.i == 45296789);
    CHECK(vl::convert_to_long(arena, lg::timestamp_schema(), &ts).u.i == ts.u.i);
    kc_value day = make_int32(1);
    CHECK(vl::convert_to_timestamp(arena, lg::date_schema(), &day).u.i == lg::kMillisPerDay);
    kc_value text = make_string_ref("2020-01-01");
    CHECK(vl::convert_to_date(arena, nullptr, &text).u.i == 18262);
    CHECK(vl::convert_to_timestamp(arena, nullptr, &text).u.i == 18262LL * lg::kMillisPerDay);
    kc_value ds = make_string_ref("12.5");
    kc_value dec = vl::convert_to_decimal(arena, nullptr, &ds, 2);
    CHECK(lg::decimal_to_string(sv(dec.u.str), 2) == "12.50");
    CHECK(vl::convert_to_double(arena, lg::decimal_schema(2), &dec).u.f == 12.5);
    CHECK(vl::convert_to_integer(arena, lg::decimal_schema(2), &dec).u.i == 12);
    CHECK(vl::to_string(lg::decimal_schema(2), &dec) == "12.50");
    kc_value i = make_int32(7);
    CHECK(lg::decimal_to_string(sv(vl::convert_to_decimal(arena, nullptr, &i, 1).u.str), 1) ==
          "7.0");
    CHECK_THROWS_AS(vl::convert_to_decimal(arena, nullptr, &ds, 0), DataException);
}

TEST_CASE_FIXTURE(Fixture, "infer_schema as Java Values.inferSchema") {
    kc_value i = make_int16(3);
    CHECK(vl::infer_schema(arena, &i) == schemas::int16().raw());
    kc_value items[] = {make_int32(1), make_null(), make_int32(2)};
    kc_value arr = make_array(arena, std::span<const kc_value>(items, 3));
    const kc_schema* s = vl::infer_schema(arena, &arr);
    REQUIRE(s);
    CHECK(s->type == KC_TYPE_ARRAY);
    CHECK(s->value_schema->type == KC_TYPE_INT32);
    CHECK(s->value_schema->optional);
    kc_value mixed[] = {make_int32(1), make_string_ref("x")};
    kc_value arr2 = make_array(arena, std::span<const kc_value>(mixed, 2));
    CHECK(vl::infer_schema(arena, &arr2) == nullptr);
    kc_value empty = make_array(arena, std::span<const kc_value>());
    CHECK(vl::infer_schema(arena, &empty) == nullptr);
}

TEST_CASE("Java number formatting") {
    auto d = [](double v) {
        std::string s;
        vl::append_java_double(s, v);
        return s;
    };
    CHECK(d(1.0) == "1.0");
    CHECK(d(100) == "100.0");
    CHECK(d(1e7) == "1.0E7");
    CHECK(d(1234567.5) == "1234567.5");
    CHECK(d(0.001) == "0.001");
    CHECK(d(0.0001) == "1.0E-4");
    CHECK(d(-0.0) == "-0.0");
    CHECK(d(12.34) == "12.34");
    CHECK(d(1.7976931348623157e308) == "1.7976931348623157E308");
    CHECK(d(std::nan("")) == "NaN");
    CHECK(d(-HUGE_VAL) == "-Infinity");
    std::string f;
    vl::append_java_float(f, 12.34f);
    CHECK(f == "12.34");
}

TEST_CASE("Base64 encodes and strictly decodes") {
    std::string s;
    vl::append_base64(s, "foob");
    CHECK(s == "Zm9vYg==");
    char out[8];
    CHECK(vl::base64_decode("Zm9vYg==", out) == 4u);
    CHECK(std::string_view(out, 4) == "foob");
    CHECK(!vl::base64_decode("Zm9vYg=", out));
    CHECK(!vl::base64_decode("Zm9v*g==", out));
    CHECK(!vl::base64_decode("Zm=vYg==", out));
}
