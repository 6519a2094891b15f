// StringConverter, ByteArrayConverter, the number converters and
// SimpleHeaderConverter: Kafka's byte forms, round trips and bad input.
#include <doctest/doctest.h>

#include "host/converters/byte_array_converter.hpp"
#include "host/converters/number_converters.hpp"
#include "host/converters/simple_header_converter.hpp"
#include "host/converters/string_converter.hpp"
#include "kc/logical.hpp"
#include "kc/testing.hpp"
#include "kc/utf8.hpp"

using namespace kc;
using namespace kc::host::converters;
namespace lg = kc::logical;

namespace {
struct Fixture {
    testing::TestHost host;
    Arena arena = host.arena();
};
std::string bytes_of(Bytes b) {
    return b ? std::string(*b) : std::string("<null>");
}
}  // namespace

TEST_CASE_FIXTURE(Fixture, "number converters write Kafka's big-endian forms") {
    NumberConverterImpl<NumberKind::Integer> i;
    kc_value v = make_int32(0x01020304);
    CHECK(bytes_of(i.from_connect(nullptr, &v, arena)) == std::string("\x01\x02\x03\x04", 4));
    auto back = i.to_connect(std::string_view("\x01\x02\x03\x04", 4), arena);
    CHECK(back.schema == schemas::optional_int32().raw());
    CHECK(back.value.u.i == 0x01020304);
    kc_value neg = make_int32(-2);
    CHECK(i.to_connect(i.from_connect(nullptr, &neg, arena), arena).value.u.i == -2);
    CHECK(!i.from_connect(nullptr, nullptr, arena));
    CHECK(i.to_connect(std::nullopt, arena).value.tag == KC_VAL_NULL);
    CHECK_THROWS_WITH_AS(i.to_connect(std::string_view("abc"), arena),
                         "Failed to deserialize integer: Size of data received by "
                         "IntegerDeserializer is not 4 (got 3 bytes)",
                         DataException);
    kc_value l = make_int64(1);
    CHECK_THROWS_WITH_AS(i.from_connect(nullptr, &l, arena),
                         "Failed to serialize to integer (was int64)", DataException);

    NumberConverterImpl<NumberKind::Long> lc;
    kc_value big = make_int64(INT64_MIN);
    CHECK(lc.to_connect(lc.from_connect(nullptr, &big, arena), arena).value.u.i == INT64_MIN);
    NumberConverterImpl<NumberKind::Short> sc;
    kc_value s = make_int16(-300);
    CHECK(bytes_of(sc.from_connect(nullptr, &s, arena)) == std::string("\xfe\xd4", 2));
    CHECK(sc.to_connect(std::string_view("\xfe\xd4", 2), arena).value.u.i == -300);
    NumberConverterImpl<NumberKind::Float> fc;
    kc_value f = make_float32(1.5f);
    CHECK(bytes_of(fc.from_connect(nullptr, &f, arena)) == std::string("\x3f\xc0\x00\x00", 4));
    CHECK(fc.to_connect(std::string_view("\x3f\xc0\x00\x00", 4), arena).value.u.f == 1.5);
    NumberConverterImpl<NumberKind::Double> dc;
    kc_value d = make_float64(-2.0);
    CHECK(bytes_of(dc.from_connect(nullptr, &d, arena)) ==
          std::string("\xc0\x00\x00\x00\x00\x00\x00\x00", 8));
    CHECK_THROWS_WITH_AS(dc.to_connect(std::string_view("1234"), arena),
                         doctest::Contains("Size of data received by Deserializer is not 8"),
                         DataException);
    NumberConverterImpl<NumberKind::Boolean> bc;
    kc_value t = make_bool(true);
    CHECK(bytes_of(bc.from_connect(nullptr, &t, arena)) == std::string("\x01", 1));
    CHECK(!bc.to_connect(std::string_view("\x00", 1), arena).value.u.b);
    CHECK_THROWS_WITH_AS(bc.to_connect(std::string_view("\x02", 1), arena),
                         doctest::Contains("Unexpected byte received by BooleanDeserializer: 2"),
                         DataException);
}

