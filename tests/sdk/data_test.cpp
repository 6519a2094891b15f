// Unit tests of the SDK data model (kc/data.hpp) and the test host.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "kc/data.hpp"
#include "kc/testing.hpp"

using namespace kc;

TEST_CASE("SchemaBuilder builds an immutable tree with stable identity") {
    Schema person = SchemaBuilder::struct_()
                        .name("com.example.Person")
                        .version(3)
                        .doc("a person")
                        .parameter("k", "v")
                        .field("name", schemas::string())
                        .field("age", schemas::optional_int32())
                        .build();
    SchemaView v = person;
    CHECK(v.type() == Type::Struct);
    CHECK(v.name() == "com.example.Person");
    CHECK(v.version() == 3);
    CHECK(v.param("k") == "v");
    CHECK(!v.param("missing"));
    REQUIRE(v.field_count() == 2);
    CHECK(v.field(1).name == "age");
    CHECK(v.field("age")->index == 1);
    CHECK(!v.field("nope"));
    Schema copy = person;
    CHECK(copy.raw() == person.raw());
}

TEST_CASE("SchemaBuilder rejects duplicates, fields on primitives and bad defaults") {
    CHECK_THROWS_AS(
        SchemaBuilder::struct_().field("a", schemas::int8()).field("a", schemas::int8()),
        DataException);
    CHECK_THROWS_AS(SchemaBuilder::int32().field("a", schemas::int8()), DataException);
    kc_value s = make_string_ref("x");
    CHECK_THROWS_WITH_AS(SchemaBuilder::int32().default_value(&s).build(),
                         doctest::Contains("Invalid default value"), DataException);
    kc_value i = make_int32(7);
    Schema with_default = SchemaBuilder::int32().default_value(&i).build();
    CHECK(ValueView(with_default.view().default_value()).as_int() == 7);
}

TEST_CASE("schema and value equality are deep; hashing agrees") {
    Schema a = SchemaBuilder::map(schemas::string(), schemas::int64()).optional().build();
    Schema b = SchemaBuilder::map(schemas::string(), schemas::int64()).optional().build();
    Schema c = SchemaBuilder::map(schemas::string(), schemas::int32()).optional().build();
    CHECK(schema_equals(a, b));
    CHECK(schema_hash(a) == schema_hash(b));
    CHECK_FALSE(schema_equals(a, c));

    testing::TestHost host;
    Arena arena = host.arena();
    kc_map_entry e1[] = {{make_string(arena, "x"), make_int64(1)},
                         {make_string(arena, "y"), make_int64(2)}};
    kc_map_entry e2[] = {{make_string(arena, "y"), make_int64(2)},
                         {make_string(arena, "x"), make_int64(1)}};
    kc_value m1 = make_map(arena, e1), m2 = make_map(arena, e2);
    CHECK(value_equals(&m1, &m2));
    CHECK(value_hash(&m1) == value_hash(&m2));
    kc_value nan1 = make_float64(std::nan("")), nan2 = make_float64(std::nan(""));
    CHECK(value_equals(&nan1, &nan2));
    kc_value i32 = make_int32(1), i64 = make_int64(1);
    CHECK_FALSE(value_equals(&i32, &i64));
}

TEST_CASE("StructBuilder fills defaults and names the offending field") {
    kc_value dflt = make_int32(42);
    Schema s = SchemaBuilder::struct_()
                   .field("id", schemas::int64())
                   .field("n", SchemaBuilder::int32().default_value(&dflt).build())
                   .field("tag", schemas::optional_string())
                   .build();
    testing::TestHost host;
    Arena arena = host.arena();
    kc_value v = StructBuilder(arena, s).put("id", make_int64(5)).build();
    StructView st = ValueView(&v).as_struct();
    CHECK(st.get("id").as_int() == 5);
    CHECK(st.get("n").as_int() == 42);
    CHECK(st.get("tag").is_null());
    CHECK_THROWS_WITH_AS(st.get("missing"), doctest::Contains("missing"), DataException);

    CHECK_THROWS_WITH_AS(StructBuilder(arena, s).put("tag", make_string_ref("x")).build(),
                         doctest::Contains("\"id\""), DataException);
    CHECK_THROWS_WITH_AS(StructBuilder(arena, s).put("id", make_string_ref("x")).build(),
                         doctest::Contains("id"), DataException);
}

TEST_CASE("validate_value walks arrays, maps and nested structs") {
    Schema inner = SchemaBuilder::struct_().field("x", schemas::int32()).build();
    Schema outer = SchemaBuilder::struct_()
                       .field("items", SchemaBuilder::array(schemas::string()).build())
                       .field("inner", inner)
                       .build();
    testing::TestHost host;
    Arena arena = host.arena();
    kc_value items[] = {make_string_ref("a"), make_int32(3)};
    kc_value in = StructBuilder(arena, inner).put("x", make_int32(1)).build();
    kc_value bad = StructBuilder(arena, outer)
                       .put("items", make_array(arena, items))
                       .put("inner", in)
                       .build(false);
    CHECK_THROWS_WITH_AS(validate_value(outer, &bad), doctest::Contains("items[1]"), DataException);
}

TEST_CASE("deep_copy and OwnedValue survive the arena that held the original") {
    OwnedValue kept;
    {
        testing::TestHost host;
        Arena arena = host.arena();
        kc_value items[] = {make_string(arena, "alpha"),
                            make_bytes(arena, std::string_view("\0\1", 2))};
        kc_value arr = make_array(arena, items);
        kept = OwnedValue::copy_of(&arr);
    }
    auto arr = kept.view().as_array();
    REQUIRE(arr.size() == 2);
    CHECK(ValueView(&arr[0]).as_string() == "alpha");
    CHECK(ValueView(&arr[1]).as_string() == std::string_view("\0\1", 2));
}

