// Every transform and predicate on one instance fed well over a thousand
// distinct schemas, interleaved with repeats, schema'd and schemaless, in
// batches whose arena is freed after each (as the worker does), so that input
// schemas built in the arena come back at the addresses of different ones.
// Each output is compared, after its whole batch went through (while an
// evicted derived schema would already be freed), with what a fresh instance
// makes of the same record. Under ASan a freed schema is reported.
#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "cast.hpp"
#include "drop_headers.hpp"
#include "extract_field.hpp"
#include "filter.hpp"
#include "flatten.hpp"
#include "header_from.hpp"
#include "hoist_field.hpp"
#include "insert_field.hpp"
#include "insert_header.hpp"
#include "mask_field.hpp"
#include "predicates.hpp"
#include "regex_router.hpp"
#include "replace_field.hpp"
#include "set_schema_metadata.hpp"
#include "test_support.hpp"
#include "timestamp_converter.hpp"
#include "timestamp_router.hpp"
#include "value_to_key.hpp"

using namespace kc_transforms;
using namespace kc_transforms::test;

namespace {

constexpr size_t kDistinct = 1200;  // distinct schemas per run
constexpr size_t kBatch = 37;       // records per batch: more than the cache holds
// Batch sizes in turn: small batches leave an entry keyed by a dead schema's
// address in the cache when the next batch reuses that address.
constexpr std::array<size_t, 5> kBatches = {kBatch, 3, 11, 1, 64};

// Schema number `id`: the same fields every time plus one named after id, so
// any two ids differ. `nested` is a struct field (for Flatten, ExtractField).
struct SchemaParts {
    std::string name, extra;
    std::string nested_name;
};
SchemaParts parts(size_t id) {
    return {"churn.S" + std::to_string(id), "f" + std::to_string(id),
            "churn.N" + std::to_string(id % 5)};
}

kc::Schema owned_schema(size_t id) {
    SchemaParts p = parts(id);
    kc::Schema nested =
        kc::SchemaBuilder::struct_().name(p.nested_name).field("x", kc::schemas::int32()).build();
    return kc::SchemaBuilder::struct_()
        .name(p.name)
        .field("id", kc::schemas::int64())
        .field("ts", kc::schemas::int64())
        .field("age", kc::schemas::int32())
        .field("name", kc::schemas::string())
        .field("city", kc::schemas::optional_string())
        .field("nested", nested)
        .field(p.extra, kc::schemas::int32())
        .build();
}

// Memory reused batch after batch at the same addresses, as the worker's
// arenas keep their chunks (the test host's malloc'd arena, under ASan's
// quarantine, would hand out fresh addresses and hide a stale key).
class Slab {
  public:
    void* allocate(size_t size, size_t align) {
        size_t at = (used_ + align - 1) & ~(align - 1);
        REQUIRE(at + size <= buf_.size());
        used_ = at + size;
        return std::memset(buf_.data() + at, 0, size);
    }
    template <class T>
    T* alloc(size_t n = 1) {
        return static_cast<T*>(allocate(sizeof(T) * n, alignof(T)));
    }
    kc_str copy(std::string_view s) {
        char* p = alloc<char>(s.size() + 1);
        std::memcpy(p, s.data(), s.size());
        return kc_str{p, s.size()};
    }
    // The batch is done: the next one's schemas land where these were.
    void reset() { used_ = 0; }

