// JsonConverter: the bytes Java writes (golden, byte for byte), reading them
// back, settings, and bad input giving errors that say what and where.
#include <doctest/doctest.h>

#include "host/converters/json_converter.hpp"
#include "kc/java_string.hpp"
#include "kc/logical.hpp"
#include "kc/testing.hpp"

using namespace kc;
using kc::host::converters::DecimalFormat;
using kc::host::converters::JsonCodec;
using kc::host::converters::JsonSettings;
namespace lg = kc::logical;

namespace {

struct Fixture {
    testing::TestHost host;
    Arena arena = host.arena();
    JsonCodec codec;

    std::string write(SchemaView s, const kc_value& v) {
        auto out = codec.serialize(s, &v);
        return out ? std::string(*out) : std::string("<null>");
    }
    values::SchemaAndValue read(std::string_view json) { return codec.deserialize(json, arena); }

    // Golden bytes, then the read-back schema and value equal the originals.
    void golden(SchemaView s, const kc_value& v, std::string_view expected) {
        CHECK(write(s, v) == expected);
        auto back = read(expected);
        CHECK(schema_equals(back.schema, s));
        CHECK(value_equals(&back.value, &v));
    }
};

std::string envelope(std::string_view schema, std::string_view payload) {
    return "{\"schema\":" + std::string(schema) + ",\"payload\":" + std::string(payload) + "}";
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "primitive types are written as Java writes them") {
    golden(schemas::boolean(), make_bool(true),
           envelope(R"({"type":"boolean","optional":false})", "true"));
    golden(schemas::int8(), make_int8(12), envelope(R"({"type":"int8","optional":false})", "12"));
    golden(schemas::int16(), make_int16(-12),
           envelope(R"({"type":"int16","optional":false})", "-12"));
    golden(schemas::int32(), make_int32(12),
           envelope(R"({"type":"int32","optional":false})", "12"));
    golden(schemas::int64(), make_int64(4398046511104LL),
           envelope(R"({"type":"int64","optional":false})", "4398046511104"));
    golden(schemas::float32(), make_float32(12.34f),
           envelope(R"({"type":"float","optional":false})", "12.34"));
    golden(schemas::float64(), make_float64(12.34),
           envelope(R"({"type":"double","optional":false})", "12.34"));
    golden(schemas::float64(), make_float64(1e20),
           envelope(R"({"type":"double","optional":false})", "1.0E20"));
    golden(schemas::bytes(), make_bytes_ref("test-string"),
           envelope(R"({"type":"bytes","optional":false})", "\"dGVzdC1zdHJpbmc=\""));
    golden(schemas::string(), make_string_ref("test-string"),
           envelope(R"({"type":"string","optional":false})", "\"test-string\""));
    golden(schemas::optional_string(), make_null(),
           envelope(R"({"type":"string","optional":true})", "null"));
    golden(schemas::string(), make_string_ref("q\"\\\n\t\x01/é"),
           envelope(R"({"type":"string","optional":false})", R"("q\"\\\n\t\u0001/é")"));
}

TEST_CASE_FIXTURE(Fixture, "containers and structs keep Java's key order") {
    Schema arr = SchemaBuilder::array(schemas::int32()).build();
    kc_value items[] = {make_int32(1), make_int32(2), make_int32(3)};
    golden(
        arr, make_array(arena, std::span<const kc_value>(items, 3)),
        envelope(R"({"type":"array","items":{"type":"int32","optional":false},"optional":false})",
                 "[1,2,3]"));

    Schema smap = SchemaBuilder::map(schemas::string(), schemas::int32()).build();
    kc_map_entry e1[] = {{make_string_ref("key1"), make_int32(12)},
                         {make_string_ref("key2"), make_int32(15)}};
    golden(
        smap, make_map(arena, std::span<const kc_map_entry>(e1, 2)),
        envelope(
            R"({"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false})",
            R"({"key1":12,"key2":15})"));

