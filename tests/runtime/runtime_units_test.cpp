// Runtime pieces without Kafka: connector config parsing, committed offsets,
// submitted-record bookkeeping, the error handler, the offsets file.
#include <doctest/doctest.h>

#include <set>

#include "host/plugins/host_services.hpp"
#include "host/runtime/active_topics.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/error_handler.hpp"
#include "host/runtime/submitted_records.hpp"
#include "host/storage/offset_json.hpp"
#include "kc/data.hpp"

using namespace kc::host;
using namespace kc::host::runtime;

namespace {

// A task's partition/offset map of one primitive, allocated in `arena`.
kc_value one_entry_map(Arena& arena, std::string key, storage::OffsetPrimitive value) {
    const storage::ArenaAlloc alloc = [&arena](std::size_t size, std::size_t align) {
        return arena.allocate(size, align);
    };
    kc_value v{};
    REQUIRE(storage::offset_map_to_value({{std::move(key), std::move(value)}}, alloc, v));
    return v;
}

}  // namespace

TEST_CASE("transforms and predicates are wired from their aliases, whitespace trimmed") {
    std::vector<ConfigProblem> problems;
    auto c = parse_connector_config({{"name", "c"},
                                     {"connector.class", "X"},
                                     {"transforms", " a , b "},
                                     {"transforms.a.type", "T1"},
                                     {"transforms.a.field", "line"},
                                     {"transforms.b.type", "T2"},
                                     {"transforms.b.predicate", "p"},
                                     {"transforms.b.negate", "true"},
                                     {"predicates", "p"},
                                     {"predicates.p.type", "P"},
                                     {"predicates.p.pattern", "x.*"}},
                                    false, problems);
    CHECK(problems.empty());
    REQUIRE(c.transforms.size() == 2);
    CHECK(c.transforms[0].alias == "a");
    CHECK(c.transforms[0].config == config::ConfigMap{{"field", "line"}});
    CHECK(c.transforms[1].predicate == "p");
    CHECK(c.transforms[1].negate);
    CHECK(c.transforms[1].config.empty());
    REQUIRE(c.predicates.size() == 1);
    CHECK(c.predicates[0].config == config::ConfigMap{{"pattern", "x.*"}});
}

TEST_CASE("config problems name the key") {
    std::vector<ConfigProblem> problems;
    parse_connector_config({{"name", "c"},
                            {"connector.class", "X"},
                            {"transforms", "a"},
                            {"tasks.max", "zero"},
                            {"errors.tolerance", "some"}},
                           true, problems);
    std::set<std::string> keys;
    for (auto& p : problems)
        keys.insert(p.key);
    CHECK(keys.count("transforms.a.type"));
    CHECK(keys.count("tasks.max"));
    CHECK(keys.count("errors.tolerance"));
    CHECK(keys.count("topics"));  // a sink needs topics or topics.regex
}

TEST_CASE("sink topics and the DLQ topic must be names Kafka can hold") {
    auto problems_for = [](const std::string& topics, const std::string& dlq) {
        std::vector<ConfigProblem> problems;
        parse_connector_config({{"name", "c"},
                                {"connector.class", "X"},
                                {"topics", topics},
                                {"errors.deadletterqueue.topic.name", dlq}},
                               true, problems);
        std::vector<std::string> out;
        for (auto& p : problems)
            out.push_back(p.key + ": " + p.message);
        return out;
    };
    CHECK(problems_for("orders, audit.v1,_x-y", "dlq-orders").empty());
    CHECK(problems_for("orders," + std::string(250, 't'), "") ==
          std::vector<std::string>{"topics: Invalid value for configuration topics: Topic name is "
                                   "illegal, it can't be longer than 249 characters (it has 250)"});
    CHECK(problems_for("bad topic\r\n", "").size() == 1);
    CHECK(problems_for("..", "").size() == 1);
    CHECK(problems_for("t", "dlq topic") ==
          std::vector<std::string>{"errors.deadletterqueue.topic.name: Invalid value for "
                                   "configuration errors.deadletterqueue.topic.name: Topic name is "
                                   "illegal, it contains a character other than ASCII "
                                   "alphanumerics, '.', '_' and '-'"});
}

TEST_CASE("an offset is committable once every earlier record of its partition settled") {
    Arena scratch;
    kc_value part = one_entry_map(scratch, "f", std::string("x"));
    SubmittedRecords sr("c");
    auto* b = sr.open_batch();
    kc_record r[3]{};
    kc_value offs[3];
    uint64_t seq[3];
    for (int i = 0; i < 3; ++i) {
        offs[i] = one_entry_map(b->arena, "position", int64_t{i + 1});
        r[i].source_partition = &part;
        r[i].source_offset = &offs[i];
        seq[i] = sr.submit(b, &r[i]);
    }
    sr.seal(b);
    sr.settle(seq[1]);
    sr.advance();
    CHECK(sr.committable().empty());
    sr.settle(seq[0]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->first == R"(["c",{"f":"x"}])");
    CHECK(sr.committable().begin()->second == R"({"position":2})");
    sr.committable().clear();  // taken by a flush
    CHECK(sr.in_flight() == 1);
    sr.settle(seq[2]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->second == R"({"position":3})");
    CHECK(sr.in_flight() == 0);
}