  private:
    alignas(std::max_align_t) std::array<char, 1 << 16> buf_{};
    size_t used_ = 0;
};

// The same schema built in batch memory, as a converter past its cache bound
// or a source task builds it: it dies with the batch.
const kc_schema* arena_struct(Slab& a, std::string_view name,
                              std::vector<std::pair<std::string_view, const kc_schema*>> fields) {
    auto* fs = a.alloc<kc_field>(fields.size());
    for (size_t i = 0; i < fields.size(); ++i)
        fs[i] = kc_field{a.copy(fields[i].first), static_cast<uint32_t>(i), fields[i].second};
    auto* s = a.alloc<kc_schema>();
    s->struct_size = sizeof(kc_schema);
    s->type = KC_TYPE_STRUCT;
    s->name = a.copy(name);
    s->fields = fs;
    s->field_count = fields.size();
    return s;
}
const kc_schema* arena_schema(Slab& a, size_t id) {
    SchemaParts p = parts(id);
    const kc_schema* nested = arena_struct(a, p.nested_name, {{"x", kc::schemas::int32().raw()}});
    return arena_struct(a, p.name,
                        {{"id", kc::schemas::int64().raw()},
                         {"ts", kc::schemas::int64().raw()},
                         {"age", kc::schemas::int32().raw()},
                         {"name", kc::schemas::string().raw()},
                         {"city", kc::schemas::optional_string().raw()},
                         {"nested", nested},
                         {p.extra, kc::schemas::int32().raw()}});
}

kc_value struct_value(kc::Arena& a, const kc_schema* s, size_t id) {
    kc::StructBuilder<kc::Arena> n(a, s->fields[5].schema);
    n.put(0, kc::make_int32(static_cast<int32_t>(id % 7)));
    return kc::StructBuilder<kc::Arena>(a, s)
        .put(0, kc::make_int64(static_cast<int64_t>(id)))
        .put(1, kc::make_int64(1700000000000 + static_cast<int64_t>(id)))
        .put(2, kc::make_int32(30))
        .put(3, kc::make_string_ref("alice"))
        .put(4, id % 3 ? kc::make_string_ref("paris") : kc_value{})
        .put(5, n.build())
        .put(6, kc::make_int32(static_cast<int32_t>(id)))
        .build();
}

kc_value map_value(Env& env, size_t id) {
    kc_value nested = env.map({{"x", kc::make_int32(static_cast<int32_t>(id % 7))}});
    std::string_view extra = kc::sv(env.arena.copy(parts(id).extra));  // the map refers to it
    return env.map({{"id", kc::make_int64(static_cast<int64_t>(id))},
                    {"ts", kc::make_int64(1700000000000 + static_cast<int64_t>(id))},
                    {"age", kc::make_int32(30)},
                    {"name", kc::make_string_ref("alice")},
                    {"city", kc::make_string_ref("paris")},
                    {"nested", nested},
                    {extra, kc::make_int32(static_cast<int32_t>(id))}});
}

// Record j of the run: even ones bring a new schema, odd ones repeat an
// earlier one; even ids use a long-lived schema (a converter's cached one),
// odd ids one built afresh in the batch's arena.
size_t schema_id(size_t j) {
    return j % 2 == 0 ? j / 2 : (j * 2654435761u) % (j / 2 + 1);
}

const kc_record* make_record(Env& env, Slab& slab, std::vector<kc::Schema>& owned, size_t j,
                             bool schemad) {
    size_t id = schema_id(j);
    kc::RecordBuilder b(env.arena);
    b.topic_ref("orders-events").partition(1).timestamp(1700000000000 + static_cast<int64_t>(j));
    if (!schemad) {
        kc_value v = map_value(env, id);
        b.key(nullptr, v).value(nullptr, v);
    } else {
        const kc_schema* s;
        if (id % 2 == 0) {
            if (owned.size() <= id) owned.resize(id + 1);
            if (!owned[id]) owned[id] = owned_schema(id);
            s = owned[id].raw();
        } else {
            s = arena_schema(slab, id);
        }
        kc_value v = struct_value(env.arena, s, id);
        b.key(s, v).value(s, v);
    }
    auto* h = env.arena.alloc<kc_header>();
    *h = kc_header{kc::str_ref("trace"), nullptr, kc::make_int32(1)};
    b.headers({h, 1});
    return b.build();
}

// The worker's batch end: the arena's memory goes (and with it the carving
// state of the Arena wrapper).
void next_batch(Env& env, Slab& slab) {
    env.host.reset_arena();
    env.arena = env.host.arena();
    slab.reset();
}

bool schemas_same(const kc_schema* a, const kc_schema* b) {
    return kc::schema_equals(a, b);
}

// Everything a transform may change, compared by value.
void check_same(const kc_record* got, const kc_record* want, const std::string& what) {
    INFO(what);
    if (!want || !got) {
        CHECK(got == want);
        return;
    }
    CHECK(kc::sv(got->topic) == kc::sv(want->topic));
    CHECK(got->timestamp == want->timestamp);
    CHECK(schemas_same(got->key_schema, want->key_schema));
    CHECK(kc::value_equals(&got->key, &want->key));
    CHECK(schemas_same(got->value_schema, want->value_schema));
    CHECK(kc::value_equals(&got->value, &want->value));
    REQUIRE(got->header_count == want->header_count);
    for (size_t i = 0; i < got->header_count; ++i) {
        CHECK(kc::sv(got->headers[i].key) == kc::sv(want->headers[i].key));
        CHECK(schemas_same(got->headers[i].schema, want->headers[i].schema));
        CHECK(kc::value_equals(&got->headers[i].value, &want->headers[i].value));
    }
}

using Factory = std::function<std::unique_ptr<kc::Transformation>()>;

template <class T>
Factory factory(kc::ConfigMap config) {
    return [config] { return configured<T>(config); };
}

struct Case {
    const char* name;
    Factory make;
};

std::vector<Case> all_transforms() {
    return {
        {"Cast$Value", factory<Cast<Side::Value>>({{"spec", "age:int64,id:string"}})},
        {"Cast$Key", factory<Cast<Side::Key>>({{"spec", "age:float64"}})},
        {"DropHeaders", factory<DropHeaders>({{"headers", "trace"}})},
        {"ExtractField$Value", factory<ExtractField<Side::Value>>({{"field", "nested"}})},
        {"ExtractField$Key", factory<ExtractField<Side::Key>>({{"field", "id"}})},
        {"Filter", factory<Filter>({})},
        {"Flatten$Value", factory<Flatten<Side::Value>>({{"delimiter", "_"}})},
        {"HeaderFrom$Value",
         factory<HeaderFrom<Side::Value>>(
             {{"fields", "id,nested"}, {"headers", "id,n"}, {"operation", "move"}})},
        {"HeaderFrom$Key", factory<HeaderFrom<Side::Key>>(
                               {{"fields", "age"}, {"headers", "a"}, {"operation", "copy"}})},
        {"HoistField$Value", factory<HoistField<Side::Value>>({{"field", "wrapped"}})},
        {"HoistField$Key", factory<HoistField<Side::Key>>({{"field", "k"}})},
        {"InsertField$Value", factory<InsertField<Side::Value>>({{"static.field", "src"},
                                                                 {"static.value", "churn"},
                                                                 {"timestamp.field", "at"},
                                                                 {"topic.field", "t"}})},
        {"InsertHeader", factory<InsertHeader>({{"header", "h"}, {"value.literal", "1"}})},
        {"MaskField$Value", factory<MaskField<Side::Value>>({{"fields", "name,age"}})},
        {"RegexRouter", factory<RegexRouter>({{"regex", "(.*)-events"}, {"replacement", "$1"}})},
        {"ReplaceField$Value",
         factory<ReplaceField<Side::Value>>({{"renames", "city:town"}, {"exclude", "age"}})},
        {"ReplaceField$Key", factory<ReplaceField<Side::Key>>({{"include", "id,name"}})},
        {"SetSchemaMetadata$Value", factory<SetSchemaMetadata<Side::Value>>(
                                        {{"schema.name", "renamed"}, {"schema.version", "3"}})},
        {"TimestampConverter$Value",
         factory<TimestampConverter<Side::Value>>({{"field", "ts"}, {"target.type", "Timestamp"}})},
        {"TimestampConverter$Key",
         factory<TimestampConverter<Side::Key>>(
             {{"field", "ts"}, {"target.type", "string"}, {"format", "yyyy-MM-dd"}})},
        {"TimestampRouter", factory<TimestampRouter>({})},
        {"ValueToKey", factory<ValueToKey>({{"fields", "id,name"}})},
    };
}

// Runs one transform over the whole sequence; returns how many records it
// compared.
size_t churn(const Case& c, bool schemad) {
    Env env;
    auto slab = std::make_unique<Slab>();
    std::vector<kc::Schema> owned;
    auto under_test = c.make();
    size_t compared = 0;
    const size_t records = kDistinct * 2;
    for (size_t start = 0, batch = 0; start < records; start += kBatches[batch++ % 5]) {
        std::vector<const kc_record*> in, out;
        std::vector<std::string> errors;
        for (size_t j = start; j < std::min(records, start + kBatches[batch % 5]); ++j) {
            in.push_back(make_record(env, *slab, owned, j, schemad));
            try {
                out.push_back(under_test->apply(in.back(), env.arena));
                errors.emplace_back();
            } catch (const std::exception& e) {
                out.push_back(nullptr);
                errors.emplace_back(e.what());
            }
        }
        // The whole batch is in flight: every output must still be intact
        // and be what a fresh instance makes of its record.
        for (size_t i = 0; i < in.size(); ++i) {
            Env fresh_env;
            auto fresh = c.make();
            std::string what = std::string(c.name) + (schemad ? " schema'd" : " schemaless") +
                               ", record " + std::to_string(start + i) + ", schema " +
                               std::to_string(schema_id(start + i));
            try {
                check_same(out[i], fresh->apply(in[i], fresh_env.arena), what);
                CHECK_MESSAGE(errors[i].empty(), what, ": ", errors[i]);
            } catch (const std::exception& e) {
                CHECK_MESSAGE(errors[i] == e.what(), what);
            }
            ++compared;
        }
        next_batch(env, *slab);  // the batch is done; its memory is reused
    }
    return compared;
}

}  // namespace