    Schema imap = SchemaBuilder::map(schemas::int32(), schemas::int32()).build();
    kc_map_entry e2[] = {{make_int32(1), make_int32(12)}, {make_int32(2), make_int32(15)}};
    golden(
        imap, make_map(arena, std::span<const kc_map_entry>(e2, 2)),
        envelope(
            R"({"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false})",
            "[[1,12],[2,15]]"));

    Schema st = SchemaBuilder::struct_()
                    .field("field1", schemas::boolean())
                    .field("field2", schemas::optional_string())
                    .build();
    StructBuilder<Arena> sb(arena, st);
    sb.put("field1", make_bool(true)).put("field2", make_string_ref("s"));
    golden(
        st, sb.build(),
        envelope(
            R"({"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},{"type":"string","optional":true,"field":"field2"}],"optional":false})",
            R"({"field1":true,"field2":"s"})"));
}

TEST_CASE_FIXTURE(Fixture, "schema metadata: name, version, doc, parameters, default") {
    kc_value def = make_int32(42);
    Schema s = SchemaBuilder::int32()
                   .name("com.example.Answer")
                   .version(2)
                   .doc("the answer")
                   .parameter("a", "b")
                   .default_value(&def)
                   .build();
    golden(
        s, make_int32(7),
        envelope(
            R"({"type":"int32","optional":false,"name":"com.example.Answer","version":2,"doc":"the answer","parameters":{"a":"b"},"default":42})",
            "7"));
    // A null for a field with a default is written (and read) as the default.
    CHECK(
        write(s, make_null()) ==
        envelope(
            R"({"type":"int32","optional":false,"name":"com.example.Answer","version":2,"doc":"the answer","parameters":{"a":"b"},"default":42})",
            "42"));
}

TEST_CASE_FIXTURE(Fixture, "logical types") {
    kc_value dec = make_bytes_ref(lg::decimal_from_string("1.56", 2));
    std::string dec_schema =
        R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}})";
    std::string bytes = lg::decimal_from_string("1.56", 2);
    dec = make_bytes_ref(bytes);
    golden(lg::decimal_schema(2), dec, envelope(dec_schema, "\"AJw=\""));
    golden(
        lg::date_schema(), make_int32(10000),
        envelope(
            R"({"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1})",
            "10000"));
    golden(
        lg::time_schema(), make_int32(14400000),
        envelope(
            R"({"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1})",
            "14400000"));
    golden(
        lg::timestamp_schema(), make_int64(4000000000LL),
        envelope(
            R"({"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1})",
            "4000000000"));

    JsonSettings numeric;
    numeric.decimal_format = DecimalFormat::Numeric;
    codec = JsonCodec(numeric);
    golden(lg::decimal_schema(2), dec, envelope(dec_schema, "1.56"));
    // Either form reads back, whatever the writer's setting.
    auto b64 = read(envelope(dec_schema, "\"AJw=\""));
    CHECK(value_equals(&b64.value, &dec));
    auto num = read(envelope(dec_schema, "1.5"));
    CHECK(lg::decimal_to_string(sv(num.value.u.str), 2) == "1.50");
    CHECK_THROWS_WITH_AS(read(envelope(dec_schema, "1.567")),
                         doctest::Contains("Invalid decimal 1.567 for scale 2"), DataException);
}

TEST_CASE_FIXTURE(Fixture, "schemaless mode, nulls and tombstones") {
    JsonSettings plain;
    plain.schemas_enable = false;
    codec = JsonCodec(plain);
    kc_map_entry es[] = {{make_string_ref("a"), make_int64(1)},
                         {make_string_ref("b"), make_float64(2.5)}};
    kc_value m = make_map(arena, std::span<const kc_map_entry>(es, 2));
    CHECK(write(nullptr, m) == R"({"a":1,"b":2.5})");
    auto back = read(R"({"a":1,"b":2.5,"c":[true,null,"x"],"d":{}})");
    CHECK(back.schema == nullptr);
    REQUIRE(back.value.tag == KC_VAL_MAP);
    REQUIRE(back.value.u.map.count == 4);
    CHECK(back.value.u.map.entries[0].value.tag == KC_VAL_INT64);
    CHECK(back.value.u.map.entries[1].value.tag == KC_VAL_FLOAT64);
    CHECK(back.value.u.map.entries[2].value.u.array.count == 3);
    kc_map_entry ik[] = {{make_int32(1), make_string_ref("x")}};
    CHECK(write(nullptr, make_map(arena, std::span<const kc_map_entry>(ik, 1))) == R"([[1,"x"]])");
    CHECK(write(nullptr, make_int64(12)) == "12");
    CHECK(write(nullptr, make_null()) == "<null>");  // null bytes
    CHECK(!codec.deserialize(std::nullopt, arena).schema);
    CHECK(codec.deserialize(std::nullopt, arena).value.tag == KC_VAL_NULL);
    CHECK(read("null").value.tag == KC_VAL_NULL);

    codec = JsonCodec();
    CHECK(write(nullptr, make_null()) == "<null>");  // a tombstone stays null with schemas on
    CHECK(write(nullptr, make_bool(false)) == R"({"schema":null,"payload":false})");
    CHECK(read(R"({"schema":null,"payload":false})").value.tag == KC_VAL_BOOLEAN);
    CHECK(read(R"({"payload":null,"schema":null})").value.tag == KC_VAL_NULL);
}

