// AvroConverter's pieces without a registry: the Connect <-> Avro schema
// mapping (golden schema text, as Confluent's AvroData writes it), the binary
// codec (golden bytes from the Avro specification's encoding rules) and the
// wire framing.
#include <doctest/doctest.h>

#include <kc/logical.hpp>
#include <kc/testing.hpp>
#include <string>

#include "avro_codec.hpp"
#include "avro_data.hpp"
#include "avro_schema.hpp"
#include "hex.hpp"
#include "serde_config.hpp"

using namespace kc_schema_registry;

namespace {

kc::Schema order_schema() {
    using namespace kc;
    return SchemaBuilder::struct_()
        .name("com.acme.Order")
        .field("id", schemas::int64())
        .field("qty", schemas::int16())
        .field("price", logical::decimal_builder(2).build())
        .field("day", logical::date_schema())
        .field("note", schemas::optional_string())
        .field("tags", SchemaBuilder::array(schemas::string()).build())
        .build();
}

}  // namespace

TEST_CASE("Connect struct -> Avro record, as AvroData writes it") {
    AvroSchema avro = to_avro_schema(order_schema(), {});
    CHECK(
        avro.to_json() ==
        R"({"type":"record","name":"Order","namespace":"com.acme","fields":[)"
        R"({"name":"id","type":"long"},)"
        R"({"name":"qty","type":{"type":"int","connect.type":"int16"}},)"
        R"({"name":"price","type":{"type":"bytes","precision":64,"scale":2,"connect.version":1,)"
        R"("connect.parameters":{"scale":"2"},"connect.name":"org.apache.kafka.connect.data.Decimal",)"
        R"("logicalType":"decimal"}},)"
        R"({"name":"day","type":{"type":"int","connect.version":1,)"
        R"("connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}},)"
        R"({"name":"note","type":["null","string"],"default":null},)"
        R"({"name":"tags","type":{"type":"array","items":"string"}}],)"
        R"("connect.name":"com.acme.Order"})");
}

TEST_CASE("optional fields: [null,T] without a default, [T,null] with one") {
    using namespace kc;
    const kc_value five = make_int32(5);
    Schema s = SchemaBuilder::struct_()
                   .field("a", schemas::optional_int32())
                   .field("b", SchemaBuilder::int32().optional().default_value(&five).build())
                   .build();
    AvroSchema avro = to_avro_schema(s, {});
    CHECK(avro.to_json() ==
          R"({"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro",)"
          R"("fields":[{"name":"a","type":["null","int"],"default":null},)"
          R"({"name":"b","type":[{"type":"int","connect.default":5},"null"],"default":5}]})");
    // And back: optional, default kept, no name for ConnectDefault.
    Schema back = to_connect_schema(AvroSchema::parse(avro.to_json()).root(), {});
    CHECK(back.view().name().empty());
    CHECK(back.view().field("a")->schema_view().optional());
    REQUIRE(back.view().field("b")->schema_view().default_value());
    CHECK(back.view().field("b")->schema_view().default_value()->u.i == 5);
}

TEST_CASE("maps: string keys as Avro maps, other keys as arrays of MapEntry") {
    using namespace kc;
    Schema m1 = SchemaBuilder::map(schemas::string(), schemas::int32()).build();
    Schema m2 = SchemaBuilder::map(schemas::int32(), schemas::string()).build();
    CHECK(to_avro_schema(m1, {}).to_json() == R"({"type":"map","values":"int"})");
    CHECK(to_avro_schema(m2, {}).to_json() ==
          R"({"type":"array","items":{"type":"record","name":"MapEntry","namespace":)"
          R"("io.confluent.connect.avro","fields":[{"name":"key","type":"int"},)"
          R"({"name":"value","type":"string"}]}})");
    Schema back = to_connect_schema(AvroSchema::parse(to_avro_schema(m2, {}).to_json()).root(), {});
    CHECK(back.view().type() == Type::Map);
    CHECK(back.view().key_schema().type() == Type::Int32);
}

TEST_CASE("Avro -> Connect keeps connect.* metadata and logical types") {
    kc::Schema back = to_connect_schema(
        AvroSchema::parse(to_avro_schema(order_schema(), {}).to_json()).root(), {});
    kc::SchemaView v = back;
    CHECK(v.name() == "com.acme.Order");
    CHECK(v.field("qty")->schema_view().type() == kc::Type::Int16);
    CHECK(kc::logical::is_decimal(v.field("price")->schema));
    CHECK(v.field("price")->schema_view().param("scale") == "2");
    CHECK(kc::logical::is_date(v.field("day")->schema));
    CHECK(v.field("note")->schema_view().optional());
    CHECK(v.field("tags")->schema_view().type() == kc::Type::Array);
}

