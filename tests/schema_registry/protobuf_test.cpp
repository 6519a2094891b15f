// ProtobufConverter: the Connect <-> .proto mapping, golden bytes checked
// against Debian's protoc (`protoc --encode` on the registered .proto text,
// with the Confluent imports written out independently here), round trips of
// every type through the embedded registry, message indexes in both forms,
// and bad frames.
#include <doctest/doctest.h>

#include <kc/logical.hpp>
#include <kc/testing.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "hex.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"
#include "message_indexes.hpp"
#include "protobuf_converter.hpp"
#include "protobuf_data.hpp"
#include "protobuf_schema.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

using namespace kc_schema_registry;
namespace fs = std::filesystem;

namespace {

kc::Schema order_schema() {
    using namespace kc;
    return SchemaBuilder::struct_()
        .name("com.acme.Order")
        .field("id", schemas::int32())
        .field("small", schemas::int8())
        .field("qty", schemas::int16())
        .field("big", schemas::int64())
        .field("price", schemas::float32())
        .field("ratio", schemas::float64())
        .field("ok", schemas::boolean())
        .field("name", schemas::string())
        .field("blob", schemas::bytes())
        .field("nick", schemas::optional_string())
        .field("tags", SchemaBuilder::array(schemas::string()).build())
        .field("attrs", SchemaBuilder::map(schemas::string(), schemas::int32()).build())
        .field("amount", logical::decimal_builder(2).build())
        .field("day", logical::date_schema())
        .field("at", logical::time_schema())
        .field("ts", logical::timestamp_schema())
        .field("address", SchemaBuilder::struct_()
                              .name("com.acme.Address")
                              .field("street", schemas::string())
                              .build())
        .field("scores", SchemaBuilder::array(schemas::int32()).build())
        .build();
}

kc_value order_value(kc::Arena& a, const kc::Schema& s) {
    using namespace kc;
    static const kc_value tags[] = {make_string_ref("a"), make_string_ref("b")};
    static const kc_map_entry attrs[] = {{make_string_ref("x"), make_int32(1)}};
    static const kc_value scores[] = {make_int32(1), make_int32(-2), make_int32(300)};
    const SchemaView address_schema = s.view().field("address")->schema;
    StructBuilder<Arena> address(a, address_schema);
    address.put("street", make_string_ref("Main"));
    StructBuilder<Arena> b(a, s);
    b.put("id", make_int32(42))
        .put("small", make_int8(-3))
        .put("qty", make_int16(300))
        .put("big", make_int64(-5000000000))
        .put("price", make_float32(1.5f))
        .put("ratio", make_float64(-2.25))
        .put("ok", make_bool(true))
        .put("name", make_string_ref("\xc3\xbc\xe2\x82\xac"))
        .put("blob", make_bytes_ref(std::string_view("\x00\x01\xff", 3)))
        .put("nick", make_null())
        .put("tags", make_array(a, tags))
        .put("attrs", make_map(a, attrs))
        .put("amount", make_bytes_ref("\x30\x39"))  // 123.45
        .put("day", make_int32(19000))              // 2022-01-08
        .put("at", make_int32(3723004))             // 01:02:03.004
        .put("ts", make_int64(1700000000123))
        .put("address", address.build())
        .put("scores", make_array(a, scores));
    return b.build();
}

// The same record in protobuf text format, from the values above by hand.
constexpr const char* kOrderText = R"(id: 42
small: -3
qty: 300
big: -5000000000
price: 1.5
ratio: -2.25
ok: true
name: "\303\274\342\202\254"
blob: "\000\001\377"
tags: "a"
tags: "b"
attrs { key: "x" value: 1 }
amount { value: "09" precision: 5 scale: 2 }
day { year: 2022 month: 1 day: 8 }
at { hours: 1 minutes: 2 seconds: 3 nanos: 4000000 }
ts { seconds: 1700000000 nanos: 123000000 }
address { street: "Main" }
scores: 1
scores: -2
scores: 300
)";