TEST_CASE_FIXTURE(Fixture, "replace.null.with.default") {
    kc_value def = make_string_ref("dflt");
    Schema s = SchemaBuilder::string().optional().default_value(&def).build();
    std::string schema_json = R"({"type":"string","optional":true,"default":"dflt"})";
    CHECK(write(s, make_null()) == envelope(schema_json, "\"dflt\""));
    CHECK(sv(read(envelope(schema_json, "null")).value.u.str) == "dflt");
    JsonSettings keep;
    keep.replace_null_with_default = false;
    codec = JsonCodec(keep);
    CHECK(write(s, make_null()) == envelope(schema_json, "null"));
    CHECK(read(envelope(schema_json, "null")).value.tag == KC_VAL_NULL);
}

TEST_CASE_FIXTURE(Fixture, "schemas are cached by identity and by JSON text") {
    Schema st = SchemaBuilder::struct_().field("a", schemas::int32()).build();
    StructBuilder<Arena> sb(arena, st);
    sb.put("a", make_int32(1));
    kc_value v = sb.build();
    std::string first = write(st, v);
    CHECK(write(st, v) == first);
    CHECK(codec.write_cache_size() == 1);
    auto r1 = read(first);
    auto r2 = read(first);
    CHECK(r1.schema == r2.schema);  // parsed once
    CHECK(codec.read_cache_size() == 1);

    JsonSettings tiny;
    tiny.schemas_cache_size = 1;
    codec = JsonCodec(tiny);
    Schema other = SchemaBuilder::int8().build();
    write(st, v);
    write(other, make_int8(1));
    CHECK(codec.write_cache_size() == 1);  // LRU-bounded
    read(first);
    auto beyond = read(envelope(R"({"type":"int8","optional":false})", "1"));
    CHECK(codec.read_cache_size() == 1);  // past the bound: built in the arena
    CHECK(beyond.schema->type == KC_TYPE_INT8);
}

