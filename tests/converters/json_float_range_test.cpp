// JsonConverter reading floats and doubles at the ends of their range, as
// Java does (Jackson reads the number exactly, BigDecimal.floatValue /
// doubleValue round it): below the smallest subnormal is ±0.0, beyond the
// largest finite value ±Infinity, everything between correctly rounded.
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

// Above double's range the JSON parser itself refuses the number (Jackson
// reads it): not covered here, see bench/README.md's issue 20 notes.
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