// Confluent's imports, written for protoc from their published field layouts.
void write_imports(const fs::path& dir) {
    fs::create_directories(dir / "confluent/type");
    fs::create_directories(dir / "google/type");
    std::ofstream(dir / "confluent/meta.proto")
        << "syntax = \"proto3\";\npackage confluent;\n"
           "import \"google/protobuf/descriptor.proto\";\n"
           "message Meta { string doc = 1; map<string, string> params = 2; "
           "repeated string tags = 3; }\n"
           "extend google.protobuf.FieldOptions { Meta field_meta = 1088; }\n";
    std::ofstream(dir / "confluent/type/decimal.proto")
        << "syntax = \"proto3\";\npackage confluent.type;\n"
           "message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }\n";
    std::ofstream(dir / "google/type/date.proto")
        << "syntax = \"proto3\";\npackage google.type;\n"
           "message Date { int32 year = 1; int32 month = 2; int32 day = 3; }\n";
    std::ofstream(dir / "google/type/timeofday.proto")
        << "syntax = \"proto3\";\npackage google.type;\n"
           "message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; "
           "int32 nanos = 4; }\n";
}

// `protoc --encode` of text-format `text` as `type` of `proto`; nullopt
// without protoc.
std::optional<std::string> protoc_encode(const std::string& proto, const std::string& type,
                                         const std::string& text) {
    if (!fs::exists("/usr/bin/protoc")) return std::nullopt;
    const fs::path dir = fs::temp_directory_path() / ("kc-protoc-" + std::to_string(::getpid()));
    write_imports(dir);
    std::ofstream(dir / "schema.proto") << proto;
    std::ofstream(dir / "record.txt") << text;
    const std::string cmd =
        "/usr/bin/protoc -I" + dir.string() + " -I/usr/include --encode=" + type + " " +
        (dir / "schema.proto").string() + " < " + (dir / "record.txt").string() + " 2>&1";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        const int rc = ::pclose(p);
        fs::remove_all(dir);
        if (rc != 0) FAIL("protoc failed: " << out);
    }
    return out;
}

struct Fixture {
    kc::host::rest::registry::EmbeddedSchemaRegistry registry;
    kc::testing::TestHost host;

    std::unique_ptr<ProtobufConverterImpl> converter(kc::ConfigMap extra = {}) {
        auto c = std::make_unique<ProtobufConverterImpl>();
        extra["schema.registry.url"] = registry.url();
        c->configure(extra, false);
        return c;
    }
    // A .proto schema registered straight into the store, as another client
    // would have; its id.
    int32_t add(const std::string& subject, const std::string& text,
                const std::string& references = "") {
        return registry.store().register_schema(subject, text, "PROTOBUF", references).schema.id;
    }
};

// Confluent's header for schema `id`, then `rest`.
std::string frame(int32_t id, std::string_view rest) {
    std::string out(kWireHeaderSize, '\0');
    write_wire_header(out.data(), id);
    return out.append(rest);
}

}  // namespace

TEST_CASE("Connect struct -> .proto text, as ProtobufData maps it") {
    const std::string text = to_proto_text(order_schema(), {});
    CHECK(text.starts_with("syntax = \"proto3\";\npackage com.acme;\n"));
    CHECK(text.find("import \"confluent/meta.proto\";") != std::string::npos);
    CHECK(text.find("message Order {") != std::string::npos);
    CHECK(text.find("  int32 small = 2 [(confluent.field_meta) = { params: [{ key: "
                    "\"connect.type\", value: \"int8\" }] }];") != std::string::npos);
    CHECK(text.find("  repeated string tags = 11;") != std::string::npos);
    CHECK(text.find("  repeated ConnectDefault1Entry attrs = 12;") != std::string::npos);
    CHECK(text.find("  confluent.type.Decimal amount = 13 [(confluent.field_meta) = { params: "
                    "[{ key: \"scale\", value: \"2\" }] }];") != std::string::npos);
    CHECK(text.find("  google.type.Date day = 14;") != std::string::npos);
    CHECK(text.find("  google.type.TimeOfDay at = 15;") != std::string::npos);
    CHECK(text.find("  google.protobuf.Timestamp ts = 16;") != std::string::npos);
    CHECK(text.find("  message Address {\n    string street = 1;\n  }") != std::string::npos);
    CHECK(text.find("  Address address = 17;") != std::string::npos);

    ProtobufDataSettings wrappers;
    wrappers.wrapper_for_nullables = true;
    CHECK(to_proto_text(order_schema(), wrappers).find("google.protobuf.StringValue nick = 10;") !=
          std::string::npos);
    ProtobufDataSettings optionals;
    optionals.optional_for_nullables = true;
    CHECK(to_proto_text(order_schema(), optionals).find("  optional string nick = 10;") !=
          std::string::npos);
}