TEST_CASE("Every transform: 1,200 distinct schemas with repeats on one instance, schema'd") {
    for (const Case& c : all_transforms())
        CHECK(churn(c, true) == kDistinct * 2);
}

TEST_CASE("Every transform: 1,200 distinct map shapes with repeats on one instance, schemaless") {
    for (const Case& c : all_transforms())
        CHECK(churn(c, false) == kDistinct * 2);
}

TEST_CASE("Predicates: the same answers over 1,200 distinct schemas") {
    Env env;
    auto slab = std::make_unique<Slab>();
    std::vector<kc::Schema> owned;
    auto topic = configured<TopicNameMatches>({{"pattern", "orders-.*"}});
    auto header = configured<HasHeaderKey>({{"name", "trace"}});
    RecordIsTombstone tombstone;
    for (size_t j = 0; j < kDistinct * 2; ++j) {
        const kc_record* r = make_record(env, *slab, owned, j, j % 3 != 0);
        CHECK(topic->test(r));
        CHECK(header->test(r));
        CHECK_FALSE(tombstone.test(r));
        if (j % kBatch == kBatch - 1) next_batch(env, *slab);
    }
}

// The reproduction: the 17th distinct schema of one batch evicted the
// first derived schema while the first record still pointed to it.
TEST_CASE("HoistField$Value: 17 distinct schemas in one batch keep every output intact") {
    Env env;
    auto hoist = configured<HoistField<Side::Value>>({{"field", "wrapped"}});
    std::vector<kc::Schema> schemas;
    std::vector<const kc_record*> out;
    for (int i = 0; i < 17; ++i) {
        std::string f = "f" + std::to_string(i);
        schemas.push_back(kc::SchemaBuilder::struct_().field(f, kc::schemas::int32()).build());
        const kc_record* r =
            env.record(schemas.back().raw(), env.strct(schemas.back(), {{f, kc::make_int32(i)}}));
        out.push_back(hoist->apply(r, env.arena));
    }
    for (int i = 0; i < 17; ++i) {
        kc::SchemaView s = out[i]->value_schema;
        REQUIRE(s.field_count() == 1);
        CHECK(s.field(0).name == "wrapped");
        CHECK(s.field(0).schema_view().field(0).name == "f" + std::to_string(i));
        CHECK(field(field(out[i]->value, "wrapped"), "f" + std::to_string(i)).u.i == i);
    }
}

// A schema in the arena freed with its batch, and a different one allocated
// at the same address in the next: the cache must not answer with the first.
TEST_CASE("SetSchemaMetadata$Value: a new schema at a freed schema's address is not a hit") {
    Env env;
    auto slab = std::make_unique<Slab>();
    auto meta = configured<SetSchemaMetadata<Side::Value>>({{"schema.version", "2"}});
    for (size_t id = 0; id < 200; ++id) {
        const kc_schema* s = arena_schema(*slab, id);
        const kc_record* r = env.record(s, struct_value(env.arena, s, id));
        kc::SchemaView out = meta->apply(r, env.arena)->value_schema;
        CHECK(out.name() == parts(id).name);
        CHECK(out.field(6).name == parts(id).extra);
        next_batch(env, *slab);
    }
}
