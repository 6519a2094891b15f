// Avro schema evolution on the read path: golden bytes written with one
// version of a schema (encoded by hand from the specification's binary
// rules) read back under another, compatible version.
#include <doctest/doctest.h>

#include <kc/testing.hpp>
#include <string>

#include "avro_codec.hpp"
#include "avro_data.hpp"
#include "avro_resolution.hpp"
#include "avro_schema.hpp"

using namespace kc_schema_registry;

namespace {

// A writer's schema, a reader's, and the reader's Connect schema.
struct Versions {
    AvroSchema writer, reader;
    kc::Schema connect;
    Versions(const std::string& w, const std::string& r)
        : writer(AvroSchema::parse(w)),
          reader(AvroSchema::parse(r)),
          connect(to_connect_schema(reader.root(), {})) {}

    // The bytes read under the reader's schema; every byte must be used.
    kc::StructView read(const std::string& bytes, kc::Arena& arena) {
        AvroResolution res(writer.root(), reader.root(), connect);
        const char* p = bytes.data();
        value_ = res.decode(p, bytes.data() + bytes.size(), arena);
        CHECK(p == bytes.data() + bytes.size());
        return kc::ValueView(&value_).as_struct();
    }
    kc_value value_{};
};

std::string rec(const std::string& fields) {
    return R"({"type":"record","name":"Order","namespace":"com.acme","fields":[)" + fields + "]}";
}

// Version 1 of an order, and the golden bytes of
// {id: 1, qty: 3, price: 2.5f, name: "ab", color: GREEN, tags: ["x"], note: null}.
const std::string kV1 =
    rec(R"({"name":"id","type":"int"},)"
        R"({"name":"qty","type":"int"},)"
        R"({"name":"price","type":"float"},)"
        R"({"name":"name","type":"string"},)"
        R"({"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},)"
        R"({"name":"tags","type":{"type":"array","items":"string"}},)"
        R"({"name":"note","type":["null","string"],"default":null})");
// 02 = 1, 06 = 3, 2.5f little-endian, 04 "ab", 02 = GREEN, one block of one "x", end, branch 0
// (null)
const std::string kV1Bytes = std::string(
    "\x02\x06\x00\x00\x20\x40\x04"
    "ab"
    "\x02\x02\x02x\x00\x00",
    15);

}  // namespace

TEST_CASE("evolution: promotions, an added field with default, a removed field, enum and union") {
    // Version 2: id int->long, qty int->double, price float->double, name
    // string->bytes, color gains a symbol, note becomes [string,null]-free
    // optional long-hand, tags dropped, two fields added with defaults.
    Versions v(kV1, rec(R"({"name":"id","type":"long"},)"
                        R"({"name":"region","type":"string","default":"eu"},)"
                        R"({"name":"qty","type":"double"},)"
                        R"({"name":"price","type":"double"},)"
                        R"({"name":"name","type":"bytes"},)"
                        R"({"name":"color","type":{"type":"enum","name":"Color",)"
                        R"("symbols":["BLUE","RED","GREEN"]}},)"
                        R"({"name":"note","type":["null","string"],"default":null},)"
                        R"({"name":"rank","type":["null","int"],"default":null})"));
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    kc::StructView s = v.read(kV1Bytes, arena);
    CHECK(s.get(0).as_int() == 1);
    CHECK(s.get(0).raw()->tag == KC_VAL_INT64);
    CHECK(s.get(1).as_string() == "eu");  // the reader's default
    CHECK(s.get(2).as_double() == 3.0);
    CHECK(s.get(2).raw()->tag == KC_VAL_FLOAT64);
    CHECK(s.get(3).as_double() == 2.5);
    CHECK(s.get(4).raw()->tag == KC_VAL_BYTES);
    CHECK(s.get(4).as_string() == "ab");
    CHECK(s.get(5).as_string() == "GREEN");  // by name, not by index
    CHECK(s.get(6).is_null());
    CHECK(s.get(7).is_null());  // added optional, no value
}

TEST_CASE("evolution backwards: the old reader skips what a newer writer added") {
    // Written with version 2 (an added string and map before qty), read with version 1's fields.
    Versions v(rec(R"({"name":"id","type":"int"},)"
                   R"({"name":"extra","type":{"type":"map","values":"long"}},)"
                   R"({"name":"more","type":["null",{"type":"record","name":"X","fields":[)"
                   R"({"name":"a","type":"string"}]}]},)"
                   R"({"name":"qty","type":"int"})"),
               rec(R"({"name":"id","type":"int"},{"name":"qty","type":"int"})"));
    // id 5, map {"k": 7}, more = X{a:"zz"}, qty 9
    const std::string bytes("\x0a\x02\x02k\x0e\x00\x02\x04zz\x12", 11);
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    kc::StructView s = v.read(bytes, arena);
    CHECK(s.get(0).as_int() == 5);
    CHECK(s.get(1).as_int() == 9);
}