TEST_CASE(".proto -> Connect: tags, optional fields, int8 from field meta, logical types") {
    ProtoSchema proto(to_proto_text(order_schema(), {}));
    const kc::Schema s = to_connect_schema(*proto.file().message_type(0), {});
    CHECK(s.view().name() == "Order");
    REQUIRE(s.view().field_count() == 18);
    const kc::SchemaView small = s.view().field("small")->schema;
    CHECK(small.type() == kc::Type::Int8);
    CHECK(small.optional());
    CHECK(small.param(kProtobufTagParam) == "2");
    CHECK(s.view().field("qty")->schema_view().type() == kc::Type::Int16);
    CHECK(kc::logical::is_decimal(s.view().field("amount")->schema));
    CHECK(kc::logical::decimal_scale(s.view().field("amount")->schema) == 2);
    CHECK(kc::logical::is_date(s.view().field("day")->schema));
    CHECK(kc::logical::is_time(s.view().field("at")->schema));
    CHECK(kc::logical::is_timestamp(s.view().field("ts")->schema));
    CHECK(s.view().field("attrs")->schema_view().type() == kc::Type::Map);
    CHECK(s.view().field("tags")->schema_view().type() == kc::Type::Array);
    CHECK(s.view().field("address")->schema_view().name() == "Address");

    ProtobufDataSettings enhanced;
    enhanced.enhanced_schema_support = true;
    CHECK(to_connect_schema(*proto.file().message_type(0), enhanced).view().name() ==
          "com.acme.Order");
}

TEST_CASE("golden bytes: the converter writes what protoc encodes from the same .proto") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);
    auto conv = fx.converter();
    const std::string framed(*conv->from_connect("orders", s, &v, arena));
    REQUIRE(framed.size() > 6);
    CHECK(hex(framed.substr(0, 6)) == "000000000100");  // magic, id 1, indexes [0]
    const auto golden =
        protoc_encode(fx.registry.store().by_id(1)->schema, "com.acme.Order", kOrderText);
    if (!golden) {
        MESSAGE("protoc not installed: golden bytes not checked");
        return;
    }
    CHECK(hex(framed.substr(6)) == hex(*golden));
}

TEST_CASE("round trip of every type through the registry, in each nullable setting") {
    Fixture fx;
    // Each setting registers its own form of the schema under one subject:
    // string and StringValue fields are not compatible, as Confluent judges.
    fx.registry.store().set_global_compatibility("NONE");
    kc::Arena arena = fx.host.arena();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);
    for (const char* setting : {"", "wrapper.for.nullables", "optional.for.nullables"}) {
        CAPTURE(setting);
        kc::ConfigMap extra;
        if (*setting) extra[setting] = "true";
        auto conv = fx.converter(extra);
        const std::string framed(*conv->from_connect("orders", s, &v, arena));
        const kc::SchemaAndValue back = conv->to_connect("orders", framed, arena);
        const kc::SchemaView bs(back.schema);
        REQUIRE(bs.field_count() == s.view().field_count());
        const kc::StructView got = kc::ValueView(&back.value).as_struct();
        const kc::StructView want = kc::ValueView(&v).as_struct();
        for (size_t i = 0; i < bs.field_count(); ++i) {
            CAPTURE(bs.field(i).name);
            CHECK(bs.field(i).name == s.view().field(i).name);
            if (bs.field(i).name == "address") {
                CHECK(got.get(i).as_struct().get(size_t(0)).as_string() == "Main");
            } else if (bs.field(i).name == "nick" && !*setting) {
                // proto3 without presence: an absent string reads as "".
                CHECK(got.get(i).as_string() == "");
            } else {
                CHECK(kc::value_equals(got.get(i), want.get(i)));
            }
        }
        // Serialising the same schema again asks the registry nothing.
        const uint64_t calls = conv->client().calls();
        conv->from_connect("orders", s, &v, arena);
        conv->to_connect("orders", framed, arena);
        CHECK(conv->client().calls() == calls);
    }
}