TEST_CASE_FIXTURE(Fixture, "bad input is an error saying what and where, never a crash") {
    auto error_of = [&](std::string_view json) {
        try {
            read(json);
        } catch (const DataException& e) {
            return doctest::String(e.what());
        }
        return doctest::String("<no error>");
    };
    CHECK(error_of(R"({"schema":{"type":"int32","optional":false},"payload":)") ==
          "Converting byte[] to Kafka Connect data failed due to serialization error: Invalid "
          "value. (at offset 54)");
    const doctest::String env =
        "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
        "contain additional fields. If you are trying to deserialize plain JSON data, set "
        "schemas.enable=false in your converter configuration.";
    CHECK(error_of(R"({"schema":null})") == env);
    CHECK(error_of(R"({"schema":null,"payload":1,"extra":2})") == env);
    CHECK(error_of("[1,2]") == env);
    CHECK(error_of("") == env);
    CHECK(error_of(envelope(R"({"type":"int32","optional":false})", "\"x\"")) ==
          "Invalid value for INT32: expected an integer in int32 range but found STRING (offset "
          "54)");
    CHECK(error_of(envelope(R"({"type":"int8","optional":false})", "300")) ==
          doctest::Contains("int8 range"));
    CHECK(
        error_of(envelope(
            R"({"type":"struct","fields":[{"type":"struct","fields":[{"type":"string","optional":false,"field":"c"}],"optional":false,"field":"b"}],"optional":false})",
            R"({"b":{"c":5}})")) == doctest::Contains("(field \"b.c\", offset"));
    CHECK(error_of(envelope(R"({"type":"int32","optional":false})", "null")) ==
          doctest::Contains("Invalid null value for required INT32 field"));
    CHECK(error_of(envelope(R"({"optional":false})", "1")) ==
          doctest::Contains("Schema must contain 'type' field"));
    CHECK(error_of(envelope(R"({"type":"widget"})", "1")) ==
          doctest::Contains("Unknown schema type: widget"));
    CHECK(error_of(envelope(R"({"type":"array"})", "[]")) ==
          doctest::Contains("Array schema did not specify the element type"));
    CHECK(error_of(envelope(R"({"type":"bytes"})", "\"%%%\"")) ==
          doctest::Contains("Invalid bytes field"));
    CHECK(error_of(envelope(R"({"type":"string","parameters":{"a":1}})", "\"x\"")) ==
          doctest::Contains("Schema parameters must have string values."));
    CHECK(error_of("{\"schema\":null,\"payload\":\"\xff\"}") ==
          doctest::Contains("Invalid encoding in string. (at offset 26)"));
    CHECK(error_of(std::string("{\"schema\":null,\"payload\":1}\0", 28)) ==
          doctest::Contains("NUL byte (at offset 27)"));
    CHECK(error_of(std::string(5000, '[')) == doctest::Contains("nested deeper than 1000"));
    // Found by fuzzing: a multi-byte sequence cut off by the end of the input.
    CHECK(error_of("{\"UUUU3\xf0") == doctest::Contains("Invalid encoding in string"));
    CHECK(error_of(envelope(R"({"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}})",
                            "[[1]]")) == doctest::Contains("expected length 2 but found :1"));
}

TEST_CASE_FIXTURE(Fixture, "bad Connect data is refused when writing") {
    CHECK_THROWS_WITH_AS(write(schemas::int32(), make_string_ref("x")),
                         "Invalid type for INT32: string", DataException);
    CHECK_THROWS_WITH_AS(write(schemas::int32(), make_null()),
                         "Conversion error: null value for field that is required and has no "
                         "default value",
                         DataException);
    Schema st = SchemaBuilder::struct_().field("s", schemas::string()).build();
    StructBuilder<Arena> sb(arena, st);
    sb.put("s", make_string_ref("\xc3\x28"));
    kc_value v = sb.build();
    CHECK_THROWS_WITH_AS(write(st, v), "Invalid UTF-8 in string value at byte 0 (field \"s\")",
                         DataException);
    Schema other = SchemaBuilder::struct_().field("t", schemas::string()).build();
    CHECK_THROWS_WITH_AS(write(other, v), "Mismatching schema.", DataException);
}

TEST_CASE_FIXTURE(Fixture, "a nested record round-trips") {
    Schema inner =
        SchemaBuilder::struct_()
            .name("Inner")
            .field("tags", SchemaBuilder::array(schemas::string()).build())
            .field("attrs",
                   SchemaBuilder::map(schemas::string(), schemas::optional_float64()).build())
            .build();
    Schema outer = SchemaBuilder::struct_()
                       .field("id", schemas::int64())
                       .field("when", lg::timestamp_schema())
                       .field("price", lg::decimal_builder(3).optional().build())
                       .field("inner", inner)
                       .field("blob", schemas::optional_bytes())
                       .build();
    kc_value tags[] = {make_string_ref("a"), make_string_ref("b")};
    kc_map_entry attrs[] = {{make_string_ref("x"), make_float64(0.5)},
                            {make_string_ref("y"), make_null()}};
    StructBuilder<Arena> ib(arena, inner);
    ib.put("tags", make_array(arena, std::span<const kc_value>(tags, 2)))
        .put("attrs", make_map(arena, std::span<const kc_map_entry>(attrs, 2)));
    std::string price = lg::decimal_from_string("-12.345", 3);
    StructBuilder<Arena> ob(arena, outer);
    ob.put("id", make_int64(-1))
        .put("when", make_int64(1577882096789LL))
        .put("price", make_bytes_ref(price))
        .put("inner", ib.build())
        .put("blob", make_null());
    kc_value v = ob.build();
    std::string json = write(outer, v);
    auto back = read(json);
    CHECK(schema_equals(back.schema, outer));
    CHECK(value_equals(&back.value, &v));
    CHECK(write(back.schema, back.value) == json);
}

