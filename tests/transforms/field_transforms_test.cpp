// Cast, ExtractField, Flatten, HoistField, InsertField, MaskField,
// ReplaceField, SetSchemaMetadata, ValueToKey, HeaderFrom.
#include "cast.hpp"
#include "extract_field.hpp"
#include "flatten.hpp"
#include "header_from.hpp"
#include "hoist_field.hpp"
#include "insert_field.hpp"
#include "mask_field.hpp"
#include "replace_field.hpp"
#include "set_schema_metadata.hpp"
#include "test_support.hpp"
#include "value_to_key.hpp"

using namespace kc_transforms;
using namespace kc_transforms::test;

namespace {
kc::Schema person_schema() {
    return kc::SchemaBuilder::struct_()
        .name("Person")
        .field("id", kc::schemas::int64())
        .field("name", kc::schemas::optional_string())
        .field("age", kc::schemas::int32())
        .build();
}
}  // namespace

TEST_CASE("Cast$Value: struct fields, schemaless fields, whole value, tombstone") {
    Env env;
    auto cast = configured<Cast<Side::Value>>({{"spec", "id:string, age:float64"}});
    kc::Schema s = person_schema();
    const kc_record* in = env.record(s.raw(), env.strct(s, {{"id", kc::make_int64(42)},
                                                            {"name", kc::make_string_ref("x")},
                                                            {"age", kc::make_int32(7)}}));
    const kc_record* out = cast->apply(in, env.arena);
    CHECK(out->value_schema->fields[0].schema->type == KC_TYPE_STRING);
    CHECK(str(field(out->value, "id")) == "42");
    CHECK(field(out->value, "age").u.f == 7.0);
    CHECK(out->value_schema->name.len == 6);  // copySchemaBasics keeps the name
    kc::validate_value(out->value_schema, &out->value);
    // Same input schema, same derived schema: cached, not rebuilt.
    CHECK(cast->apply(in, env.arena)->value_schema == out->value_schema);

    const kc_record* sl = env.record(nullptr, env.map({{"id", kc::make_string_ref("12")}}));
    const kc_record* slo = cast->apply(sl, env.arena);
    CHECK(str(*get(slo->value, "id")) == "12");
    REQUIRE(get(slo->value, "age"));  // Java puts the missing field as null
    CHECK(get(slo->value, "age")->tag == KC_VAL_NULL);

    auto whole = configured<Cast<Side::Value>>({{"spec", "int8"}});
    const kc_record* w =
        whole->apply(env.record(kc::schemas::int64().raw(), kc::make_int64(300)), env.arena);
    CHECK(w->value.tag == KC_VAL_INT8);
    CHECK(w->value.u.i == 44);  // Java narrowing
    const kc_record* b = configured<Cast<Side::Value>>({{"spec", "boolean"}})
                             ->apply(env.record(nullptr, kc::make_string_ref("TRUE")), env.arena);
    CHECK(b->value.u.b);
    const kc_record* f = configured<Cast<Side::Value>>({{"spec", "string"}})
                             ->apply(env.record(nullptr, kc::make_float64(1e7)), env.arena);
    CHECK(str(f->value) == "1.0E7");
    const kc_record* bytes =
        configured<Cast<Side::Value>>({{"spec", "string"}})
            ->apply(env.record(kc::schemas::bytes().raw(), kc::make_bytes_ref("hi!")), env.arena);
    CHECK(str(bytes->value) == "aGkh");

    const kc_record* tomb = env.record(s.raw(), kc_value{});
    CHECK(cast->apply(tomb, env.arena) == tomb);
}

