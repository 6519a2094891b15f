// SimpleDateFormat and TimestampConverter.
#include "simple_date_format.hpp"
#include "test_support.hpp"
#include "timestamp_converter.hpp"

#include <stdexcept>

using namespace kc_transforms;
using namespace kc_transforms::test;

namespace {
constexpr int64_t kInstant = 1700000000123;  // 2023-11-14T22:13:20.123Z, a Tuesday
}

TEST_CASE("SimpleDateFormat formats Java pattern letters in UTC") {
    auto f = [](std::string_view p, int64_t ms = kInstant) {
        return SimpleDateFormat(p).format(ms);
    };
    CHECK(f("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") == "2023-11-14T22:13:20.123Z");
    CHECK(f("yy MMM MMMM d D") == "23 Nov November 14 318");
    CHECK(f("EEE EEEE u F") == "Tue Tuesday 2 2");
    CHECK(f("h a k K") == "10 PM 22 10");
    CHECK(f("G z zzzz Z X") == "AD UTC Coordinated Universal Time +0000 Z");
    CHECK(f("w W Y") == "46 3 2023");
    CHECK(f("'it''s' ''") == "it's '");
    CHECK(f("S SSSS") == "123 0123");
    CHECK(f("yyyy-MM-dd HH:mm", -1) == "1969-12-31 23:59");
    // 2021-12-31 (a Friday) is in the week holding 2022-01-01: week 1 of 2022.
    CHECK(f("Y w yyyy", 1640908800000) == "2022 1 2021");
    // 2022-12-31 (a Saturday) ends the last week of 2022; 2023 starts on a Sunday.
    CHECK(f("Y w", 1672444800000) == "2022 53");
    CHECK_THROWS_WITH_AS(SimpleDateFormat("yyyy-bb"), "Illegal pattern character 'b'",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(SimpleDateFormat("'abc"), "Unterminated quote", std::invalid_argument);
}

TEST_CASE("SimpleDateFormat parses leniently") {
    CHECK(SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").parse("2023-11-14T22:13:20.123Z") ==
          kInstant);
    CHECK(SimpleDateFormat("yyyyMMdd").parse("20231114") == 1699920000000);
    CHECK(SimpleDateFormat("dd MMM yyyy HH:mm Z").parse("14 nov 2023 23:13 +0100") ==
          1700000000000 - 20000);
    CHECK(SimpleDateFormat("yyyy-MM-dd").parse("2023-13-01") ==
          SimpleDateFormat("yyyy-MM-dd").parse("2024-01-01"));
    CHECK_FALSE(SimpleDateFormat("yyyy-MM-dd").parse("nope").has_value());
}

TEST_CASE("TimestampConverter: whole value, field, schemaless, tombstone") {
    Env env;
    auto to_str = configured<TimestampConverter<Side::Value>>(
        {{"target.type", "string"}, {"format", "yyyy-MM-dd"}});
    const kc_record* s =
        to_str->apply(env.record(kc::schemas::int64().raw(), kc::make_int64(kInstant)), env.arena);
    CHECK(str(s->value) == "2023-11-14");
    CHECK(s->value_schema->type == KC_TYPE_STRING);

    auto to_ts = configured<TimestampConverter<Side::Value>>(
        {{"target.type", "Timestamp"}, {"field", "when"}, {"format", "yyyy-MM-dd"}});
    kc::Schema schema = kc::SchemaBuilder::struct_()
                            .field("when", kc::schemas::string())
                            .field("other", kc::schemas::int32())
                            .build();
    kc_value v = env.strct(
        schema, {{"when", kc::make_string_ref("2023-11-14")}, {"other", kc::make_int32(1)}});
    const kc_record* t = to_ts->apply(env.record(schema.raw(), v), env.arena);
    CHECK(field(t->value, "when").u.i == 1699920000000);
    CHECK(kc::sv(t->value_schema->fields[0].schema->name) ==
          "org.apache.kafka.connect.data.Timestamp");
    kc::validate_value(t->value_schema, &t->value);

    auto unix_s = configured<TimestampConverter<Side::Value>>({{"target.type", "unix"},
                                                               {"unix.precision", "seconds"},
                                                               {"field", "when"},
                                                               {"format", "yyyy-MM-dd"}});
    const kc_record* u = unix_s->apply(
        env.record(nullptr, env.map({{"when", kc::make_string_ref("2023-11-14")}})), env.arena);
    CHECK(get(u->value, "when")->u.i == 1699920000);
    // Java copies the map into new HashMap<>(value): 8 buckets for 3 entries,
    // where a and i share one (OpenJDK 17 iterates a, i, e).
    auto unix_i = configured<TimestampConverter<Side::Value>>(
        {{"target.type", "unix"}, {"field", "i"}, {"format", "yyyy-MM-dd"}});
    const kc_record* reordered =
        unix_i->apply(env.record(nullptr, env.map({{"a", kc::make_int32(1)},
                                                   {"e", kc::make_int32(2)},
                                                   {"i", kc::make_string_ref("2023-11-14")}})),
                      env.arena);
    CHECK(keys(reordered->value) == "a,i,e");

    auto to_date = configured<TimestampConverter<Side::Value>>({{"target.type", "Date"}});
    const kc_record* d =
        to_date->apply(env.record(kc::SchemaBuilder::int64()
                                      .name("org.apache.kafka.connect.data.Timestamp")
                                      .version(1)
                                      .build()
                                      .raw(),
                                  kc::make_int64(kInstant)),
                       env.arena);
    CHECK(d->value.u.i == 19675);  // days since epoch
    CHECK(d->value.tag == KC_VAL_INT32);

    const kc_record* tomb = to_date->apply(env.record(nullptr, kc_value{}), env.arena);
    CHECK(tomb->value.tag == KC_VAL_NULL);
    CHECK(to_ts->apply(env.record(schema.raw(), kc_value{}), env.arena)->value.tag == KC_VAL_NULL);

    CHECK_THROWS_WITH(to_str->apply(env.record(nullptr, kc::make_int32(5)), env.arena),
                      "TimestampConverter does not support class java.lang.Integer objects as "
                      "timestamps");
    CHECK_THROWS_WITH(
        to_ts->apply(env.record(schema.raw(), env.strct(schema, {{"when", kc::make_string_ref("x")},
                                                                 {"other", kc::make_int32(1)}})),
                     env.arena),
        "Could not parse timestamp: value (x) does not match pattern (yyyy-MM-dd)");
    using T = TimestampConverter<Side::Value>;
    CHECK(config_error<T>({{"target.type", "string"}}) ==
          "TimestampConverter requires format option to be specified when using string timestamps");
    CHECK(config_error<T>({{"target.type", "date"}}) ==
          "Invalid value date for configuration target.type: String must be one of: string, "
          "unix, Date, Time, Timestamp");
    CHECK(config_error<T>({{"target.type", "unix"}, {"unix.precision", "hours"}}) ==
          "Invalid value hours for configuration unix.precision: String must be one of: "
          "nanoseconds, microseconds, milliseconds, seconds");
    CHECK(config_error<T>({{"target.type", "string"}, {"format", "qq"}}) ==
          "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
          "timestamps: qq");
}