TEST_CASE_FIXTURE(Fixture, "doubles are written with Java's shortest digits on every path") {
    JsonSettings plain;
    plain.schemas_enable = false;
    codec = JsonCodec(plain);
    // The plain-decimal fast path must agree with the general Java formatter.
    const double cases[] = {98.625,  0.001,    0.0015,    1234567.25, 9999999.999999,
                            -4.875,  7.0,      0.1 + 0.2, 1.0 / 3,    123456789012.0 / 1e6,
                            0.00123, 1e-3 * 3, 5e6 + 0.5, -0.0,       2.5e-3,
                            3.14159, 1e7 - 1,  0.0009999, 1e7,        6.02214076e23};
    for (double d : cases) {
        std::string expected;
        values::append_java_double(expected, d);
        CHECK(write(nullptr, make_float64(d)) == expected);
    }
    CHECK(write(nullptr, make_float64(98.625)) == "98.625");
    CHECK(write(nullptr, make_float64(0.001)) == "0.001");
    CHECK(write(nullptr, make_float64(-7)) == "-7.0");
    CHECK(write(nullptr, make_float64(0.1 + 0.2)) == "0.30000000000000004");
}

TEST_CASE_FIXTURE(Fixture, "strings are escaped and checked for UTF-8 in one pass") {
    JsonSettings plain;
    plain.schemas_enable = false;
    codec = JsonCodec(plain);
    // Long enough for the eight-byte fast path, with specials on both sides of it.
    CHECK(write(nullptr,
                make_string_ref("abcdefgh\"ijklmnop\\q\x01r\ts\xc3\xa9t\xf0\x9f\x98\x80u")) ==
          "\"abcdefgh\\\"ijklmnop\\\\q\\u0001r\\ts\xc3\xa9t\xf0\x9f\x98\x80u\"");
    CHECK_THROWS_WITH_AS(write(nullptr, make_string_ref("abcdefghijklmn\xed\xa0\x80")),
                         "Invalid UTF-8 in string value at byte 14", DataException);
    kc_map_entry bad_key[] = {{make_string_ref("ok-key-1234\xff"), make_int64(1)}};
    CHECK_THROWS_WITH_AS(write(nullptr, make_map(arena, std::span<const kc_map_entry>(bad_key, 1))),
                         "Invalid UTF-8 in map key at byte 11 (field \"[0]\")", DataException);
}

TEST_CASE_FIXTURE(Fixture, "a \\u escape of a lone surrogate is refused on read") {
    // Found by fuzz_json_converter: RapidJSON decoded "\udefa" into bytes that
    // are not UTF-8, which the writer then refused.
    JsonSettings plain;
    plain.schemas_enable = false;
    for (bool with_schemas : {false, true}) {
        plain.schemas_enable = with_schemas;
        codec = JsonCodec(plain);
        const std::string text = with_schemas
                                     ? R"({"schema":{"type":"string"},"payload":"a\udefa"})"
                                     : R"({"c":"a\udefab", "d":1})";
        CHECK_THROWS_WITH_AS(read(text), doctest::Contains("lone surrogate"), DataException);
    }
    plain.schemas_enable = false;
    codec = JsonCodec(plain);
    CHECK_THROWS_WITH_AS(read(R"({"k\udc00":1})"), doctest::Contains("lone surrogate"),
                         DataException);
    // A pair is one code point; a lone high surrogate is RapidJSON's own error.
    auto pair = read(R"("\ud83d\ude00\u00e9")");
    CHECK(std::string(pair.value.u.str.ptr, pair.value.u.str.len) == "\xf0\x9f\x98\x80\xc3\xa9");
    CHECK_THROWS_AS(read(R"("\ud83d")"), DataException);
}