TEST_CASE("records in flight past the ring's first size keep their order and offsets") {
    // The ring starts small and doubles; growing while its head has moved
    // on (sequence numbers wrapped) must keep every entry where it belongs.
    Arena scratch;
    kc_value part = one_entry_map(scratch, "f", std::string("x"));
    SubmittedRecords sr("c");
    auto* b = sr.open_batch();
    constexpr int kRecords = 1000;
    std::vector<kc_record> r(kRecords);
    std::vector<kc_value> offs(kRecords);
    std::vector<uint64_t> seq(kRecords);
    auto submit = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            offs[i] = one_entry_map(b->arena, "position", int64_t{i + 1});
            r[i].source_partition = &part;
            r[i].source_offset = &offs[i];
            seq[i] = sr.submit(b, &r[i]);
        }
    };
    submit(0, 300);
    for (int i = 0; i < 100; ++i)
        sr.settle(seq[i]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->second == R"({"position":100})");
    sr.committable().clear();
    submit(300, kRecords);
    sr.seal(b);
    CHECK(sr.in_flight() == kRecords - 100);
    for (int i = 100; i < kRecords; ++i)
        CHECK(sr.record(seq[i]) == &r[i]);
    for (int i = kRecords - 1; i >= 100; --i)
        sr.settle(seq[i]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->second == R"({"position":1000})");
    CHECK(sr.in_flight() == 0);
}

TEST_CASE("a record stuck in one source partition holds back only that partition's offsets") {
    Arena scratch;
    kc_value a = one_entry_map(scratch, "f", std::string("a"));
    kc_value b = one_entry_map(scratch, "f", std::string("b"));
    SubmittedRecords sr("c");
    kc_record r[4]{};
    uint64_t seq[4];
    // Two polls, each with a record of a and one of b; offsets in the polls' arenas.
    for (int poll = 0; poll < 2; ++poll) {
        auto* batch = sr.open_batch();
        for (int k = 0; k < 2; ++k) {
            const int i = poll * 2 + k;
            auto* off =
                static_cast<kc_value*>(batch->arena.allocate(sizeof(kc_value), alignof(kc_value)));
            *off = one_entry_map(batch->arena, "position", int64_t{poll + 1});
            r[i].source_partition = k == 0 ? &a : &b;
            r[i].source_offset = off;
            seq[i] = sr.submit(batch, &r[i]);
        }
        sr.seal(batch);
    }
    // a's first record waits for its acknowledgement; everything else is in.
    for (int i : {1, 2, 3})
        sr.settle(seq[i]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->first == R"(["c",{"f":"b"}])");
    CHECK(sr.committable().begin()->second == R"({"position":2})");
    CHECK(sr.in_flight() == 4);  // both polls' arenas stay: the oldest record is unsettled
    sr.committable().clear();
    sr.settle(seq[0]);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->first == R"(["c",{"f":"a"}])");
    CHECK(sr.committable().begin()->second == R"({"position":2})");
    CHECK(sr.in_flight() == 0);
}

TEST_CASE("a partition object reused for another partition in a later poll is told apart") {
    Arena scratch;
    SubmittedRecords sr("c");
    kc_value part = one_entry_map(scratch, "f", std::string("a"));
    kc_value off = one_entry_map(scratch, "position", int64_t{1});
    kc_record r{};
    r.source_partition = &part;
    r.source_offset = &off;
    auto* batch = sr.open_batch();
    sr.settle(sr.submit(batch, &r));
    sr.seal(batch);
    sr.advance();
    CHECK(sr.committable().begin()->first == R"(["c",{"f":"a"}])");
    sr.committable().clear();
    // The plugin's memory now holds another partition at the same address.
    part = one_entry_map(scratch, "f", std::string("b"));
    batch = sr.open_batch();
    sr.settle(sr.submit(batch, &r));
    sr.seal(batch);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->first == R"(["c",{"f":"b"}])");
}

TEST_CASE("source partitions that go idle are forgotten and come back cleanly") {
    Arena scratch;
    SubmittedRecords sr("c");
    std::vector<kc_value> parts, offs;
    parts.reserve(100);
    offs.reserve(101);
    std::vector<kc_record> recs(101);
    auto* batch = sr.open_batch();
    for (int i = 0; i < 100; ++i) {
        parts.push_back(one_entry_map(scratch, "file", "f" + std::to_string(i)));
        offs.push_back(one_entry_map(scratch, "position", int64_t{i}));
        recs[i].source_partition = &parts[i];
        recs[i].source_offset = &offs[i];
        sr.settle(sr.submit(batch, &recs[i]));
    }
    sr.seal(batch);
    sr.advance();
    CHECK(sr.committable().size() == 100);
    sr.committable().clear();
    // A new record of the first file, in a partition value of its own.
    kc_value again = one_entry_map(scratch, "file", std::string("f0"));
    offs.push_back(one_entry_map(scratch, "position", int64_t{1000}));
    recs[100].source_partition = &again;
    recs[100].source_offset = &offs[100];
    batch = sr.open_batch();
    sr.settle(sr.submit(batch, &recs[100]));
    sr.seal(batch);
    sr.advance();
    REQUIRE(sr.committable().size() == 1);
    CHECK(sr.committable().begin()->first == R"(["c",{"file":"f0"}])");
    CHECK(sr.committable().begin()->second == R"({"position":1000})");
}