TEST_CASE("Cast: bad data and invalid settings") {
    Env env;
    auto whole = configured<Cast<Side::Value>>({{"spec", "int32"}});
    CHECK_THROWS_WITH_AS(whole->apply(env.record(nullptr, kc::make_string_ref("abc")), env.arena),
                         "Value (abc) was out of range for requested data type", kc::DataException);
    CHECK_THROWS_WITH_AS(
        whole->apply(env.record(nullptr, env.map({})), env.arena),
        "Cast transformation does not support casting from MAP; supported types "
        "are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]",
        kc::DataException);
    using C = Cast<Side::Key>;
    CHECK(config_error<C>({}) ==
          "Missing required configuration \"spec\" which has no default value.");
    CHECK(config_error<C>({{"spec", ""}}) == "Must specify at least one field to cast.");
    CHECK(config_error<C>({{"spec", "a:int9"}}) == "Invalid type found in casting spec: int9");
    CHECK(config_error<C>({{"spec", "a:bytes"}}) ==
          "Cast transformation does not support casting to BYTES; supported types are [INT8, "
          "INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]");
    CHECK(config_error<C>({{"spec", "int8,a:int16"}}) ==
          "Cast transformations that specify a type to cast the entire value to may only specify "
          "a single cast in their spec");
    CHECK(config_error<C>({{"spec", "a:b:c"}}) ==
          "Invalid value [a:b:c] for configuration renames: Invalid rename mapping: a:b:c");
    CHECK(config_error<C>({{"spec", "a:int8"}, {"replace.null.with.default", "maybe"}}) ==
          "Invalid value maybe for configuration replace.null.with.default: Expected value to be "
          "either true or false");
}

TEST_CASE("Cast$Key works on the key") {
    Env env;
    auto cast = configured<Cast<Side::Key>>({{"spec", "int64"}});
    const kc_record* out =
        cast->apply(env.keyed(kc::schemas::int32().raw(), kc::make_int32(5)), env.arena);
    CHECK(out->key.tag == KC_VAL_INT64);
    CHECK(out->key_schema->type == KC_TYPE_INT64);
}

TEST_CASE("ExtractField: V1 and V2 paths, schemaless, tombstone, unknown field") {
    Env env;
    kc::Schema inner = kc::SchemaBuilder::struct_().field("c", kc::schemas::string()).build();
    kc::Schema outer =
        kc::SchemaBuilder::struct_().field("a.b", kc::schemas::int32()).field("n", inner).build();
    kc_value v = env.strct(outer, {{"a.b", kc::make_int32(9)},
                                   {"n", env.strct(inner, {{"c", kc::make_string_ref("deep")}})}});
    auto v1 = configured<ExtractField<Side::Value>>({{"field", "a.b"}});
    const kc_record* o1 = v1->apply(env.record(outer.raw(), v), env.arena);
    CHECK(o1->value.u.i == 9);
    CHECK(o1->value_schema->type == KC_TYPE_INT32);

    auto v2 =
        configured<ExtractField<Side::Value>>({{"field", "n.c"}, {"field.syntax.version", "v2"}});
    const kc_record* o2 = v2->apply(env.record(outer.raw(), v), env.arena);
    CHECK(str(o2->value) == "deep");
    auto bt =
        configured<ExtractField<Side::Value>>({{"field", "`a.b`"}, {"field.syntax.version", "V2"}});
    CHECK(bt->apply(env.record(outer.raw(), v), env.arena)->value.u.i == 9);

    kc_value m = env.map({{"n", env.map({{"c", kc::make_int32(1)}})}});
    CHECK(v2->apply(env.record(nullptr, m), env.arena)->value.u.i == 1);
    CHECK(v1->apply(env.record(nullptr, m), env.arena)->value.tag == KC_VAL_NULL);

    const kc_record* tomb = v1->apply(env.record(outer.raw(), kc_value{}), env.arena);
    CHECK(tomb->value.tag == KC_VAL_NULL);
    CHECK(tomb->value_schema->type == KC_TYPE_INT32);
    CHECK(v1->apply(env.record(nullptr, kc_value{}), env.arena)->value.tag == KC_VAL_NULL);

    auto missing = configured<ExtractField<Side::Value>>({{"field", "zz"}});
    CHECK_THROWS_WITH(missing->apply(env.record(outer.raw(), v), env.arena), "Unknown field: zz");
    CHECK_THROWS_WITH(v1->apply(env.record(nullptr, kc::make_int32(1)), env.arena),
                      "Only Map objects supported in absence of schema for [field extraction], "
                      "found: java.lang.Integer");

    using E = ExtractField<Side::Key>;
    CHECK(config_error<E>({}) ==
          "Missing required configuration \"field\" which has no default value.");
    CHECK(config_error<E>({{"field", "a"}, {"field.syntax.version", "V3"}}) ==
          "Invalid value V3 for configuration field.syntax.version: String must be one of (case "
          "insensitive): V1, V2");
    CHECK(config_error<E>({{"field", "`a.b"}, {"field.syntax.version", "V2"}}) ==
          "Incomplete backtick pair in path: [`a.b], consider adding a backslash before backtick "
          "at position 0 to escape it");
}

