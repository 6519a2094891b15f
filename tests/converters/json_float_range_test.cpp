// JsonConverter reading floats and doubles at the ends of their range, as
// Java does (Jackson reads the number exactly, BigDecimal.floatValue /
// doubleValue round it): below the smallest subnormal is ±0.0, beyond the
// largest finite value ±Infinity (even where RapidJSON alone would refuse the
// text), everything between correctly rounded.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "host/converters/json_converter.hpp"
#include "kc/java_float.hpp"
#include "kc/testing.hpp"

using namespace kc;
using kc::host::converters::JsonCodec;
using kc::host::converters::JsonSettings;

namespace {

struct Reader {
    testing::TestHost host;
    Arena arena = host.arena();
    JsonCodec codec;
    explicit Reader(bool schemas = true) : codec(JsonSettings{.schemas_enable = schemas}) {}

    kc_value read(std::string_view type, std::string_view number) {
        std::string json = R"({"schema":{"type":")" + std::string(type) +
                           R"(","optional":false},"payload":)" + std::string(number) + "}";
        return codec.deserialize(json, arena).value;
    }
    kc_value read_schemaless(std::string_view number) {
        return codec.deserialize(number, arena).value;
    }
};

// Same value and the same sign (0.0 and -0.0 differ).
template <class T>
void same(T got, T want) {
    CHECK(got == want);
    CHECK(std::signbit(got) == std::signbit(want));
}

}  // namespace

TEST_CASE("float32: below the smallest subnormal is a signed zero, not Infinity") {
    Reader r;
    const float tiny = std::numeric_limits<float>::denorm_min();
    same(r.read("float", "1e-46").u.f, 0.0);
    same(r.read("float", "-1e-46").u.f, -0.0);
    same(r.read("float", "7e-46").u.f, 0.0);  // under half of the smallest subnormal
    same(r.read("float", "7.1e-46").u.f, double(tiny));
    same(r.read("float", "1.4e-45").u.f, double(tiny));
    same(r.read("float", "-1.4e-45").u.f, -double(tiny));
    same(r.read("float", "0.00000000000000000000000000000000000000000000000001").u.f, 0.0);
    same(r.read("float", "3.4028235e38").u.f, double(std::numeric_limits<float>::max()));
    same(r.read("float", "3.5e38").u.f, double(HUGE_VALF));
    same(r.read("float", "-1e39").u.f, -double(HUGE_VALF));
}

TEST_CASE("float64: below the smallest subnormal is a signed zero, not Infinity") {
    Reader r;
    const double tiny = std::numeric_limits<double>::denorm_min();
    same(r.read("double", "1e-324").u.f, 0.0);
    same(r.read("double", "-1e-324").u.f, -0.0);
    same(r.read("double", "2.4e-324").u.f, 0.0);
    same(r.read("double", "2.5e-324").u.f, tiny);
    same(r.read("double", "4.9e-324").u.f, tiny);
    same(r.read("double", "-4.9e-324").u.f, -tiny);
    same(r.read("double", "1.7976931348623157e308").u.f, std::numeric_limits<double>::max());
}

// RapidJSON refuses these before any handler sees them ("Number too big");
// Jackson reads them and Java's JsonConverter makes them ±Infinity.
TEST_CASE("above double's range: ±Infinity, where the JSON parser alone would refuse the text") {
    Reader r;
    same(r.read("double", "1.7976931348623158e308").u.f, std::numeric_limits<double>::max());
    same(r.read("double", "1.7976931348623159e308").u.f, HUGE_VAL);
    same(r.read("double", "1e309").u.f, HUGE_VAL);
    same(r.read("double", "-1e309").u.f, -HUGE_VAL);
    same(r.read("double", "1E+400").u.f, HUGE_VAL);
    same(r.read("double", "-0.5e99999999999").u.f, -HUGE_VAL);
    same(r.read("double", "1" + std::string(400, '0')).u.f, HUGE_VAL);
    same(r.read("double", "0e400").u.f, 0.0);
    same(r.read("double", "1e-400").u.f, 0.0);
    same(r.read("float", "3.4028235677973366e38").u.f, double(std::numeric_limits<float>::max()));
    same(r.read("float", "3.4028235677973367e38").u.f, double(HUGE_VALF));
    same(r.read("float", "1e309").u.f, double(HUGE_VALF));
    same(r.read("float", "-1e309").u.f, -double(HUGE_VALF));

    // Everything around such a number reads as before: escaped strings (decoded
    // in place), the numbers before and after it, a string that looks like one.
    testing::TestHost host;
    Arena arena = host.arena();
    JsonCodec codec(JsonSettings{.schemas_enable = true});
    const std::string json = R"({"schema":{"type":"struct","optional":false,"fields":[)"
                             R"({"field":"s","type":"string","optional":false},)"
                             R"({"field":"a","type":"int32","optional":false},)"
                             R"({"field":"d","type":"double","optional":false},)"
                             R"({"field":"f","type":"float","optional":false},)"
                             R"({"field":"b","type":"double","optional":false},)"
                             R"({"field":"t","type":"string","optional":false}]},)"
                             R"("payload":{"s":"q\"1e999\\","a":-12345,"d":-1e400,"f":1e39,)"
                             R"("b":2.5e-3,"t":"1e400"}})";
    for (int round = 0; round < 2; ++round) {  // the retried parse leaves no state behind
        kc_value v = codec.deserialize(json, arena).value;
        REQUIRE(v.tag == KC_VAL_STRUCT);
        const kc_value* f = v.u.strct.fields;
        CHECK(sv(f[0].u.str) == "q\"1e999\\");
        CHECK(f[1].u.i == -12345);
        same(f[2].u.f, -HUGE_VAL);
        same(f[3].u.f, double(HUGE_VALF));
        same(f[4].u.f, 2.5e-3);
        CHECK(sv(f[5].u.str) == "1e400");
    }
    CHECK(codec.deserialize(R"({"schema":{"type":"int32","optional":false},"payload":7})", arena)
              .value.u.i == 7);
}