TEST_CASE("an offset that is not a map of primitives is never committed") {
    Arena scratch;
    kc_value part = one_entry_map(scratch, "f", std::string("x"));
    kc_value bad{};
    bad.tag = KC_VAL_STRING;
    SubmittedRecords sr("c");
    auto* b = sr.open_batch();
    kc_record r{};
    r.source_partition = &part;
    r.source_offset = &bad;
    uint64_t seq = sr.submit(b, &r);
    sr.seal(b);
    sr.settle(seq);
    sr.advance();
    CHECK(sr.committable().empty());
    CHECK(sr.in_flight() == 0);
}

TEST_CASE("the ring of submitted records grows past its initial size") {
    Arena scratch;
    kc_value part = one_entry_map(scratch, "f", std::string("x"));
    SubmittedRecords sr("c");
    auto* b = sr.open_batch();
    std::vector<kc_record> recs(10000);
    std::vector<uint64_t> seqs;
    for (size_t i = 0; i < recs.size(); ++i) {
        auto* o = static_cast<kc_value*>(b->arena.allocate(sizeof(kc_value), alignof(kc_value)));
        *o = one_entry_map(b->arena, "position", static_cast<int64_t>(i));
        recs[i].source_partition = &part;
        recs[i].source_offset = o;
        seqs.push_back(sr.submit(b, &recs[i]));
    }
    sr.seal(b);
    for (auto s : seqs)
        sr.settle(s);
    sr.advance();
    CHECK(sr.committable().begin()->second == R"({"position":9999})");
}

TEST_CASE("error handler: tolerance, retries and failure messages") {
    ErrorSettings none;
    ErrorHandler h(none, "c-0");
    CHECK(h.execute(Stage::ValueConverter, "cls", nullptr, [] {}));
    try {
        h.execute(Stage::ValueConverter, "cls", nullptr,
                  [] { throw PluginError(KC_DATA, "bad json"); });
        FAIL("expected TaskFailure");
    } catch (const TaskFailure& f) {
        CHECK(std::string(f.what()) == "Tolerance exceeded in error handler");
        CHECK(f.trace.find("bad json") != std::string::npos);
    }

    ErrorSettings all;
    all.tolerance = Tolerance::All;
    ErrorHandler tolerant(all, "c-0");
    struct Count : ErrorReporter {
        int* n;
        explicit Count(int* n) : n(n) {}
        void report(const ErrorReport& r) override {
            ++*n;
            CHECK(r.exception_class == "org.apache.kafka.connect.errors.DataException");
        }
    };
    int reported = 0;
    tolerant.add_reporter(std::make_unique<Count>(&reported));
    CHECK_FALSE(tolerant.execute(Stage::Transformation, "cls", nullptr,
                                 [] { throw PluginError(KC_DATA, "bad"); }));
    CHECK(reported == 1);
    // Outside converters/transforms only retriable errors are tolerable.
    CHECK_THROWS_WITH_AS(
        tolerant.execute(Stage::TaskPut, "cls", nullptr, [] { throw PluginError(KC_DATA, "bad"); }),
        "Unhandled exception in error handler", TaskFailure);

    ErrorSettings retry;
    retry.retry_timeout_ms = 5000;
    ErrorHandler retrying(retry, "c-0");
    int calls = 0;
    CHECK(retrying.execute(Stage::KeyConverter, "cls", nullptr, [&] {
        if (++calls < 2) throw PluginError(KC_RETRIABLE, "later");
    }));
    CHECK(calls == 2);
}

TEST_CASE("active topics: recorded once per task, forgotten by a reset, reported again after") {
    ActiveTopics store;
    TopicRecorder task0(&store, "c");
    TopicRecorder task1(&store, "c");
    task0.record("b");
    task0.record("a");
    task0.record("b");
    task1.record("a");
    CHECK(store.get("c") == std::vector<std::string>{"a", "b"});
    CHECK(store.get("other").empty());
    store.reset("c");
    CHECK(store.get("c").empty());
    task0.record("b");  // the recorder's memory is dropped with the reset
    CHECK(store.get("c") == std::vector<std::string>{"b"});
    TopicRecorder disabled(nullptr, "c");
    disabled.record("z");
    CHECK(store.get("c") == std::vector<std::string>{"b"});
}