TEST_CASE("Flatten: nested structs and maps, optional parents, tombstone") {
    Env env;
    kc::Schema inner = kc::SchemaBuilder::struct_()
                           .optional()
                           .field("x", kc::schemas::int32())
                           .field("y", kc::schemas::string())
                           .build();
    kc::Schema outer =
        kc::SchemaBuilder::struct_().field("a", kc::schemas::int8()).field("in", inner).build();
    auto flat = configured<Flatten<Side::Value>>({{"delimiter", "_"}});
    kc_value v = env.strct(
        outer,
        {{"a", kc::make_int8(1)},
         {"in", env.strct(inner, {{"x", kc::make_int32(2)}, {"y", kc::make_string_ref("z")}})}});
    const kc_record* out = flat->apply(env.record(outer.raw(), v), env.arena);
    REQUIRE(out->value_schema->field_count == 3);
    CHECK(kc::sv(out->value_schema->fields[1].name) == "in_x");
    CHECK(out->value_schema->fields[1].schema->optional);  // parent was optional
    CHECK(field(out->value, "in_y").tag == KC_VAL_STRING);
    kc_value null_inner = env.strct(outer, {{"a", kc::make_int8(1)}, {"in", kc_value{}}});
    CHECK(field(flat->apply(env.record(outer.raw(), null_inner), env.arena)->value, "in_x").tag ==
          KC_VAL_NULL);

    auto dot = configured<Flatten<Side::Value>>({});
    kc_value m = env.map(
        {{"a", env.map({{"b", kc::make_int32(1)}, {"c", env.map({{"d", kc::make_bool(true)}})}})},
         {"e", kc::make_string_ref("f")}});
    const kc_record* mo = dot->apply(env.record(nullptr, m), env.arena);
    CHECK(mo->value.u.map.count == 3);
    CHECK(get(mo->value, "a.c.d")->u.b);
    CHECK(str(*get(mo->value, "e")) == "f");

    const kc_record* tomb = env.record(outer.raw(), kc_value{});
    CHECK(dot->apply(tomb, env.arena) == tomb);

    kc::Schema with_map =
        kc::SchemaBuilder::struct_()
            .field("m",
                   kc::SchemaBuilder::map(kc::schemas::string(), kc::schemas::string()).build())
            .build();
    kc_value mv = env.strct(with_map, {{"m", env.map({})}});
    CHECK_THROWS_WITH(dot->apply(env.record(with_map.raw(), mv), env.arena),
                      "Flatten transformation does not support MAP for record with schemas (for "
                      "field m).");
}

TEST_CASE("HoistField: schema'd, schemaless, tombstone") {
    Env env;
    auto hoist = configured<HoistField<Side::Value>>({{"field", "line"}});
    const kc_record* out = hoist->apply(
        env.record(kc::schemas::string().raw(), kc::make_string_ref("hello")), env.arena);
    CHECK(out->value_schema->type == KC_TYPE_STRUCT);
    CHECK(str(field(out->value, "line")) == "hello");
    kc::validate_value(out->value_schema, &out->value);

    const kc_record* sl = hoist->apply(env.record(nullptr, kc::make_string_ref("hi")), env.arena);
    CHECK(str(*get(sl->value, "line")) == "hi");
    const kc_record* tomb = hoist->apply(env.record(nullptr, kc_value{}), env.arena);
    CHECK(get(tomb->value, "line")->tag == KC_VAL_NULL);
    CHECK_THROWS_AS(hoist->apply(env.record(kc::schemas::string().raw(), kc_value{}), env.arena),
                    kc::DataException);
    CHECK(config_error<HoistField<Side::Key>>({}) ==
          "Missing required configuration \"field\" which has no default value.");
}