TEST_CASE_FIXTURE(Fixture, "ByteArrayConverter passes bytes through") {
    ByteArrayConverterImpl c;
    kc_value b = make_bytes_ref(std::string_view("\x00\xff", 2));
    CHECK(bytes_of(c.from_connect(schemas::bytes(), &b, arena)) == std::string("\x00\xff", 2));
    CHECK(!c.from_connect(nullptr, nullptr, arena));
    CHECK_THROWS_WITH_AS(c.from_connect(schemas::string(), &b, arena),
                         "Invalid schema type for ByteArrayConverter: STRING", DataException);
    kc_value s = make_string_ref("x");
    CHECK_THROWS_AS(c.from_connect(nullptr, &s, arena), DataException);
    auto back = c.to_connect(std::string_view("\x00\xff", 2), arena);
    CHECK(back.schema == schemas::optional_bytes().raw());
    CHECK(sv(back.value.u.str) == std::string_view("\x00\xff", 2));
    auto empty = c.to_connect(std::string_view(), arena);
    CHECK(empty.value.tag == KC_VAL_BYTES);
    CHECK(c.to_connect(std::nullopt, arena).value.tag == KC_VAL_NULL);
}

TEST_CASE_FIXTURE(Fixture, "StringConverter: toString forms, encodings, invalid UTF-8") {
    StringConverterImpl c;
    c.configure({}, false);
    kc_value s = make_string_ref("héllo");
    CHECK(bytes_of(c.from_connect(schemas::string(), &s, arena)) == "héllo");
    kc_value n = make_int32(42);
    CHECK(bytes_of(c.from_connect(schemas::int32(), &n, arena)) == "42");
    kc_value items[] = {make_int32(1), make_int32(2)};
    kc_value arr = make_array(arena, std::span<const kc_value>(items, 2));
    CHECK(bytes_of(c.from_connect(nullptr, &arr, arena)) == "[1, 2]");
    kc_value day = make_int32(0);
    CHECK(bytes_of(c.from_connect(lg::date_schema(), &day, arena)) ==
          "Thu Jan 01 00:00:00 UTC 1970");
    Schema st = SchemaBuilder::struct_()
                    .field("a", schemas::int32())
                    .field("b", schemas::optional_string())
                    .build();
    StructBuilder<Arena> sb(arena, st);
    sb.put("a", make_int32(1));
    kc_value sv1 = sb.build();
    CHECK(bytes_of(c.from_connect(st, &sv1, arena)) == "Struct{a=1}");
    auto back = c.to_connect(std::string_view("héllo"), arena);
    CHECK(back.schema == schemas::optional_string().raw());
    CHECK(sv(back.value.u.str) == "héllo");
    CHECK_THROWS_WITH_AS(c.to_connect(std::string_view("ab\xff"), arena),
                         "Invalid UTF-8 in string data at byte 2", DataException);

    c.configure({{"converter.encoding", "ISO-8859-1"}}, false);
    CHECK(bytes_of(c.from_connect(schemas::string(), &s, arena)) == "h\xe9llo");
    CHECK(sv(c.to_connect(std::string_view("h\xe9llo"), arena).value.u.str) == "héllo");
    CHECK_THROWS_AS(c.configure({{"converter.encoding", "EBCDIC"}}, false), ConfigException);
}

