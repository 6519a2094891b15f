#include <doctest/doctest.h>

#include <filesystem>

#include "host/storage/file_offset_backing_store.hpp"
#include "host/storage/offset_index.hpp"
#include "host/storage/offset_json.hpp"
#include "support/temp_dir.hpp"

using namespace kc::host::storage;
namespace fs = std::filesystem;

namespace {
// One partition, spelled in three orders: a native connector's, Java's
// HashMap order, and the sorted keys older versions of this worker wrote.
const std::string kNative = R"(["c",{"table":"t1","id":7}])";
const std::string kOtherOrder = R"(["c",{"id":7,"table":"t1"}])";
}  // namespace

TEST_CASE("offset index: a partition is found whatever order its key was written in") {
    OffsetIndex index;
    index.set(kOtherOrder, std::string(R"({"pos":1})"));
    REQUIRE(index.find(kNative) != nullptr);
    CHECK(*index.find(kNative) == R"({"pos":1})");
    // Spaces and escapes do not matter either: it is the parsed key that counts.
    CHECK(index.find(R"([ "c" , { "id" : 7 , "t\u0061ble" : "t1" } ])") != nullptr);
    // Different values, types or connectors are different partitions.
    CHECK(index.find(R"(["c",{"id":7.0,"table":"t1"}])") == nullptr);
    CHECK(index.find(R"(["d",{"id":7,"table":"t1"}])") == nullptr);

    // A later write under the other spelling replaces the value and the key bytes.
    index.set(kNative, std::string(R"({"pos":2})"));
    CHECK(index.size() == 1);
    CHECK(index.entries() == std::map<std::string, std::string>{{kNative, R"({"pos":2})"}});
    // A tombstone in any spelling removes it.
    index.set(kOtherOrder, std::nullopt);
    CHECK(index.empty());
}

TEST_CASE("offset index: keys that are not offset keys are matched by their bytes") {
    OffsetIndex index;
    const std::string odd("k\0\xff", 3);
    index.set(odd, std::string("v"));
    index.set("[1,2]", std::string("w"));
    REQUIRE(index.find(odd) != nullptr);
    CHECK(*index.find(odd) == "v");
    CHECK(index.find("[1, 2]") == nullptr);
    CHECK(index.size() == 2);
}

TEST_CASE("file offset store: a file with sorted keys serves a connector's own order") {
    const kc::test::TempDir dir("kc-offsets-index");
    const fs::path file = dir / "connect.offsets";
    // What an older version wrote: sorted partition keys.
    {
        FileOffsetBackingStore store(file);
        store.start();
        store.set_sync({{kOtherOrder, R"({"pos":10})"}});
    }
    FileOffsetBackingStore store(file);
    store.start();
    const OffsetMap partition{{"table", std::string("t1")}, {"id", int64_t{7}}};
    const std::string key = offset_key("c", partition);
    CHECK(key == kNative);
    const auto got = store.get({key});
    REQUIRE(got.size() == 1);
    CHECK(got.at(key) == R"({"pos":10})");  // answered under the key asked for
    // Writing it back under the connector's order leaves one entry, in the new spelling.
    store.set_sync({{key, R"({"pos":11})"}});
    CHECK(store.all() == std::map<std::string, std::string>{{kNative, R"({"pos":11})"}});
    FileOffsetBackingStore reloaded(file);
    reloaded.start();
    CHECK(reloaded.all() == std::map<std::string, std::string>{{kNative, R"({"pos":11})"}});
}

TEST_CASE("offset JSON: bytes as Java's JsonConverter writes them") {
    // Doubles as Java's Double.toString, not C's shortest form.
    CHECK(offset_map_to_json({{"d", 1.0e7}, {"e", 1.5}, {"f", 1.0e-4}, {"g", 100.0}}) ==
          R"({"d":1.0E7,"e":1.5,"f":1.0E-4,"g":100.0})");
    CHECK(offset_map_to_json({{"n", nullptr}, {"b", false}, {"i", int64_t{-3}}}) ==
          R"({"n":null,"b":false,"i":-3})");
    // Jackson's escapes; non-ASCII UTF-8 as it is; malformed UTF-8 as U+FFFD.
    CHECK(offset_key("c\"\\", {{"f", std::string("a\x01\n\t/\xc3\xa9")}}) ==
          "[\"c\\\"\\\\\",{\"f\":\"a\\u0001\\n\\t/\xc3\xa9\"}]");
    CHECK(offset_map_to_json({{"f", std::string("x\xff")}}) == "{\"f\":\"x\xef\xbf\xbd\"}");
}
