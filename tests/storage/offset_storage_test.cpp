#include <doctest/doctest.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "host/storage/memory_offset_backing_store.hpp"
#include "host/storage/offset_storage.hpp"
#include "host/storage/storage_error.hpp"

using namespace kc::host::storage;

namespace {

OffsetMap part(const std::string& file) {
    return {{"filename", file}};
}
OffsetMap pos(int64_t p) {
    return {{"position", p}};
}

// A store whose writes can be made to fail or be held back (like a Kafka
// store acknowledging later).
class ControlledStore : public MemoryOffsetBackingStore {
  public:
    bool fail = false;
    bool defer = false;
    std::vector<std::pair<OffsetEntries, SetCallback>> deferred;

    void set(const OffsetEntries& entries, SetCallback done) override {
        if (defer) {
            deferred.emplace_back(entries, std::move(done));
            return;
        }
        if (fail) {
            done(std::make_exception_ptr(StorageError("disk full")));
            return;
        }
        MemoryOffsetBackingStore::set(entries, std::move(done));
    }
    void complete_deferred() {
        auto pending = std::move(deferred);
        deferred.clear();
        for (auto& [entries, done] : pending)
            MemoryOffsetBackingStore::set(entries, done);
    }
};

}  // namespace

TEST_CASE("offset JSON: Java key and value formats") {
    CHECK(offset_key("my-conn", part("/tmp/a.txt")) == R"(["my-conn",{"filename":"/tmp/a.txt"}])");
    CHECK(offset_map_to_json(pos(1234)) == R"({"position":1234})");
    // Partition keys in the connector's order, as Java writes the map it is
    // handed; the canonical form (sorted) is what stores match on.
    const OffsetMap ab{{"a", int64_t{1}}, {"b", std::string("x")}};
    const OffsetMap ba{{"b", std::string("x")}, {"a", int64_t{1}}};
    CHECK(offset_key("c", ba) == R"(["c",{"b":"x","a":1}])");
    CHECK(offset_key("c", ab) == R"(["c",{"a":1,"b":"x"}])");
    CHECK(canonical_offset_key(offset_key("c", ba)) == offset_key("c", ab));
    CHECK(canonical_offset_key(R"(["c",{"b":"x","a":1,"b":"y"}])") ==
          R"(["c",{"a":1,"b":"y"}])");  // a repeated key: the last wins
    CHECK_FALSE(canonical_offset_key("[1,{}]").has_value());
    CHECK_FALSE(parse_offset_key("[\"c\"]").has_value());
    CHECK_FALSE(parse_offset_key("not json").has_value());
    const auto parsed = parse_offset_key(R"(["c",{"n":null,"t":true,"d":1.5}])");
    REQUIRE(parsed.has_value());
    CHECK(parsed->first == "c");
    CHECK(std::get<double>(parsed->second[2].second) == 1.5);
    CHECK(std::holds_alternative<std::nullptr_t>(parsed->second[0].second));
    CHECK_THROWS_AS(offset_map_from_json(R"({"nested":{"x":1}})"), std::invalid_argument);
}

TEST_CASE("offset JSON: kc_value maps in and out") {
    kc_map_entry entries[3] = {};
    entries[0].key.tag = KC_VAL_STRING;
    entries[0].key.u.str = {"position", 8};
    entries[0].value.tag = KC_VAL_INT32;
    entries[0].value.u.i = 42;
    entries[1].key.tag = KC_VAL_STRING;
    entries[1].key.u.str = {"raw", 3};
    entries[1].value.tag = KC_VAL_BYTES;
    entries[1].value.u.str = {"\x01\x02\x03", 3};
    entries[2].key.tag = KC_VAL_STRING;
    entries[2].key.u.str = {"ok", 2};
    entries[2].value.tag = KC_VAL_BOOLEAN;
    entries[2].value.u.b = true;
    kc_value map{};
    map.tag = KC_VAL_MAP;
    map.u.map = {entries, 3};
    const OffsetMap m = offset_map_from_value(map);
    CHECK(offset_map_to_json(m) == R"({"position":42,"raw":"AQID","ok":true})");

    std::vector<void*> allocations;
    const ArenaAlloc alloc = [&](std::size_t size, std::size_t) {
        void* p = std::calloc(1, size);
        allocations.push_back(p);
        return p;
    };
    kc_value out{};
    REQUIRE(offset_map_to_value(m, alloc, out));
    REQUIRE(out.tag == KC_VAL_MAP);
    REQUIRE(out.u.map.count == 3);
    CHECK(out.u.map.entries[0].value.tag == KC_VAL_INT64);
    CHECK(out.u.map.entries[0].value.u.i == 42);
    CHECK(std::string(out.u.map.entries[1].value.u.str.ptr, out.u.map.entries[1].value.u.str.len) ==
          "AQID");
    for (void* p : allocations)
        std::free(p);

    kc_map_entry bad = entries[0];
    bad.value.tag = KC_VAL_ARRAY;
    bad.value.u.array = {nullptr, 0};
    map.u.map = {&bad, 1};
    CHECK_THROWS_WITH_AS(offset_map_from_value(map), doctest::Contains("position"),
                         std::invalid_argument);
}