TEST_CASE("root primitives travel in google.protobuf wrapper messages") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    auto conv = fx.converter();
    const kc_value text = kc::make_string_ref("hello");
    const std::string framed(*conv->from_connect("keys", kc::schemas::string(), &text, arena));
    // StringValue is message 7 of wrappers.proto: indexes [7] = count 1, 7 zig-zagged.
    CHECK(hex(framed.substr(5, 2)) == "020e");
    CHECK(hex(framed.substr(7)) == "0a0568656c6c6f");
    const kc::SchemaAndValue back = conv->to_connect("keys", framed, arena);
    CHECK(kc::SchemaView(back.schema).type() == kc::Type::String);
    CHECK(kc::ValueView(&back.value).as_string() == "hello");
}

TEST_CASE("message indexes: Java's zig-zag form and the older unsigned form") {
    ProtoSchema proto(R"(syntax = "proto3";
message A { message Inner { int32 x = 1; } int32 a = 1; }
message B { int32 b = 1; }
)");
    const auto& file = proto.file();
    auto read = [&](std::string_view bytes) {
        const char* p = bytes.data();
        const auto* d = read_message_indexes(p, bytes.data() + bytes.size(), file);
        REQUIRE(d);
        CHECK(p == bytes.data() + bytes.size());
        return d->full_name();
    };
    CHECK(read(std::string_view("\x00", 1)) == "A");
    CHECK(read(std::string_view("\x02\x00", 2)) == "A");  // [0] written in full
    CHECK(read("\x02\x02") == "B");                       // [1], zig-zag
    CHECK(read(std::string_view("\x04\x00\x00", 3)) == "A.Inner");
    CHECK(read("\x01\x01") == "B");                       // [1], unsigned (python 1.7)
    CHECK(read(std::string_view("\x01\x00", 2)) == "A");  // [0], unsigned
    const char bad[] = "\x02\x08";                        // [4]: no such message
    const char* p = bad;
    CHECK(read_message_indexes(p, bad + 2, file) == nullptr);
    CHECK(p == bad);

    ByteBuffer out;
    write_message_indexes(out, message_path(*file.message_type(0)->nested_type(0)));
    CHECK(hex(out.view()) == "040000");
    out.clear();
    write_message_indexes(out, message_path(*file.message_type(0)));
    CHECK(hex(out.view()) == "00");
}

TEST_CASE("frames without message indexes, as @kafkajs/confluent-schema-registry writes them") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    const int32_t id = fx.add("js-value", R"(syntax = "proto3";
package js;
message Event { int64 seq = 1; string name = 2; }
message Other { string x = 1; }
)");
    const std::string header = frame(id, "");
    auto conv = fx.converter();
    // ProtoSchema.toBuffer: the payload right after the id (seq = 1, name = "go").
    const kc::SchemaAndValue back =
        conv->to_connect("js", header + std::string("\x08\x01\x12\x02go", 6), arena);
    CHECK(kc::SchemaView(back.schema).name() == "Event");
    const kc::StructView v = kc::ValueView(&back.value).as_struct();
    CHECK(v.get("seq").as_int() == 1);
    CHECK(v.get("name").as_string() == "go");
    // An empty message is an empty payload.
    const kc::SchemaAndValue empty = conv->to_connect("js", header, arena);
    CHECK(kc::ValueView(&empty.value).as_struct().get("seq").as_int() == 0);
    // Bytes that are neither say both.
    CHECK_THROWS_WITH_AS(conv->to_connect("js", header + "\x07\x01", arena),
                         doctest::Contains("message indexes name no message type"),
                         kc::DataException);
}