TEST_CASE("InsertField: metadata fields, schemaless, tombstone, settings") {
    Env env;
    auto ins = configured<InsertField<Side::Value>>({{"topic.field", "t"},
                                                     {"partition.field", "p!"},
                                                     {"timestamp.field", "ts"},
                                                     {"static.field", "s"},
                                                     {"static.value", "v"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(1)}, {"age", kc::make_int32(2)}});
    const kc_record* out = ins->apply(env.record(s.raw(), v), env.arena);
    CHECK(out->value_schema->field_count == 7);
    CHECK(str(field(out->value, "t")) == "test-topic");
    CHECK(field(out->value, "p").u.i == 3);
    CHECK(!out->value_schema->fields[4].schema->optional);
    CHECK(field(out->value, "ts").u.i == 1700000000123);
    CHECK(kc::sv(out->value_schema->fields[5].schema->name) ==
          "org.apache.kafka.connect.data.Timestamp");
    CHECK(str(field(out->value, "s")) == "v");
    kc::validate_value(out->value_schema, &out->value);

    const kc_record* sl =
        ins->apply(env.record(nullptr, env.map({{"t", kc::make_int32(0)}})), env.arena);
    CHECK(sl->value.u.map.count == 4);  // t replaced, not duplicated
    CHECK(str(*get(sl->value, "t")) == "test-topic");

    const kc_record* tomb = env.record(s.raw(), kc_value{});
    CHECK(ins->apply(tomb, env.arena) == tomb);

    auto off = configured<InsertField<Side::Value>>({{"offset.field", "o"}});
    CHECK_THROWS_WITH(off->apply(env.record(nullptr, env.map({})), env.arena),
                      "Only SinkRecord supported for [field insertion], found: "
                      "org.apache.kafka.connect.source.SourceRecord");
    using I = InsertField<Side::Value>;
    CHECK(config_error<I>({}) == "No field insertion configured");
    CHECK(config_error<I>({{"static.field", "s"}}) ==
          "Invalid value null for configuration static.value: No value specified for static "
          "field: s");
}

TEST_CASE("MaskField: schema'd, schemaless, replacement, tombstone, settings") {
    Env env;
    auto mask = configured<MaskField<Side::Value>>({{"fields", "id,name"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(5)},
                               {"name", kc::make_string_ref("secret")},
                               {"age", kc::make_int32(2)}});
    const kc_record* out = mask->apply(env.record(s.raw(), v), env.arena);
    CHECK(field(out->value, "id").u.i == 0);
    CHECK(str(field(out->value, "name")).empty());
    CHECK(field(out->value, "age").u.i == 2);

    auto rep = configured<MaskField<Side::Value>>({{"fields", "id,name"}, {"replacement", "123"}});
    const kc_record* r = rep->apply(
        env.record(nullptr,
                   env.map({{"id", kc::make_int32(9)}, {"name", kc::make_string_ref("n")}})),
        env.arena);
    CHECK(get(r->value, "id")->u.i == 123);
    CHECK(str(*get(r->value, "name")) == "123");
    auto bad = configured<MaskField<Side::Value>>({{"fields", "id"}, {"replacement", "abc"}});
    CHECK_THROWS_WITH(
        bad->apply(env.record(nullptr, env.map({{"id", kc::make_int32(9)}})), env.arena),
        "Unable to convert abc (class java.lang.String) to number");
    CHECK_THROWS_WITH(
        mask->apply(env.record(nullptr, kc_value{}), env.arena),
        "Only Map objects supported in absence of schema for [mask fields], found: null");
    using M = MaskField<Side::Value>;
    CHECK(config_error<M>({{"fields", ""}}) ==
          "Invalid value [] for configuration fields: Empty list");
    CHECK(config_error<M>({{"fields", "a"}, {"replacement", ""}}) ==
          "Invalid value  for configuration replacement: String must be non-empty");
}