TEST_CASE("evolution: writer unions, general reader unions, map entries") {
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    // A required int written, read as optional long.
    Versions opt(rec(R"({"name":"n","type":"int"})"),
                 rec(R"({"name":"n","type":["null","long"],"default":null})"));
    CHECK(opt.read(std::string("\x08", 1), arena).get(0).as_int() == 4);
    // An optional written, read as a general union: the string branch.
    Versions gen(rec(R"({"name":"n","type":["null","string"]})"),
                 rec(R"({"name":"n","type":["null","int","string"]})"));
    kc::StructView u = gen.read(std::string("\x02\x02q", 3), arena).get(0).as_struct();
    CHECK(u.get(0).is_null());
    CHECK(u.get(1).as_string() == "q");
    CHECK(gen.read(std::string("\x00", 1), arena).get(0).is_null());
    // A writer's branch the reader cannot take fails only records that use it.
    Versions part(rec(R"({"name":"n","type":["int","string"]})"),
                  rec(R"({"name":"n","type":"long"})"));
    CHECK(part.read(std::string("\x00\x06", 2), arena).get(0).as_int() == 3);
    CHECK_THROWS_WITH_AS(part.read(std::string("\x02\x02q", 3), arena),
                         doctest::Contains("cannot read the writer's string"), kc::DataException);
    // Maps with int keys (arrays of MapEntry), values widened.
    const std::string entry =
        R"({"type":"array","items":{"type":"record","name":"MapEntry","namespace":)"
        R"("io.confluent.connect.avro","fields":[{"name":"key","type":"int"},{"name":"value","type":"%"}]}})";
    auto with = [&](const std::string& t) {
        std::string s = entry;
        return s.replace(s.find('%'), 1, t);
    };
    Versions m(rec(R"({"name":"m","type":)" + with("int") + "}"),
               rec(R"({"name":"m","type":)" + with("long") + "}"));
    auto entries = m.read(std::string("\x02\x02\x04\x00", 4), arena).get(0).as_map();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].key.u.i == 1);
    CHECK(entries[0].value.u.i == 2);
}

TEST_CASE("evolution refused: what no record could be read as") {
    auto refuse = [](const std::string& w, const std::string& r, const char* why) {
        AvroSchema ws = AvroSchema::parse(w), rs = AvroSchema::parse(r);
        kc::Schema c = to_connect_schema(rs.root(), {});
        CHECK_THROWS_WITH_AS(AvroResolution(ws.root(), rs.root(), c), doctest::Contains(why),
                             kc::DataException);
    };
    refuse(rec(R"({"name":"id","type":"int"})"),
           rec(R"({"name":"id","type":"int"},{"name":"qty","type":"int"})"),
           "the writer has no field 'qty' and the reader's has no default");
    refuse(rec(R"({"name":"id","type":"long"})"), rec(R"({"name":"id","type":"int"})"),
           "at /id: the reader's int cannot read the writer's long");
    refuse(R"({"type":"record","name":"A","fields":[]})",
           R"({"type":"record","name":"B","fields":[]})",
           "record B cannot read the writer's record A");
    // An enum symbol the reader lacks fails the record that uses it.
    AvroSchema w = AvroSchema::parse(R"({"type":"enum","name":"E","symbols":["A","B"]})");
    AvroSchema r = AvroSchema::parse(R"({"type":"enum","name":"E","symbols":["A"]})");
    kc::Schema c = to_connect_schema(r.root(), {});
    AvroResolution res(w.root(), r.root(), c);
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    const std::string b("\x02", 1);
    const char* p = b.data();
    CHECK_THROWS_WITH_AS(res.decode(p, b.data() + 1, arena), doctest::Contains("has no symbol B"),
                         kc::DataException);
}

TEST_CASE("use.latest.version readers: one fetch per topic and writer, failures included") {
    LatestSchemaReaders readers;
    AvroSchema writer = AvroSchema::parse(rec(R"({"name":"id","type":"int"})"));
    int fetches = 0;
    std::string latest =
        rec(R"({"name":"id","type":"long"},{"name":"n","type":"int","default":7})");
    auto fetch = [&] {
        ++fetches;
        return latest;
    };
    const auto& r = readers.get("t", 1, writer.root(), fetch, {});
    CHECK(&readers.get("t", 1, writer.root(), fetch, {}) == &r);
    CHECK(fetches == 1);
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    const std::string bytes("\x06", 1);
    const char* p = bytes.data();
    kc_value v = r.plan->decode(p, bytes.data() + 1, arena);
    CHECK(kc::ValueView(&v).as_struct().get(1).as_int() == 7);
    // Another topic asks again; a latest schema that cannot read the writer
    // fails each record without asking again.
    latest = rec(R"({"name":"id","type":"string"})");
    for (int i = 0; i < 3; ++i)
        CHECK_THROWS_WITH_AS(readers.get("u", 1, writer.root(), fetch, {}),
                             doctest::Contains("cannot read the writer's int"), kc::DataException);
    CHECK(fetches == 2);
}