TEST_CASE("records written by other clients: oneofs, enums, proto3 optional") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    const int32_t id = fx.add("t-value", R"(syntax = "proto3";
package shop;
enum Color { RED = 0; GREEN = 1; }
message Item {
  oneof choice { string label = 1; int64 code = 2; }
  Color color = 3;
  optional int32 count = 4;
  map<string, int64> stock = 5;
}
)");
    // label = "x", color = GREEN, count absent, stock {"a": 2}
    const std::string payload("\x0a\x01x\x18\x01\x2a\x05\x0a\x01\x61\x10\x02", 12);
    const std::string framed = frame(id, std::string("\x00", 1) + payload);  // indexes [0]
    auto conv = fx.converter();
    const kc::SchemaAndValue back = conv->to_connect("t", framed, arena);
    const kc::SchemaView s(back.schema);
    REQUIRE(s.field_count() == 4);
    CHECK(s.field(0).name == "choice_0");
    CHECK(s.field(0).schema_view().name() == "io.confluent.connect.protobuf.Union.choice");
    const kc::StructView st = kc::ValueView(&back.value).as_struct();
    CHECK(st.get(size_t(0)).as_struct().get(size_t(0)).as_string() == "x");
    CHECK(st.get(size_t(0)).as_struct().get(size_t(1)).is_null());
    CHECK(st.get(size_t(1)).as_string() == "GREEN");
    CHECK(s.field(1).schema_view().param("io.confluent.connect.protobuf.Enum.GREEN") == "1");
    CHECK(st.get(size_t(2)).is_null());  // proto3 optional, absent
    CHECK(st.get(size_t(3)).map_get("a").as_int() == 2);

    // Written back: the oneof and the enum are declared again, and the record
    // reads back the same, schema and value.
    const std::string again(*conv->from_connect("t2", back.schema, &back.value, arena));
    const std::string text = fx.registry.store().by_id(id + 1)->schema;
    CHECK(text.find("oneof choice {") != std::string::npos);
    CHECK(text.find("enum Color {\n    RED = 0;\n    GREEN = 1;\n  }") != std::string::npos);
    CHECK(hex(again.substr(6)) == hex(payload));
    const kc::SchemaAndValue back2 = conv->to_connect("t2", again, arena);
    const kc::StructView st2 = kc::ValueView(&back2.value).as_struct();
    for (size_t i : {0, 1, 3})
        CHECK(kc::value_equals(st2.get(i), st.get(i)));
    // The proto3 `optional` label is not derived from a Connect schema (as in
    // Java without optional.for.nullables): the absent count reads as 0.
    CHECK(st2.get(size_t(2)).as_int() == 0);
}

TEST_CASE("bad frames are DataExceptions naming the topic") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    auto conv = fx.converter();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);
    std::string framed(*conv->from_connect("orders", s, &v, arena));
    CHECK_THROWS_WITH_AS(
        conv->to_connect("orders", std::string_view("\x01\x00\x00\x00\x01", 5), arena),
        doctest::Contains("orders"), kc::DataException);
    CHECK_THROWS_WITH_AS(
        conv->to_connect("orders", std::string_view("\x00\x00\x00\x00\x63\x00", 6), arena),
        doctest::Contains("99"), kc::DataException);
    std::string truncated = framed.substr(0, framed.size() - 3);
    CHECK_THROWS_WITH_AS(conv->to_connect("orders", truncated, arena),
                         doctest::Contains("Failed to deserialize Protobuf data for topic orders"),
                         kc::DataException);
    std::string bad_index = framed;
    bad_index[5] = '\x06';  // [3]: the schema has one top-level message
    CHECK_THROWS_WITH_AS(conv->to_connect("orders", bad_index, arena),
                         doctest::Contains("message indexes"), kc::DataException);
    CHECK_THROWS_WITH_AS(
        conv->from_connect("orders", kc::SchemaView(nullptr), &v, arena),
        doctest::Contains("ProtobufConverter needs a schema to write topic orders"),
        kc::DataException);
    CHECK_THROWS_WITH_AS(ProtoSchema("syntax = \"proto3\";\nmessage { }"),
                         doctest::Contains("line 2"), kc::DataException);
}