TEST_CASE_FIXTURE(Fixture, "schemaless reading builds values straight from the parser") {
    JsonSettings plain;
    plain.schemas_enable = false;
    codec = JsonCodec(plain);
    auto v = read(R"({"n":-123456789012345678,"big":9223372036854775807,"f":-1.5e3,)"
                  R"("a":[[],{"k":"v"},0],"s":"x\"y"})")
                 .value;
    REQUIRE(v.tag == KC_VAL_MAP);
    REQUIRE(v.u.map.count == 5);
    // In the order Java's HashMap iterates them: big, a, s, f, n.
    const kc_map_entry* e = v.u.map.entries;
    CHECK(sv(e[0].key.u.str) == "big");
    CHECK(e[0].value.u.i == 9223372036854775807LL);
    REQUIRE(e[1].value.tag == KC_VAL_ARRAY);
    const kc_value* items = e[1].value.u.array.items;
    REQUIRE(e[1].value.u.array.count == 3);
    CHECK(items[0].tag == KC_VAL_ARRAY);
    CHECK(items[0].u.array.count == 0);
    REQUIRE(items[1].tag == KC_VAL_MAP);
    CHECK(sv(items[1].u.map.entries[0].value.u.str) == "v");
    CHECK(items[2].u.i == 0);
    CHECK(sv(e[2].value.u.str) == "x\"y");
    CHECK(e[3].value.tag == KC_VAL_FLOAT64);
    CHECK(e[3].value.u.f == -1500.0);
    CHECK(sv(e[4].key.u.str) == "n");
    CHECK(e[4].value.u.i == -123456789012345678LL);
    CHECK(read("[1,2.0]").value.u.array.items[1].tag == KC_VAL_FLOAT64);
    CHECK(read("42").value.u.i == 42);

    CHECK_THROWS_WITH_AS(read(R"({"a":{"b":[1,99999999999999999999]}})"),
                         "Integer 99999999999999999999 does not fit in int64 (field \"a.b[1]\", "
                         "offset 13)",
                         DataException);
    CHECK_THROWS_WITH_AS(read("-9223372036854775809"),
                         "Integer -9223372036854775809 does not fit in int64 (offset 0)",
                         DataException);
    CHECK_THROWS_WITH_AS(read("[1,"), doctest::Contains("Invalid value. (at offset 3)"),
                         DataException);
    CHECK_THROWS_WITH_AS(read(std::string(5000, '[')), doctest::Contains("nested deeper than 1000"),
                         DataException);
}

TEST_CASE_FIXTURE(Fixture, "JSON objects come out in the order Java's HashMap iterates them") {
    // Java's JsonConverter reads every object into a new HashMap, so a sink
    // printing or re-serializing it shows the HashMap's order. Expected
    // strings are what OpenJDK 17 prints for the same puts.
    const auto printed = [&](const values::SchemaAndValue& sv) {
        std::string out;
        values::append_java_to_string(out, sv.schema, &sv.value);
        return out;
    };
    const std::string ten =
        R"({"name":0,"age":1,"city":2,"email":3,"id":4,"x":5,"y":6,"z":7,"country":8,"zip":9})";
    const std::string java_ten =
        "{zip=9, country=8, city=2, name=0, x=5, y=6, z=7, id=4, age=1, "
        "email=3}";
    // A key put again keeps its place and takes the later value (Jackson, then put()).
    const std::string repeated = R"({"x":0,"y":1,"x":2})";

    JsonSettings plain;
    plain.schemas_enable = false;
    codec = JsonCodec(plain);  // schemaless: straight from the parser's events
    CHECK(printed(read(ten)) == java_ten);
    CHECK(printed(read(repeated)) == "{x=2, y=1}");
    CHECK(printed(read(R"({"a":{"c":0,"b":1,"a":2}})")) == "{a={a=2, b=1, c=0}}");

    codec = JsonCodec();  // an envelope without a schema
    CHECK(printed(read(envelope("null", ten))) == java_ten);
    CHECK(printed(read(envelope("null", repeated))) == "{x=2, y=1}");
    // A map schema with string keys.
    CHECK(printed(read(envelope(R"({"type":"map","keys":{"type":"string","optional":false},)"
                                R"("values":{"type":"int32","optional":false},"optional":false})",
                                ten))) == java_ten);
}