TEST_CASE("ReplaceField: include, exclude, renames, tombstone, settings") {
    Env env;
    auto rf =
        configured<ReplaceField<Side::Value>>({{"exclude", "age"}, {"renames", "id:key,name:who"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(5)},
                               {"name", kc::make_string_ref("n")},
                               {"age", kc::make_int32(2)}});
    const kc_record* out = rf->apply(env.record(s.raw(), v), env.arena);
    CHECK(out->value_schema->field_count == 2);
    CHECK(field(out->value, "key").u.i == 5);
    CHECK(str(field(out->value, "who")) == "n");
    auto inc = configured<ReplaceField<Side::Value>>({{"include", "name"}});
    const kc_record* sl = inc->apply(
        env.record(nullptr, env.map({{"id", kc::make_int32(1)}, {"name", kc::make_int32(2)}})),
        env.arena);
    CHECK(sl->value.u.map.count == 1);
    CHECK(get(sl->value, "name"));
    const kc_record* tomb = env.record(nullptr, kc_value{});
    CHECK(inc->apply(tomb, env.arena) == tomb);
    CHECK(config_error<ReplaceField<Side::Value>>({{"renames", "a:b,c"}}) ==
          "Invalid value [a:b, c] for configuration renames: Invalid rename mapping: c");
}

TEST_CASE("SetSchemaMetadata: renames schema, struct follows, schemaless rules") {
    Env env;
    auto ssm =
        configured<SetSchemaMetadata<Side::Value>>({{"schema.name", "N"}, {"schema.version", "3"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(5)}, {"age", kc::make_int32(2)}});
    const kc_record* out = ssm->apply(env.record(s.raw(), v), env.arena);
    CHECK(kc::sv(out->value_schema->name) == "N");
    CHECK(out->value_schema->version == 3);
    CHECK(out->value.u.strct.schema == out->value_schema);
    kc::validate_value(out->value_schema, &out->value);
    const kc_record* tomb = env.record(nullptr, kc_value{});
    CHECK(ssm->apply(tomb, env.arena) == tomb);
    CHECK_THROWS_WITH(ssm->apply(env.record(nullptr, kc::make_int32(1)), env.arena),
                      "Schema required for [updating schema metadata]");
    using S = SetSchemaMetadata<Side::Value>;
    CHECK(config_error<S>({}) == "Neither schema name nor version configured");
    CHECK(config_error<S>({{"schema.version", "x"}}) ==
          "Invalid value x for configuration schema.version: Not a number of type INT");
}

TEST_CASE("ValueToKey: schema'd, schemaless, tombstone, missing field") {
    Env env;
    auto vtk = configured<ValueToKey>({{"fields", "id,age"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(5)}, {"age", kc::make_int32(2)}});
    const kc_record* out = vtk->apply(env.record(s.raw(), v), env.arena);
    CHECK(out->key_schema->field_count == 2);
    CHECK(field(out->key, "id").u.i == 5);
    const kc_record* sl =
        vtk->apply(env.record(nullptr, env.map({{"id", kc::make_int32(1)}})), env.arena);
    CHECK(get(sl->key, "id")->u.i == 1);
    CHECK(get(sl->key, "age")->tag == KC_VAL_NULL);
    CHECK_THROWS_WITH(vtk->apply(env.record(nullptr, kc_value{}), env.arena),
                      "Only Map objects supported in absence of schema for [copying fields from "
                      "value to key], found: null");
    auto missing = configured<ValueToKey>({{"fields", "nope"}});
    CHECK_THROWS_WITH(missing->apply(env.record(s.raw(), v), env.arena),
                      "Field does not exist: nope");
    CHECK(config_error<ValueToKey>({{"fields", ""}}) ==
          "Invalid value [] for configuration fields: Empty list");
}