TEST_CASE("Avro records written elsewhere: enums, general unions, fixed, timestamps") {
    AvroSchema avro = AvroSchema::parse(R"({"type":"record","name":"r","fields":[
        {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
        {"name":"either","type":["int","string"]},
        {"name":"f","type":{"type":"fixed","name":"F2","size":2}},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]})");
    kc::Schema s = to_connect_schema(avro.root(), {});
    kc::SchemaView v = s;
    CHECK(v.field("color")->schema_view().param(kEnumParam) == "Color");
    CHECK(v.field("either")->schema_view().name() == kUnionName);
    CHECK(kc::logical::is_timestamp(v.field("ts")->schema));
    // enum GREEN (1), union branch 1 "hi", fixed "ab", ts 1000
    const std::string bytes = "\x02\x02\x04hiab\xd0\x0f";
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    const char* p = bytes.data();
    kc_value val = avro_decode(p, bytes.data() + bytes.size(), avro.root(), s, arena);
    CHECK(p == bytes.data() + bytes.size());
    kc::StructView st = kc::ValueView(&val).as_struct();
    CHECK(st.get(0).as_string() == "GREEN");
    CHECK(st.get(1).as_struct().get(1).as_string() == "hi");
    CHECK(st.get(2).as_string() == "ab");
    CHECK(st.get(3).as_int() == 1000);
    // and the same bytes back
    ByteBuffer out;
    avro_encode(out, avro.root(), s, &val);
    CHECK(hex(out.view()) == hex(bytes));
}

TEST_CASE("binary encoding: golden bytes, and decoding gives the value back") {
    using namespace kc;
    Schema s = order_schema();
    AvroSchema avro = to_avro_schema(s, {});
    kc::testing::TestHost host;
    Arena arena = host.arena();
    kc_value tags[] = {make_string_ref("a"), make_string_ref("bc")};
    StructBuilder<Arena> b(arena, s);
    b.put("id", make_int64(1))
        .put("qty", make_int16(-2))
        .put("price", make_bytes_ref(std::string_view("\x04\xd2", 2)))  // 12.34
        .put("day", make_int32(19000))
        .put("note", make_null())
        .put("tags", make_array(arena, tags));
    kc_value v = b.build();
    ByteBuffer out;
    avro_encode(out, avro.root(), s, &v);
    // long 1 | int -2 | bytes len 2 + 04d2 | int 19000 | union branch 0 (null) |
    // array block of 2: "a", "bc", end
    CHECK(hex(out.view()) ==
          "02"
          "03"
          "0404d2"
          "f0a802"
          "00"
          "04"
          "0261"
          "046263"
          "00");

    const char* p = out.view().data();
    kc_value back = avro_decode(p, p + out.size(), avro.root(), s, arena);
    CHECK(value_equals(&back, &v));

    // Every truncation is a DataException, never a read past the end.
    for (size_t n = 0; n < out.size(); ++n) {
        const char* q = out.view().data();
        CHECK_THROWS_AS(avro_decode(q, q + n, avro.root(), s, arena), kc::DataException);
    }
}

TEST_CASE("a required field that is null is an error naming the field") {
    using namespace kc;
    Schema s = SchemaBuilder::struct_().name("x").field("must", schemas::string()).build();
    AvroSchema avro = to_avro_schema(s, {});
    testing::TestHost host;
    Arena arena = host.arena();
    StructBuilder<Arena> b(arena, s);
    kc_value v = b.put("must", make_null()).build(false);
    ByteBuffer out;
    CHECK_THROWS_WITH_AS(avro_encode(out, avro.root(), s, &v), doctest::Contains("must"),
                         kc::DataException);
}

TEST_CASE("wire framing: magic byte 0 and a big-endian schema id") {
    char h[kWireHeaderSize];
    write_wire_header(h, 0x01020304);
    CHECK(hex(std::string_view(h, 5)) == "0001020304");
    auto read = [](std::string_view data) {
        return read_schema_id("orders", false, {}, data, SchemaIdDeserializer::Dual);
    };
    CHECK(read(std::string_view(h, 5)).id == 0x01020304);
    CHECK_THROWS_WITH_AS(read("\x02\x00\x00\x00\x01"), doctest::Contains("Unknown magic byte 2"),
                         kc::DataException);
    // Confluent's GUID framing: read, not called unknown.
    CHECK(read(std::string(21, '\x01')).by_guid);
    CHECK_THROWS_WITH_AS(read(std::string_view("\x00\x00", 2)), doctest::Contains("orders"),
                         kc::DataException);
    CHECK(subject_name(SubjectStrategy::TopicName, "t", true, "") == "t-key");
    CHECK(subject_name(SubjectStrategy::TopicRecordName, "t", false, "a.B") == "t-a.B");
}