TEST_CASE("above double's range, schemaless: ±Infinity; malformed text still refused") {
    Reader plain(false);
    same(plain.read_schemaless("1e309").u.f, HUGE_VAL);
    same(plain.read_schemaless("-1e309").u.f, -HUGE_VAL);
    kc_value v = plain.read_schemaless(R"({"k1e999":[1e999,-7,"2e999",-1e400,1e-400,0.25]})");
    REQUIRE(v.tag == KC_VAL_MAP);
    REQUIRE(v.u.map.count == 1);
    CHECK(sv(v.u.map.entries[0].key.u.str) == "k1e999");
    const kc_value& a = v.u.map.entries[0].value;
    REQUIRE(a.u.array.count == 6);
    same(a.u.array.items[0].u.f, HUGE_VAL);
    CHECK(a.u.array.items[1].u.i == -7);
    CHECK(sv(a.u.array.items[2].u.str) == "2e999");
    same(a.u.array.items[3].u.f, -HUGE_VAL);
    same(a.u.array.items[4].u.f, 0.0);
    same(a.u.array.items[5].u.f, 0.25);
    // An integer of 400 digits: int64 cannot hold it, as for 20 digits.
    CHECK_THROWS_WITH_AS(plain.read_schemaless("[" + std::string(400, '9') + "]"),
                         doctest::Contains("does not fit in int64 (field \"[0]\", offset 1)"),
                         DataException);
    // Malformed JSON after the big number is refused, with its own offset.
    CHECK_THROWS_WITH_AS(plain.read_schemaless("[1e309,01]"), doctest::Contains("(at offset 8)"),
                         DataException);
    CHECK_THROWS_WITH_AS(plain.read_schemaless("[1e309,1.e5]"), doctest::Contains("(at offset 9)"),
                         DataException);
    CHECK_THROWS_WITH_AS(plain.read_schemaless("[1e309"), doctest::Contains("at offset 6"),
                         DataException);
}

TEST_CASE("schemaless doubles: ±0.0 below the range") {
    Reader plain(false);
    same(plain.read_schemaless("1e-400").u.f, 0.0);
    same(plain.read_schemaless("-1e-400").u.f, -0.0);
    Reader envelope;  // {"schema":null,...}: the same inference
    auto v =
        envelope.codec.deserialize(R"({"schema":null,"payload":[-1e-400,1e-400]})", envelope.arena)
            .value;
    REQUIRE(v.u.array.count == 2);
    same(v.u.array.items[0].u.f, -0.0);
    same(v.u.array.items[1].u.f, 0.0);
}

TEST_CASE("parse_java_float: the magnitude of out-of-range text, with or without exponent") {
    double d = 1;
    CHECK(parse_java_float("0.0000e-400", d));
    same(d, 0.0);
    CHECK(parse_java_float(std::string(400, '9'), d));
    same(d, HUGE_VAL);
    CHECK(parse_java_float("-0." + std::string(400, '0') + "1", d));
    same(d, -0.0);
    CHECK(parse_java_float("1" + std::string(400, '0') + "e-390", d));  // 1e10
    same(d, 1e10);
    CHECK(parse_java_float("1e-400" + std::string(""), d));
    same(d, 0.0);
    CHECK_FALSE(parse_java_float("1e400x", d));
}
