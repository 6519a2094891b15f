// JsonSchemaConverter's pieces without a registry: the Connect -> JSON Schema
// mapping (golden text), JSON Schema -> Connect, and the JSON payload both
// ways; and the converter against the embedded registry with hostile records.
#include <doctest/doctest.h>

#include <kc/logical.hpp>
#include <kc/testing.hpp>

#include "host/rest/registry/embedded_schema_registry.hpp"
#include "json_payload.hpp"
#include "json_schema_converter.hpp"
#include "json_schema_data.hpp"

using namespace kc_schema_registry;

namespace {
kc::Schema person() {
    using namespace kc;
    return SchemaBuilder::struct_()
        .name("com.acme.Person")
        .field("id", schemas::int32())
        .field("nick", schemas::optional_string())
        .field("photo", schemas::bytes())
        .field("scores", SchemaBuilder::map(schemas::int16(), schemas::float64()).build())
        .build();
}
}  // namespace

TEST_CASE("Connect struct -> JSON Schema, as JsonSchemaData writes it") {
    CHECK(to_json_schema(person(), {}) ==
          R"({"type":"object","title":"com.acme.Person","properties":{)"
          R"("id":{"type":"integer","connect.type":"int32","connect.index":0},)"
          R"("nick":{"oneOf":[{"type":"null"},{"type":"string"}],"connect.index":1},)"
          R"("photo":{"type":"string","connect.type":"bytes","connect.index":2},)"
          R"("scores":{"type":"array","items":{"type":"object","properties":{)"
          R"("key":{"type":"integer","connect.type":"int16","connect.index":0},)"
          R"("value":{"type":"number","connect.type":"float64","connect.index":1}}},)"
          R"("connect.type":"map","connect.index":3}},)"
          R"("required":["id","photo","scores"]})");
}

TEST_CASE("JSON Schema -> Connect gives the same schema back") {
    rapidjson::Document d;
    const std::string text = to_json_schema(person(), {});
    d.Parse(text.c_str());
    kc::Schema back = json_schema_to_connect(d);
    CHECK(kc::schema_equals(back, person()));
    kc::Schema dec = kc::logical::decimal_builder(3).build();
    const std::string dtext = to_json_schema(dec, {});
    d.Parse(dtext.c_str());
    CHECK(kc::schema_equals(json_schema_to_connect(d), dec));
}

TEST_CASE("the JSON payload both ways, and errors that name the field") {
    using namespace kc;
    testing::TestHost host;
    Arena arena = host.arena();
    Schema s = person();
    kc_map_entry scores[] = {{make_int16(7), make_float64(1.5)}};
    StructBuilder<Arena> b(arena, s);
    b.put("id", make_int32(42))
        .put("nick", make_null())
        .put("photo", make_bytes_ref("hi!"))
        .put("scores", make_map(arena, scores));
    kc_value v = b.build();
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    std::string scratch;
    write_json_value(w, s, &v, scratch);
    CHECK(std::string(buf.GetString()) ==
          R"({"id":42,"nick":null,"photo":"aGkh","scores":[{"key":7,"value":1.5}]})");

    rapidjson::Document d;
    d.Parse(buf.GetString());
    kc_value back = read_json_value(d, s, arena, "");
    CHECK(value_equals(&back, &v));

    d.Parse(R"({"id":"x","photo":"aGkh","scores":[]})");
    CHECK_THROWS_WITH_AS(read_json_value(d, s, arena, ""), doctest::Contains("'id'"),
                         kc::DataException);
    d.Parse(R"({"id":1,"scores":[]})");
    CHECK_THROWS_WITH_AS(read_json_value(d, s, arena, ""), doctest::Contains("'photo'"),
                         kc::DataException);
}

TEST_CASE("JSON Schema defaults are written as the payload writes the value") {
    using namespace kc;
    const kc_value five = make_int32(5);
    const kc_value blob = make_bytes_ref("hi!");
    Schema s = SchemaBuilder::struct_()
                   .field("n", SchemaBuilder::int32().default_value(&five).build())
                   .field("b", SchemaBuilder::bytes().default_value(&blob).build())
                   .build();
    const std::string text = to_json_schema(s, {});
    CHECK(text.find(R"("n":{"type":"integer","default":5,)") != std::string::npos);
    CHECK(text.find(R"("b":{"type":"string","default":"aGkh",)") != std::string::npos);
}

TEST_CASE("a record nested a million levels deep is a DataException, not a crash") {
    kc::host::rest::registry::EmbeddedSchemaRegistry registry;
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    JsonSchemaConverterImpl conv;
    conv.configure({{"schema.registry.url", registry.url()}}, false);
    const kc::Schema s = person();
    kc::StructBuilder<kc::Arena> b(arena, s);
    b.put("id", kc::make_int32(1))
        .put("nick", kc::make_null())
        .put("photo", kc::make_bytes_ref(""))
        .put("scores", kc::make_map(arena, std::span<const kc_map_entry>()));
    const kc_value v = b.build();
    const kc::Bytes good = conv.from_connect("t", s, &v, arena);
    REQUIRE(good);
    std::string framed(good->data(), 5);  // magic byte and the registered id
    framed.append(1000000, '[');
    CHECK_THROWS_WITH_AS(conv.to_connect("t", framed, arena), doctest::Contains("not valid JSON"),
                         kc::DataException);
}
