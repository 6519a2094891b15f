// JsonConverter's schema caches over many distinct schemas on one instance:
// bounded, and never answering for one schema with another's JSON, also
// when a schema in batch memory is replaced by a different one of the same
// shape at the same address (the worker's arenas reuse their chunks).
#include <doctest/doctest.h>

#include <string>

#include "host/converters/json_converter.hpp"
#include "kc/testing.hpp"

using namespace kc;
using kc::host::converters::JsonCodec;
using kc::host::converters::JsonSettings;

namespace {

// A one-field struct schema written into fixed storage, so that each call
// puts a new schema at the same addresses (kc_schema and its field array).
struct InPlaceSchema {
    std::string name, field;
    kc_field f{};
    kc_schema s{};
    const kc_schema* set(size_t id) {
        name = "churn.S" + std::to_string(id);
        field = "f" + std::to_string(id);
        f = kc_field{str_ref(field), 0, schemas::int32().raw()};
        s = kc_schema{};
        s.struct_size = sizeof(kc_schema);
        s.type = KC_TYPE_STRUCT;
        s.name = str_ref(name);
        s.fields = &f;
        s.field_count = 1;
        return &s;
    }
};

std::string expected(size_t id) {
    return R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"f)" +
           std::to_string(id) + R"("}],"optional":false,"name":"churn.S)" + std::to_string(id) +
           R"("},"payload":{"f)" + std::to_string(id) + R"(":)" + std::to_string(id) + "}}";
}

}  // namespace

TEST_CASE("JsonCodec writes each of 2,000 schemas at one reused address as itself") {
    testing::TestHost host;
    Arena arena = host.arena();
    JsonSettings settings;
    settings.schemas_cache_size = 50;
    JsonCodec codec(settings);
    InPlaceSchema slot;
    for (size_t id = 0; id < 2000; ++id) {
        const kc_schema* s = slot.set(id % 3 == 2 ? id / 3 : id);  // with repeats
        kc_value v = StructBuilder<Arena>(arena, s)
                         .put(0, make_int32(static_cast<int32_t>(id % 3 == 2 ? id / 3 : id)))
                         .build();
        auto out = codec.serialize(s, &v);
        REQUIRE(out);
        CHECK(*out == expected(id % 3 == 2 ? id / 3 : id));
        CHECK(codec.write_cache_size() <= 50);
    }
}

TEST_CASE("JsonCodec reads 2,000 distinct schemas with a bounded cache, each as itself") {
    testing::TestHost host;
    JsonSettings settings;
    settings.schemas_cache_size = 50;
    JsonCodec codec(settings);
    for (size_t id = 0; id < 2000; ++id) {
        Arena arena = host.arena();
        size_t n = id % 4 == 3 ? id / 4 : id;  // with repeats
        auto sv_ = codec.deserialize(expected(n), arena);
        SchemaView s = sv_.schema;
        CHECK(s.name() == "churn.S" + std::to_string(n));
        REQUIRE(s.field_count() == 1);
        CHECK(s.field(0).name == "f" + std::to_string(n));
        CHECK(sv_.value.u.strct.fields[0].u.i == static_cast<int64_t>(n));
        CHECK(codec.read_cache_size() <= 50);
        if (id % 10 == 9) host.reset_arena();
    }
}