TEST_CASE("HeaderFrom: move and copy, schema'd and schemaless, settings") {
    Env env;
    auto mv = configured<HeaderFrom<Side::Value>>(
        {{"fields", "id"}, {"headers", "h_id"}, {"operation", "move"}});
    kc::Schema s = person_schema();
    kc_value v = env.strct(s, {{"id", kc::make_int64(5)}, {"age", kc::make_int32(2)}});
    const kc_record* out = mv->apply(env.record(s.raw(), v), env.arena);
    REQUIRE(out->header_count == 1);
    CHECK(kc::sv(out->headers[0].key) == "h_id");
    CHECK(out->headers[0].value.u.i == 5);
    CHECK(out->headers[0].schema->type == KC_TYPE_INT64);
    CHECK(out->value_schema->field_count == 2);
    kc::validate_value(out->value_schema, &out->value);

    auto cp = configured<HeaderFrom<Side::Value>>(
        {{"fields", "a"}, {"headers", "h"}, {"operation", "copy"}});
    const kc_record* sl =
        cp->apply(env.record(nullptr, env.map({{"a", kc::make_int32(1)}})), env.arena);
    CHECK(sl->value.u.map.count == 1);
    CHECK(sl->headers[0].value.u.i == 1);
    CHECK_THROWS_WITH(
        cp->apply(env.record(nullptr, kc_value{}), env.arena),
        "Only Map objects supported in absence of schema for [header copy], found: null");
    using H = HeaderFrom<Side::Value>;
    CHECK(config_error<H>({{"fields", "a,b"}, {"headers", "h"}, {"operation", "copy"}}) ==
          "'fields' config must have the same number of elements as 'headers' config.");
    CHECK(config_error<H>({{"fields", "a"}, {"headers", "h"}, {"operation", "swap"}}) ==
          "Invalid value swap for configuration operation: String must be one of: move, copy");
}

// Java's schemaless SMTs build a HashMap: a copy of the value (new HashMap<>(value))
// or one sized for its entries (new HashMap<>(n)), whose first table size
// decides the order sinks print and serialize. The expected orders are what
// OpenJDK 17 iterates after the same HashMap calls; a, e, i share a bucket of
// 8 but not of 16, and a, d one of 4 but not of 16, so neither the input's
// order nor a default-sized HashMap would give them.
TEST_CASE("schemaless results iterate in Java's HashMap order") {
    Env env;
    const auto aei = [&] {
        return env.record(nullptr, env.map({{"a", kc::make_int32(1)},
                                            {"e", kc::make_int32(2)},
                                            {"i", kc::make_int32(3)}}));
    };
    const auto ad = [&] {
        return env.record(nullptr, env.map({{"a", kc::make_int32(1)}, {"d", kc::make_int32(2)}}));
    };
    auto ins = configured<InsertField<Side::Value>>({{"topic.field", "m"}});
    CHECK(keys(ins->apply(aei(), env.arena)->value) == "a,i,e,m");
    auto cast = configured<Cast<Side::Value>>({{"spec", "i:string"}});
    CHECK(keys(cast->apply(aei(), env.arena)->value) == "a,i,e");
    auto mask = configured<MaskField<Side::Value>>({{"fields", "e"}});
    CHECK(keys(mask->apply(aei(), env.arena)->value) == "a,i,e");
    auto copy = configured<HeaderFrom<Side::Value>>(
        {{"fields", "a"}, {"headers", "h"}, {"operation", "copy"}});
    CHECK(keys(copy->apply(aei(), env.arena)->value) == "a,i,e");
    auto move = configured<HeaderFrom<Side::Value>>(
        {{"fields", "a"}, {"headers", "h"}, {"operation", "move"}});
    CHECK(keys(move->apply(aei(), env.arena)->value) == "i,e");
    auto replace = configured<ReplaceField<Side::Value>>({{"exclude", "x"}});
    CHECK(keys(replace->apply(ad(), env.arena)->value) == "d,a");
    auto vtk = configured<ValueToKey>({{"fields", "a,d"}});
    CHECK(keys(vtk->apply(ad(), env.arena)->key) == "d,a");
    // One put into a default HashMap: nothing to reorder.
    auto hoist = configured<HoistField<Side::Value>>({{"field", "w"}});
    CHECK(keys(hoist->apply(aei(), env.arena)->value) == "w");
}