TEST_CASE("mutated payloads: rejected exactly when libprotobuf's parser rejects them") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    auto conv = fx.converter();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);
    const std::string framed(*conv->from_connect("orders", s, &v, arena));
    ProtoSchema proto(fx.registry.store().by_id(1)->schema);
    auto reference = proto.new_message(*proto.file().message_type(0));
    uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string bytes = framed;
        for (int k = 1 + int(next() % 4); k > 0 && bytes.size() > 7; --k) {
            const size_t at = 6 + next() % (bytes.size() - 6);  // keep header and indexes
            switch (next() % 3) {
                case 0:
                    bytes[at] = static_cast<char>(next() >> 16);
                    break;
                case 1:
                    bytes.erase(at, 1 + next() % 8);
                    break;
                default:
                    bytes.insert(at, 1, static_cast<char>(next() >> 16));
            }
        }
        const bool libprotobuf_accepts = reference->ParseFromString(bytes.substr(6));
        std::string error;
        try {
            conv->to_connect("orders", bytes, arena);
        } catch (const kc::DataException& e) {
            error = e.what();
            ++rejected;
            CHECK(error.find("orders") != std::string::npos);
        }
        CAPTURE(hex(bytes));
        CAPTURE(error);
        // Besides parse errors, a well-formed Decimal whose scale the schema's
        // cannot hold exactly is a mapping error.
        const bool mapping_error =
            error.find("does not fit the schema's scale") != std::string::npos;
        CHECK((error.empty() || mapping_error) == libprotobuf_accepts);
    }
    CHECK(rejected > 0);
}

TEST_CASE("schema references: imports read through the registry's references") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    // A shared file, registered under its import name, and a schema that
    // imports it by reference.
    fx.add("shop/money.proto", R"(syntax = "proto3";
package shop;
message Money { string currency = 1; int64 units = 2; }
)");
    const int32_t id =
        fx.add("orders-value", R"(syntax = "proto3";
package shop;
import "shop/money.proto";
message Order { int32 id = 1; Money total = 2; }
)",
               R"([{"name":"shop/money.proto","subject":"shop/money.proto","version":1}])");
    // indexes [0]; id = 7, total = {currency: "EUR", units: 12}
    const std::string payload(
        "\x00\x08\x07\x12\x07\x0a\x03"
        "EUR\x10\x0c",
        12);
    auto conv = fx.converter();
    const kc::SchemaAndValue back = conv->to_connect("orders", frame(id, payload), arena);
    const kc::SchemaView s(back.schema);
    REQUIRE(s.field_count() == 2);
    CHECK(s.field(1).schema_view().name() == "Money");
    const kc::StructView total = kc::ValueView(&back.value).as_struct().get(size_t(1)).as_struct();
    CHECK(total.get("currency").as_string() == "EUR");
    CHECK(total.get("units").as_int() == 12);

    // A reference the registry does not have is a DataException naming it.
    const int32_t dangling =
        fx.add("other-value", R"(syntax = "proto3";
import "shop/missing.proto";
message X { int32 a = 1; }
)",
               R"([{"name":"shop/missing.proto","subject":"shop/missing.proto","version":1}])");
    CHECK_THROWS_WITH_AS(
        conv->to_connect("other", frame(dangling, std::string("\x00\x08\x01", 3)), arena),
        doctest::Contains("shop/missing.proto"), kc::DataException);
}