TEST_CASE_FIXTURE(Fixture, "SimpleHeaderConverter writes strings and parses them back") {
    SimpleHeaderConverter h;
    h.configure({});
    auto check = [&](SchemaView s, const kc_value& v, std::string_view text) {
        Bytes b = h.fromConnectHeader("t", "k", s, &v, arena);
        CHECK(bytes_of(b) == text);
        auto back = h.toConnectHeader("t", "k", b, arena);
        CHECK(value_equals(&back.value, &v));
    };
    check(schemas::int8(), make_int8(5), "5");
    check(schemas::boolean(), make_bool(true), "true");
    check(schemas::string(), make_string_ref("hello world"), "hello world");
    check(lg::date_schema(), make_int32(18262), "2020-01-01");
    check(lg::timestamp_schema(), make_int64(1577882096789LL), "2020-01-01T12:34:56.789Z");
    check(schemas::float32(), make_float32(2.5f), "2.5");
    kc_value items[] = {make_int8(1), make_int8(2)};
    check(SchemaBuilder::array(schemas::int8()).build(),
          make_array(arena, std::span<const kc_value>(items, 2)), "[1,2]");
    kc_map_entry es[] = {{make_string_ref("a"), make_string_ref("b")}};
    check(nullptr, make_map(arena, std::span<const kc_map_entry>(es, 1)), "{\"a\":\"b\"}");
    CHECK(!h.fromConnectHeader("t", "k", nullptr, nullptr, arena));
    CHECK(h.toConnectHeader("t", "k", std::nullopt, arena).schema == nullptr);
    auto empty = h.toConnectHeader("t", "k", std::string_view(""), arena);
    CHECK(empty.schema == schemas::string().raw());
    auto bad = h.toConnectHeader("t", "k", std::string_view("\xff\xfe"), arena);
    CHECK(bad.schema == schemas::bytes().raw());  // unparseable: kept as bytes
    CHECK(sv(bad.value.u.str) == "\xff\xfe");
}

TEST_CASE("invalid_utf8_offset finds the first bad byte wherever it falls") {
    using kc::invalid_utf8_offset;
    // Every length and position around the 8- and 32-byte steps and the
    // overlapping tail word.
    for (size_t len = 0; len <= 80; ++len) {
        const std::string ascii(len, 'a');
        CHECK(!invalid_utf8_offset(ascii));
        for (size_t at = 0; at < len; ++at) {
            std::string bad = ascii;
            bad[at] = '\xff';
            CHECK(invalid_utf8_offset(bad) == at);
            if (at + 2 <= len) {
                std::string good = ascii;
                good.replace(at, 2, "\xc3\xa9");  // é
                CHECK(!invalid_utf8_offset(good));
                std::string cut = ascii;
                cut[at] = '\xc3';  // lead byte followed by ASCII
                CHECK(invalid_utf8_offset(cut) == at);
            }
        }
    }
    CHECK(invalid_utf8_offset(std::string(40, 'a') + "\xe2\x82") == 40);  // truncated at the end
    CHECK(invalid_utf8_offset(std::string(33, 'a') + "\xed\xa0\x80") == 33);  // a surrogate
    CHECK(!invalid_utf8_offset(std::string(31, 'a') + "\xf0\x9f\x98\x80" + std::string(9, 'b')));
}

TEST_CASE("replace_malformed_utf8 replaces what Java's UTF-8 decoder replaces") {
    using kc::replace_malformed_utf8;
    const std::string r = "\xef\xbf\xbd";  // U+FFFD
    CHECK(replace_malformed_utf8("") == "");
    CHECK(replace_malformed_utf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    // One U+FFFD per lead byte plus the continuation bytes that still fit it.
    CHECK(replace_malformed_utf8("\xc3"
                                 "a") == r + "a");
    CHECK(replace_malformed_utf8("\xe2\x82") == r);
    CHECK(replace_malformed_utf8("\xe2"
                                 "a") == r + "a");
    CHECK(replace_malformed_utf8("\xf0\x9f\x98") == r);
    CHECK(replace_malformed_utf8("\xf0\x9f"
                                 "a") == r + "a");
    // Bytes that cannot start or continue anything: one each.
    CHECK(replace_malformed_utf8("\x80\xbf") == r + r);
    CHECK(replace_malformed_utf8("\xc0\x80") == r + r);          // overlong NUL
    CHECK(replace_malformed_utf8("\xe0\x80\x80") == r + r + r);  // overlong 3-byte form
    CHECK(replace_malformed_utf8("\xf0\x80\x80\x80") == r + r + r + r);
    CHECK(replace_malformed_utf8("\xf4\x90\x80\x80") == r + r + r + r);  // past U+10FFFF
    CHECK(replace_malformed_utf8("\xf8\x88\x80\x80\x80") == r + r + r + r + r);
    // An encoded surrogate is decoded, then refused as a whole.
    CHECK(replace_malformed_utf8("\xed\xa0\x80"
                                 "a") == r + "a");
    CHECK(replace_malformed_utf8("\xed\xa0") == r);
}
