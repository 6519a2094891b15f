// KafkaOffsetBackingStore against the in-process embedded broker.
#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <set>
#include <string>

#include "host/storage/kafka/kafka_offset_backing_store.hpp"
#include "host/storage/kafka_partitioner.hpp"
#include "host/storage/offset_json.hpp"
#include "host/storage/storage_error.hpp"
#include "tests/storage/kafka/store_test_support.hpp"

using namespace kc::host::storage;
using kc::host::kafka::EmbeddedBroker;
using kc::test::RawRecord;
using kc::test::RawTopic;
using kc::test::store_settings;
using namespace std::chrono_literals;

TEST_CASE("KafkaOffsetBackingStore: two workers share offsets; keys and places are Java's") {
    EmbeddedBroker broker(1);
    KafkaOffsetBackingStore a(store_settings(broker));
    a.start();  // creates the topic with Java's default 25 partitions
    KafkaOffsetBackingStore b(store_settings(broker));
    b.start();

    // The connector's map order is kept: Java writes the map it was handed.
    const std::string file_key =
        offset_key("file-source", OffsetMap{{"filename", std::string("/tmp/in.txt")}});
    const std::string table_key =
        offset_key("jdbc", OffsetMap{{"table", std::string("orders")}, {"protocol", int64_t{1}}});
    CHECK(file_key == R"(["file-source",{"filename":"/tmp/in.txt"}])");
    CHECK(table_key == R"(["jdbc",{"table":"orders","protocol":1}])");
    OffsetEntries batch;
    batch.emplace_back(file_key, R"({"position":42})");
    batch.emplace_back(table_key, R"({"incrementing":7})");
    for (int i = 0; i < 20; ++i) {
        batch.emplace_back(offset_key("many", OffsetMap{{"n", int64_t{i}}}),
                           "{\"offset\":" + std::to_string(i) + "}");
    }
    std::promise<std::exception_ptr> done;
    a.set(batch, [&](std::exception_ptr e) { done.set_value(e); });
    auto outcome = done.get_future();
    REQUIRE(outcome.wait_for(10s) == std::future_status::ready);
    CHECK(outcome.get() == nullptr);

    const auto got = b.get({file_key, table_key, R"(["nope",{}])"});
    CHECK(got == std::map<std::string, std::string>{{file_key, R"({"position":42})"},
                                                    {table_key, R"({"incrementing":7})"}});
    CHECK(b.all().size() == 22);

    // A tombstone deletes; the last write wins.
    b.set_sync({{file_key, std::nullopt}, {table_key, R"({"incrementing":8})"}});
    CHECK(a.get({file_key, table_key}) ==
          std::map<std::string, std::string>{{table_key, R"({"incrementing":8})"}});

    // Bytes as given, each where Java's murmur2 partitioner puts it.
    RawTopic raw(broker, "connect-offsets");
    const auto records = raw.records();
    REQUIRE(records.size() == 24);
    std::set<int32_t> partitions;
    for (const RawRecord& r : records) {
        REQUIRE(r.key.has_value());
        CHECK(r.partition == partition_for_key(*r.key, 25));
        partitions.insert(r.partition);
    }
    CHECK(partitions.size() > 5);
    CHECK(std::count(records.begin(), records.end(),
                     RawRecord{file_key, std::nullopt, partition_for_key(file_key, 25)}) == 1);
}

TEST_CASE("KafkaOffsetBackingStore: offsets Java wrote are found whatever the key order") {
    EmbeddedBroker broker(1);
    REQUIRE(!broker.create_topic("connect-offsets", 3));
    {
        RawTopic java(broker, "connect-offsets");
        // A Java worker's HashMap order, and junk another writer left.
        java.write(R"(["jdbc",{"protocol":1,"table":"orders"}])", R"({"incrementing":99})");
        java.write(R"(["jdbc",{"protocol":1,"table":"gone"}])", R"({"incrementing":1})");
        java.write(R"(["jdbc",{"protocol":1,"table":"gone"}])", std::nullopt);
        java.write("not json", "{}");
        java.write(std::nullopt, "{}");
    }
    KafkaOffsetBackingStore store(store_settings(broker));
    store.start();
    const std::string ours =
        offset_key("jdbc", OffsetMap{{"table", std::string("orders")}, {"protocol", int64_t{1}}});
    const std::string gone =
        offset_key("jdbc", OffsetMap{{"table", std::string("gone")}, {"protocol", int64_t{1}}});
    CHECK(store.get({ours, gone}) ==
          std::map<std::string, std::string>{{ours, R"({"incrementing":99})"}});
    CHECK(store.all().size() == 2);  // the Java key, and the junk key kept as bytes

    // Writing in our order replaces the Java-ordered entry.
    store.set_sync({{ours, R"({"incrementing":100})"}});
    const auto all = store.all();
    CHECK(all.count(ours) == 1);
    CHECK(all.count(R"(["jdbc",{"protocol":1,"table":"orders"}])") == 0);
}

TEST_CASE("KafkaOffsetBackingStore: a store that is not running fails set() and get()") {
    EmbeddedBroker broker(1);
    KafkaOffsetBackingStore store(store_settings(broker));
    CHECK_THROWS_WITH_AS(store.set_sync({{"k", "v"}}), doctest::Contains("'connect-offsets'"),
                         StorageError);
    CHECK_THROWS_AS(store.get({"k"}), StorageError);
    store.start();
    store.set_sync({});  // nothing to write: done at once
}