TEST_CASE("schema references: skip.known.types=false registers the imports first") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    auto& store = fx.registry.store();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);

    // By default Confluent's known types are not references.
    auto plain = fx.converter();
    plain->from_connect("plain", s, &v, arena);
    CHECK(store.subjects() == std::vector<std::string>{"plain-value"});
    CHECK(store.by_id(1)->references.empty());

    auto conv = fx.converter({{"skip.known.types", "false"}});
    const std::string framed(*conv->from_connect("orders", s, &v, arena));
    // Each import under its own name, confluent/meta.proto with its own import.
    bool known_version = false;
    auto meta = store.version("confluent/meta.proto", 1, known_version);
    REQUIRE(meta);
    CHECK(
        meta->schema.references ==
        R"([{"name":"google/protobuf/descriptor.proto","subject":"google/protobuf/descriptor.proto","version":1}])");
    for (const char* name : {"google/protobuf/descriptor.proto", "confluent/type/decimal.proto",
                             "google/type/date.proto", "google/type/timeofday.proto",
                             "google/protobuf/timestamp.proto"}) {
        CAPTURE(name);
        CHECK(store.version(name, 1, known_version));
    }
    auto order = store.version("orders-value", 1, known_version);
    REQUIRE(order);
    const std::string& refs = order->schema.references;
    CHECK(refs.find(
              R"({"name":"confluent/meta.proto","subject":"confluent/meta.proto","version":1})") !=
          std::string::npos);
    CHECK(refs.find(R"("name":"google/protobuf/timestamp.proto")") != std::string::npos);
    // Serialising again asks the registry nothing; the record reads back.
    const uint64_t calls = conv->client().calls();
    conv->from_connect("orders", s, &v, arena);
    CHECK(conv->client().calls() == calls);
    auto reader = fx.converter();
    const kc::SchemaAndValue back = reader->to_connect("orders", framed, arena);
    CHECK(kc::ValueView(&back.value).as_struct().get("id").as_int() == 42);

    CHECK_THROWS_WITH_AS(fx.converter({{"reference.subject.name.strategy", "com.acme.Other"}}),
                         doctest::Contains("reference.subject.name.strategy"), kc::ConfigException);
}

TEST_CASE("schema references: QualifiedReferenceSubjectNameStrategy names a dotted subject") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    auto& store = fx.registry.store();
    const kc::Schema s = order_schema();
    const kc_value v = order_value(arena, s);
    auto conv = fx.converter(
        {{"skip.known.types", "false"},
         {"reference.subject.name.strategy",
          "io.confluent.kafka.serializers.subject.QualifiedReferenceSubjectNameStrategy"}});
    const std::string framed(*conv->from_connect("orders", s, &v, arena));
    bool known = false;
    for (const char* subject : {"confluent.meta", "google.protobuf.descriptor",
                                "confluent.type.decimal", "google.protobuf.timestamp"}) {
        CAPTURE(subject);
        CHECK(store.version(subject, 1, known));
    }
    CHECK_FALSE(store.version("confluent/meta.proto", 1, known));
    auto order = store.version("orders-value", 1, known);
    REQUIRE(order);
    // The reference keeps the import's name; its subject is the dotted one.
    CHECK(order->schema.references.find(
              R"({"name":"confluent/meta.proto","subject":"confluent.meta","version":1})") !=
          std::string::npos);
    // Read back through those subjects.
    auto reader = fx.converter();
    const kc::SchemaAndValue back = reader->to_connect("orders", framed, arena);
    CHECK(kc::ValueView(&back.value).as_struct().get("id").as_int() == 42);
}

