// Logical types: schemas as Java builds them, decimal encodings and text,
// civil dates and the ISO forms.
#include <doctest/doctest.h>

#include "kc/logical.hpp"

using namespace kc;
namespace lg = kc::logical;

namespace {
std::string hex(std::string_view b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (unsigned char c : b) {
        s += d[c >> 4];
        s += d[c & 15];
    }
    return s;
}
}  // namespace

TEST_CASE("logical schemas carry Java's names, versions and the decimal scale") {
    SchemaView d = lg::decimal_schema(2);
    CHECK(d.type() == Type::Bytes);
    CHECK(d.name() == "org.apache.kafka.connect.data.Decimal");
    CHECK(d.version() == 1);
    CHECK(d.param("scale") == "2");
    CHECK(lg::decimal_scale(d) == 2);
    CHECK(lg::decimal_schema(2).raw() == d.raw());  // shared, not rebuilt
    CHECK(lg::decimal_schema(2, true).raw() != d.raw());
    CHECK(lg::is_date(lg::date_schema()));
    CHECK(lg::is_time(lg::time_schema()));
    CHECK(lg::is_timestamp(lg::timestamp_schema()));
    CHECK(lg::optional_date_schema().view().optional());
    CHECK_THROWS_WITH_AS(lg::decimal_scale(schemas::bytes()),
                         "Invalid Decimal schema: scale parameter not found.", DataException);
}

TEST_CASE("decimal unscaled bytes are minimal big-endian two's complement") {
    CHECK(hex(lg::decimal_from_string("1.56", 2)) == "009c");  // Java: BigInteger(156).toByteArray
    CHECK(hex(lg::decimal_from_string("-1.56", 2)) == "ff64");
    CHECK(hex(lg::decimal_from_string("0", 0)) == "00");
    CHECK(hex(lg::decimal_from_string("-1", 0)) == "ff");
    CHECK(hex(lg::decimal_from_string("127", 0)) == "7f");
    CHECK(hex(lg::decimal_from_string("128", 0)) == "0080");
    CHECK(hex(lg::decimal_from_string("-128", 0)) == "80");
    CHECK(hex(lg::decimal_from_string("-129", 0)) == "ff7f");
    CHECK(hex(lg::decimal_from_unscaled(INT64_MIN)) == "8000000000000000");
    CHECK(lg::decimal_unscaled_int64(lg::decimal_from_unscaled(INT64_MIN)) == INT64_MIN);
    CHECK(lg::decimal_unscaled_int64(std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff", 9)) == -1);
    CHECK(!lg::decimal_unscaled_int64(std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9)));
}

TEST_CASE("decimal text follows BigDecimal.toString and round-trips big values") {
    CHECK(lg::decimal_to_string(lg::decimal_from_string("10.2345", 4), 4) == "10.2345");
    CHECK(lg::decimal_to_string(lg::decimal_from_string("-0.001", 3), 3) == "-0.001");
    CHECK(lg::decimal_to_string(lg::decimal_from_unscaled(1), 10) == "1E-10");
    CHECK(lg::decimal_to_string(lg::decimal_from_unscaled(123), -2) == "1.23E+4");
    CHECK(lg::decimal_to_plain_string(lg::decimal_from_unscaled(123), -2) == "12300");
    CHECK(lg::decimal_to_plain_string(lg::decimal_from_unscaled(1), 10) == "0.0000000001");
    std::string big = "-123456789012345678901234567890123456789.123456789";
    CHECK(lg::decimal_to_string(lg::decimal_from_string(big, 9), 9) == big);
    CHECK_THROWS_WITH_AS(lg::decimal_from_string("1.234", 2), doctest::Contains("without rounding"),
                         DataException);
    CHECK_THROWS_AS(lg::decimal_from_string("abc", 2), DataException);
    CHECK(lg::decimal_to_string(lg::decimal_from_string("1.5", 3), 3) == "1.500");
}

TEST_CASE("decimal to and from int64 and double only when exact") {
    CHECK(lg::decimal_to_int64_exact(lg::decimal_from_string("42.00", 2), 2) == 42);
    CHECK(!lg::decimal_to_int64_exact(lg::decimal_from_string("42.5", 1), 1));
    CHECK(lg::decimal_to_int64_exact(lg::decimal_from_int64(-7, 3), 3) == -7);
    CHECK(lg::decimal_to_double(lg::decimal_from_string("0.1", 1), 1) == 0.1);
    CHECK(lg::decimal_to_string(lg::decimal_from_double(0.1, 2), 2) == "0.10");
    CHECK_THROWS_AS(lg::decimal_from_double(0.125, 2), DataException);
    CHECK_THROWS_AS(lg::decimal_from_double(std::nan(""), 2), DataException);
}

TEST_CASE("dates, times and timestamps convert like Java's logical types") {
    CHECK(lg::days_from_civil(1970, 1, 1) == 0);
    CHECK(lg::days_from_civil(2020, 1, 1) == 18262);
    auto c = lg::civil_from_days(-1);
    CHECK(c.year == 1969);
    CHECK(c.month == 12);
    CHECK(c.day == 31);
    CHECK(lg::date_from_millis(18262LL * lg::kMillisPerDay) == 18262);
    CHECK_THROWS_WITH_AS(lg::date_from_millis(1), doctest::Contains("Date type should not have"),
                         DataException);
    CHECK(lg::time_from_millis(1000) == 1000);
    CHECK_THROWS_AS(lg::time_from_millis(lg::kMillisPerDay), DataException);
    std::string s;
    lg::append_iso_timestamp(s, 1577882096789LL);
    CHECK(s == "2020-01-01T12:34:56.789Z");
    CHECK(lg::parse_iso_timestamp(s) == 1577882096789LL);
    CHECK(lg::parse_iso_date("2020-01-01") == 18262LL * lg::kMillisPerDay);
    CHECK(lg::parse_iso_date("2020-13-01") == lg::parse_iso_date("2021-01-01"));  // lenient
    CHECK(lg::parse_iso_time("12:34:56.789Z") == 45296789);
    CHECK(!lg::parse_iso_time("12:34:56.789"));
    CHECK(!lg::parse_iso_date("2020/01/01"));
}