TEST_CASE("copy_of reproduces a schema equal to the original") {
    Schema s =
        SchemaBuilder::struct_()
            .name("n")
            .field("a", SchemaBuilder::map(schemas::string(), schemas::optional_float64()).build())
            .build();
    Schema c = SchemaBuilder::copy_of(s).build();
    CHECK(c.raw() != s.raw());
    CHECK(schema_equals(c, s));
    Schema renamed = SchemaBuilder::copy_of(s).name("m").build();
    CHECK_FALSE(schema_equals(renamed, s));
}

TEST_CASE("RecordBuilder and RecordView round-trip, and the test host serves offsets") {
    testing::TestHost host;
    Arena arena = host.arena();
    const kc_value* part = make_offset_map(arena, {{"filename", make_string(arena, "/tmp/f")}});
    const kc_value* off = make_offset_map(arena, {{"position", make_int64(10)}});
    kc_header h[] = {{str_ref("h1"), nullptr, make_string_ref("v1")},
                     {str_ref("h1"), nullptr, make_string_ref("v2")}};
    const kc_record* r = RecordBuilder(arena)
                             .topic("t")
                             .value(schemas::string(), make_string(arena, "line"))
                             .headers(h)
                             .source(part, off)
                             .build();
    RecordView rv(r);
    CHECK(rv.topic() == "t");
    CHECK(!rv.partition());
    CHECK(!rv.timestamp());
    CHECK(rv.value().as_string() == "line");
    CHECK(ValueView(&rv.last_header("h1")->value).as_string() == "v2");
    CHECK(rv.source_partition().map_get("filename").as_string() == "/tmp/f");

    host.set_offset(part, off);
    kc_value got{};
    bool found = false;
    REQUIRE(host.services()->offset_read(host.context(), part, host.raw_arena(), &got, &found,
                                         host.raw_error()) == KC_OK);
    CHECK(found);
    CHECK(ValueView(&got).map_get("position").as_int() == 10);
}

namespace {
// Counts the SDK's crossings into the host's arena_alloc.
struct CountingHost {
    static inline int calls = 0;
    static inline const kc_host* inner = nullptr;
    kc_host table;
    explicit CountingHost(const kc_host* host) : table(*host) {
        inner = host;
        calls = 0;
        table.arena_alloc = [](kc_arena* a, size_t size, size_t align) {
            ++calls;
            return inner->arena_alloc(a, size, align);
        };
    }
};
}  // namespace

TEST_CASE(
    "Arena: a call allocating little goes straight to the host, one allocating a lot "
    "carves zeroed blocks") {
    testing::TestHost host;
    CountingHost counting(host.services());
    SUBCASE("under 1 KiB: one host call per allocation, nothing set aside") {
        Arena a(&counting.table, host.raw_arena());
        for (int i = 0; i < 20; ++i)
            a.alloc<uint64_t>(4);
        CHECK(CountingHost::calls == 20);
    }
    SUBCASE("many small allocations: few host calls, each piece zeroed, aligned and its own") {
        Arena a(&counting.table, host.raw_arena());
        constexpr int kCount = 20000;
        std::vector<std::pair<unsigned char*, size_t>> pieces;
        for (int i = 0; i < kCount; ++i) {
            const size_t size = 1 + static_cast<size_t>(i % 40);
            const size_t align = size_t(1) << (i % 5);  // 1..16
            auto* p = static_cast<unsigned char*>(a.allocate(size, align));
            REQUIRE(reinterpret_cast<uintptr_t>(p) % align == 0);
            for (size_t j = 0; j < size; ++j)
                REQUIRE(p[j] == 0);
            std::memset(p, i & 0xff, size);  // overlapping pieces would clobber each other
            pieces.emplace_back(p, size);
        }
        for (int i = 0; i < kCount; ++i)
            for (size_t j = 0; j < pieces[i].second; ++j)
                REQUIRE(pieces[i].first[j] == static_cast<unsigned char>(i & 0xff));
        // ~420 KB in 20,000 pieces: about 50 pieces for the first KiB
        // directly, then blocks of 1, 2, 4 and 8 KiB (about 55 of them).
        CHECK(CountingHost::calls < 150);
    }
    SUBCASE("a large piece goes to the host and the current block keeps serving") {
        Arena a(&counting.table, host.raw_arena());
        for (int i = 0; i < 200; ++i)
            a.alloc<uint64_t>(2);  // 3.2 KB: a block is being carved
        auto* before = a.alloc<uint64_t>();
        const int calls = CountingHost::calls;
        auto* big = a.alloc<char>(100000);
        CHECK(CountingHost::calls == calls + 1);
        CHECK(big[0] == 0);
        CHECK(big[99999] == 0);
        auto* after = a.alloc<uint64_t>();
        CHECK(CountingHost::calls == calls + 1);
        CHECK(after == before + 1);
    }
    SUBCASE("a copy shares the host arena but never the block being carved") {
        Arena a(&counting.table, host.raw_arena());
        for (int i = 0; i < 200; ++i)
            a.alloc<uint64_t>(2);
        Arena b = a;
        auto* from_a = a.alloc<uint64_t>();
        auto* from_b = b.alloc<uint64_t>();
        CHECK(from_a != from_b);
        *from_a = 1;
        CHECK(*from_b == 0);
        Arena c(&counting.table, host.raw_arena());
        c = a;
        CHECK(c.alloc<uint64_t>() != a.alloc<uint64_t>());
    }
}
