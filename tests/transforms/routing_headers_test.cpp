// RegexRouter, TimestampRouter, DropHeaders, InsertHeader, Filter and the predicates.
#include "drop_headers.hpp"
#include "filter.hpp"
#include "insert_header.hpp"
#include "predicates.hpp"
#include "regex_router.hpp"
#include "test_support.hpp"
#include "timestamp_router.hpp"

using namespace kc_transforms;
using namespace kc_transforms::test;

TEST_CASE("RegexRouter: whole-name match, $ groups, escapes, no match") {
    Env env;
    auto r = configured<RegexRouter>({{"regex", "(.*)-(\\d+)"}, {"replacement", "$2_$1\\$"}});
    const kc_record* out = r->apply(env.record(nullptr, kc_value{}, "orders-42"), env.arena);
    CHECK(kc::sv(out->topic) == "42_orders$");
    const kc_record* same = env.record(nullptr, kc_value{}, "orders-42x");
    CHECK(r->apply(same, env.arena) == same);  // matches() needs the whole name

    auto named =
        configured<RegexRouter>({{"regex", "(?<db>\\w+)\\.(?<t>\\w+)"}, {"replacement", "${t}"}});
    CHECK(kc::sv(named->apply(env.record(nullptr, kc_value{}, "shop.items"), env.arena)->topic) ==
          "items");
    // Java: "$12" with one group is group 1 followed by "2".
    auto digits = configured<RegexRouter>({{"regex", "(a)"}, {"replacement", "$12"}});
    CHECK(kc::sv(digits->apply(env.record(nullptr, kc_value{}, "a"), env.arena)->topic) == "a2");
    auto bad = configured<RegexRouter>({{"regex", "(a)"}, {"replacement", "$3"}});
    CHECK_THROWS_WITH(bad->apply(env.record(nullptr, kc_value{}, "a"), env.arena), "No group 3");

    CHECK(config_error<RegexRouter>({{"replacement", "x"}}) ==
          "Missing required configuration \"regex\" which has no default value.");
    std::string err = config_error<RegexRouter>({{"regex", "(abc"}, {"replacement", "x"}});
    CHECK(err.rfind("Invalid value (abc for configuration regex: Invalid regex: ", 0) == 0);
}

TEST_CASE("TimestampRouter: default format, custom pattern, missing timestamp") {
    Env env;
    auto r = configured<TimestampRouter>({});
    const kc_record* out = r->apply(env.record(nullptr, kc_value{}, "logs"), env.arena);
    CHECK(kc::sv(out->topic) == "logs-20231114");
    auto custom = configured<TimestampRouter>(
        {{"topic.format", "${timestamp}/${topic}"}, {"timestamp.format", "yyyy-MM-dd'T'HH"}});
    CHECK(kc::sv(custom->apply(env.record(nullptr, kc_value{}, "t"), env.arena)->topic) ==
          "2023-11-14T22/t");
    kc::RecordBuilder b(env.arena);
    b.topic_ref("t");
    CHECK_THROWS_AS(r->apply(b.build(), env.arena), kc::DataException);
    CHECK(config_error<TimestampRouter>({{"timestamp.format", "yyyyqq"}}) ==
          "Invalid value yyyyqq for configuration timestamp.format: Illegal pattern character 'q'");
}

TEST_CASE("DropHeaders and InsertHeader") {
    Env env;
    kc_header hs[] = {{kc::str_ref("a"), nullptr, kc::make_int32(1)},
                      {kc::str_ref("b"), nullptr, kc::make_int32(2)},
                      {kc::str_ref("a"), nullptr, kc::make_int32(3)}};
    kc::RecordBuilder b(env.arena);
    b.topic_ref("t").headers(hs);
    const kc_record* in = b.build();
    auto drop = configured<DropHeaders>({{"headers", "a"}});
    const kc_record* out = drop->apply(in, env.arena);
    REQUIRE(out->header_count == 1);
    CHECK(kc::sv(out->headers[0].key) == "b");
    CHECK(config_error<DropHeaders>({{"headers", ""}}) ==
          "Invalid value [] for configuration headers: Empty list");

    auto ins = configured<InsertHeader>({{"header", "n"}, {"value.literal", "42"}});
    const kc_record* o2 = ins->apply(in, env.arena);
    REQUIRE(o2->header_count == 4);
    CHECK(kc::sv(o2->headers[3].key) == "n");
    CHECK(o2->headers[3].value.tag == KC_VAL_INT8);  // Values.parseString: smallest integer type
    CHECK(o2->headers[3].value.u.i == 42);
    auto txt = configured<InsertHeader>({{"header", "n"}, {"value.literal", "hello"}});
    CHECK(kc::sv(txt->apply(in, env.arena)->headers[3].value.u.str) == "hello");
    CHECK(config_error<InsertHeader>({{"header", "n"}}) ==
          "Missing required configuration \"value.literal\" which has no default value.");
}

TEST_CASE("Filter drops; predicates test topic, header and tombstone") {
    Env env;
    Filter f;
    f.configure({});
    CHECK(f.apply(env.record(nullptr, kc_value{}), env.arena) == nullptr);

    auto tnm = configured<TopicNameMatches>({{"pattern", "foo.*"}});
    CHECK(tnm->test(env.record(nullptr, kc_value{}, "foobar")));
    CHECK_FALSE(tnm->test(env.record(nullptr, kc_value{}, "xfoobar")));
    CHECK(config_error<TopicNameMatches>({{"pattern", ""}}) ==
          "Invalid value  for configuration pattern: String must be non-empty");
    CHECK(config_error<TopicNameMatches>({{"pattern", "[a"}})
              .rfind("Invalid value [a for configuration pattern: Invalid regex: ", 0) == 0);

    kc_header h{kc::str_ref("trace"), nullptr, kc::make_int32(1)};
    kc::RecordBuilder b(env.arena);
    b.topic_ref("t").headers({&h, 1});
    auto hhk = configured<HasHeaderKey>({{"name", "trace"}});
    CHECK(hhk->test(b.build()));
    CHECK_FALSE(hhk->test(env.record(nullptr, kc_value{})));
    CHECK(config_error<HasHeaderKey>({}) ==
          "Missing required configuration \"name\" which has no default value.");

    RecordIsTombstone tomb;
    tomb.configure({});
    CHECK(tomb.test(env.record(nullptr, kc_value{})));
    CHECK_FALSE(tomb.test(env.record(nullptr, kc::make_int32(1))));
}