TEST_CASE("offset JSON: a task's kc_value partition gives the key in its own order") {
    kc_map_entry entries[2] = {};
    entries[0].key.tag = KC_VAL_STRING;
    entries[0].key.u.str = {"table", 5};
    entries[0].value.tag = KC_VAL_STRING;
    entries[0].value.u.str = {"t1", 2};
    entries[1].key.tag = KC_VAL_STRING;
    entries[1].key.u.str = {"id", 2};
    entries[1].value.tag = KC_VAL_INT32;
    entries[1].value.u.i = 7;
    kc_value partition{};
    partition.tag = KC_VAL_MAP;
    partition.u.map = {entries, 2};
    CHECK(offset_key("c", partition) == R"(["c",{"table":"t1","id":7}])");
    CHECK(offset_key("c", partition) == offset_key("c", offset_map_from_value(partition)));

    kc_value not_a_map{};
    not_a_map.tag = KC_VAL_STRING;
    CHECK_THROWS_AS(offset_key("c", not_a_map), std::invalid_argument);
}

TEST_CASE("offset writer/reader: flush then read back") {
    MemoryOffsetBackingStore store;
    OffsetStorageWriter writer(store, "conn");
    OffsetStorageReader reader(store, "conn");
    CHECK_FALSE(writer.begin_flush());  // nothing buffered
    writer.offset(part("a"), pos(1));
    writer.offset(part("a"), pos(2));  // latest wins
    writer.offset(part("b"), pos(7));
    CHECK_FALSE(reader.offset(part("a")).has_value());  // not flushed yet
    REQUIRE(writer.begin_flush());
    bool ok = false;
    writer.do_flush([&](std::exception_ptr e) { ok = (e == nullptr); });
    CHECK(ok);
    CHECK_FALSE(writer.flush_in_progress());
    CHECK(reader.offset(part("a")) == pos(2));
    CHECK(reader.offset(part("b")) == pos(7));
    CHECK(store.all().count(R"(["conn",{"filename":"a"}])") == 1);
    // Another connector's reader does not see them.
    OffsetStorageReader other(store, "other");
    CHECK_FALSE(other.offset(part("a")).has_value());
    // Tombstone.
    writer.offset(part("a"), std::nullopt);
    REQUIRE(writer.begin_flush());
    writer.do_flush(nullptr);
    CHECK_FALSE(reader.offset(part("a")).has_value());
    const auto many = reader.offsets({part("a"), part("b")});
    CHECK(many.size() == 1);
    CHECK(many.at(1) == pos(7));
}

TEST_CASE("offset writer: new offsets during a flush go to the next one") {
    ControlledStore store;
    store.defer = true;
    OffsetStorageWriter writer(store, "conn");
    OffsetStorageReader reader(store, "conn");
    writer.offset(part("a"), pos(1));
    REQUIRE(writer.begin_flush());
    writer.do_flush(nullptr);
    CHECK(writer.flush_in_progress());
    writer.offset(part("a"), pos(2));  // does not block, not part of this flush
    CHECK(writer.pending() == 1);
    CHECK_THROWS_AS(writer.begin_flush(), std::logic_error);
    store.complete_deferred();
    CHECK_FALSE(writer.flush_in_progress());
    CHECK(reader.offset(part("a")) == pos(1));
    store.defer = false;
    REQUIRE(writer.begin_flush());
    writer.do_flush(nullptr);
    CHECK(reader.offset(part("a")) == pos(2));
}

TEST_CASE("offset writer: a failed flush keeps its offsets, newer ones win") {
    ControlledStore store;
    OffsetStorageWriter writer(store, "conn");
    OffsetStorageReader reader(store, "conn");
    writer.offset(part("a"), pos(1));
    writer.offset(part("b"), pos(10));
    store.fail = true;
    REQUIRE(writer.begin_flush());
    std::exception_ptr seen;
    writer.do_flush([&](std::exception_ptr e) { seen = e; });
    CHECK(seen != nullptr);
    CHECK_FALSE(writer.flush_in_progress());
    CHECK(writer.pending() == 2);
    writer.offset(part("a"), pos(3));  // newer than the failed snapshot's
    store.fail = false;
    REQUIRE(writer.begin_flush());
    writer.do_flush(nullptr);
    CHECK(reader.offset(part("a")) == pos(3));
    CHECK(reader.offset(part("b")) == pos(10));
}

TEST_CASE("offset writer: cancel_flush keeps the snapshot") {
    MemoryOffsetBackingStore store;
    OffsetStorageWriter writer(store, "conn");
    writer.offset(part("a"), pos(1));
    REQUIRE(writer.begin_flush());
    writer.offset(part("a"), pos(2));
    writer.cancel_flush();
    CHECK(writer.pending() == 1);
    REQUIRE(writer.begin_flush());
    writer.do_flush(nullptr);
    CHECK(OffsetStorageReader(store, "conn").offset(part("a")) == pos(2));
}