TEST_CASE("proto2: absent fields read as their declared defaults, or null when optional") {
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    const int32_t id = fx.add("items-value", R"(syntax = "proto2";
package p2;
enum Size { SMALL = 1; LARGE = 2; }
message Item {
  required int32 id = 1;
  optional int32 qty = 2 [default = 7];
  optional string label = 3 [default = "none"];
  optional Size size = 4 [default = LARGE];
  optional double ratio = 5 [default = 0.5];
  optional bool flag = 6 [default = true];
  optional bytes raw = 7 [default = "\001"];
  optional sint64 delta = 8 [default = -3];
  optional Size plain = 9;
}
)");
    const std::string framed = frame(id, std::string("\x00\x08\x05", 3));  // id = 5, nothing else

    // optional.for.proto2=false: every field has a value, as Java's getField
    // answers for an absent proto2 field: the declared default, else the
    // type's (the first symbol for an enum).
    auto no_presence = fx.converter({{"optional.for.proto2", "false"}});
    const kc::SchemaAndValue d = no_presence->to_connect("items", framed, arena);
    const kc::StructView v = kc::ValueView(&d.value).as_struct();
    CHECK(v.get("id").as_int() == 5);
    CHECK(v.get("qty").as_int() == 7);
    CHECK(v.get("label").as_string() == "none");
    CHECK(v.get("size").as_string() == "LARGE");
    CHECK(v.get("ratio").as_double() == 0.5);
    CHECK(v.get("flag").as_bool());
    CHECK(v.get("raw").as_string() == "\x01");
    CHECK(v.get("delta").as_int() == -3);
    CHECK(v.get("plain").as_string() == "SMALL");

    // By default proto2 `optional` is presence: absent fields are null, the
    // required one is not.
    auto presence = fx.converter();
    const kc::SchemaAndValue p = presence->to_connect("items", framed, arena);
    const kc::StructView pv = kc::ValueView(&p.value).as_struct();
    CHECK(pv.get("id").as_int() == 5);
    for (const char* name : {"qty", "label", "size", "ratio", "flag", "raw", "delta", "plain"}) {
        CAPTURE(name);
        CHECK(pv.get(name).is_null());
    }
    // optional.for.nullables: only fields with the optional label are
    // optional in the Connect schema (proto2 `required` is not). ProtobufData
    // puts no Connect default on them: the defaults live in the values.
    auto labelled = fx.converter({{"optional.for.nullables", "true"}});
    const kc::SchemaView ls(labelled->to_connect("items", framed, arena).schema);
    CHECK(!ls.field("id")->schema_view().optional());
    CHECK(ls.field("qty")->schema_view().optional());
    CHECK(ls.field("qty")->schema_view().default_value() == nullptr);
}

TEST_CASE(
    "schema references: a record Confluent's JavaScript client wrote, its schema importing "
    "another") {
    const std::string js = KC_JS_INTEROP_DIR;
    if (!fs::exists("/usr/bin/node") ||
        !fs::exists(js + "/node_modules/@confluentinc/schemaregistry")) {
        MESSAGE("node or the JavaScript client is not installed: not checked");
        return;
    }
    Fixture fx;
    kc::Arena arena = fx.host.arena();
    kc::test::TempDir dir("kc-js-refs");
    const auto r = kc::test::run_command("/usr/bin/node " + js + "/interop.js references " +
                                         fx.registry.url() + " " + dir.path().string() + " 2>&1");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    // The client read its own record back through the registry (the
    // descriptors it serves, linked against the referenced file).
    CHECK(r.output.find(R"("read":{"id":7,"currency":"EUR","units":12})") != std::string::npos);
    std::ifstream in(dir / "0.bin", std::ios::binary);
    const std::string framed((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    // Registered as the client sent it: the import first, under its import
    // name, then the record's schema naming it as a reference.
    const auto id = r.output.find(R"({"id":)");
    REQUIRE(id != std::string::npos);
    const auto order = fx.registry.store().by_id(std::stoi(r.output.substr(id + 6)));
    REQUIRE(order);
    CHECK(order->references ==
          R"([{"name":"shop/money.proto","subject":"shop/money.proto","version":1}])");
    CHECK(order->schema.find("import \"shop/money.proto\";") != std::string::npos);

    auto conv = fx.converter();
    const kc::SchemaAndValue back = conv->to_connect("refs", framed, arena);
    const kc::StructView v = kc::ValueView(&back.value).as_struct();
    CHECK(v.get("id").as_int() == 7);
    REQUIRE(!v.get("total").is_null());
    CHECK(v.get("total").as_struct().get("currency").as_string() == "EUR");
    CHECK(v.get("total").as_struct().get("units").as_int() == 12);
}
