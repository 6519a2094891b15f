#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "host/storage/file_offset_backing_store.hpp"
#include "host/storage/storage_error.hpp"
#include "support/temp_dir.hpp"

using namespace kc::host::storage;
namespace fs = std::filesystem;

namespace {

using kc::test::TempDir;

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace

TEST_CASE("file offset store: write, reload, tombstone") {
    TempDir dir;
    const fs::path file = dir.path() / "connect.offsets";
    {
        FileOffsetBackingStore store(file);
        store.start();
        CHECK(store.all().empty());
        store.set_sync({{R"(["c",{"filename":"a"}])", R"({"position":10})"},
                        {R"(["c",{"filename":"b"}])", R"({"position":20})"}});
        store.set_sync({{R"(["c",{"filename":"a"}])", R"({"position":11})"},
                        {R"(["c",{"filename":"b"}])", std::nullopt}});
        CHECK(fs::exists(file));
        CHECK_FALSE(fs::exists(dir.path() / "connect.offsets.tmp"));
    }
    FileOffsetBackingStore reloaded(file);
    reloaded.start();
    const auto all = reloaded.all();
    REQUIRE(all.size() == 1);
    CHECK(all.at(R"(["c",{"filename":"a"}])") == R"({"position":11})");
    const auto got = reloaded.get({R"(["c",{"filename":"a"}])", "missing"});
    CHECK(got.size() == 1);
}

TEST_CASE("file offset store: binary-safe keys and values survive a reload") {
    TempDir dir;
    const fs::path file = dir.path() / "o";
    const std::string key("k\0\xff\n", 4), value("\0\0v", 3);
    {
        FileOffsetBackingStore store(file);
        store.start();
        store.set_sync({{key, value}});
    }
    FileOffsetBackingStore reloaded(file);
    reloaded.start();
    CHECK(reloaded.all().at(key) == value);
}

TEST_CASE("file offset store: a leftover partial temp file is ignored and removed") {
    TempDir dir;
    const fs::path file = dir.path() / "o";
    {
        FileOffsetBackingStore store(file);
        store.start();
        store.set_sync({{"k", "old"}});
    }
    // A crash in the middle of the next write leaves a partial temp file.
    const std::string next = encode_offset_file({{"k", "new"}});
    write(dir.path() / "o.tmp", next.substr(0, next.size() / 2));
    FileOffsetBackingStore reloaded(file);
    reloaded.start();
    CHECK(reloaded.all().at("k") == "old");
    CHECK_FALSE(fs::exists(dir.path() / "o.tmp"));
}

TEST_CASE("file offset store: corrupt or truncated file refuses to load, naming it") {
    TempDir dir;
    const fs::path file = dir.path() / "o";
    const std::string good = encode_offset_file({{"key", "value"}, {"k2", "v2"}});
    for (std::size_t cut : {good.size() - 1, good.size() / 2, std::size_t{5}}) {
        write(file, good.substr(0, cut));
        FileOffsetBackingStore store(file);
        CHECK_THROWS_WITH_AS(store.start(), doctest::Contains(file.string().c_str()), StorageError);
    }
    std::string flipped = good;
    flipped[15] ^= 0x01;
    write(file, flipped);
    FileOffsetBackingStore store(file);
    CHECK_THROWS_WITH_AS(store.start(), doctest::Contains("checksum"), StorageError);
    write(file, "some other file format");
    CHECK_THROWS_AS(FileOffsetBackingStore(file).start(), StorageError);
}

TEST_CASE("file offset store: a failed write keeps the previous content and reports") {
    TempDir dir;
    const fs::path sub = dir.path() / "sub";
    fs::create_directories(sub);
    const fs::path file = sub / "o";
    FileOffsetBackingStore store(file);
    store.start();
    store.set_sync({{"k", "1"}});
    // Make the directory unwritable by replacing it with a file: the temp file
    // cannot be created.
    fs::remove_all(sub);
    write(sub, "not a directory");
    bool called = false;
    std::exception_ptr error;
    store.set({{"k", "2"}}, [&](std::exception_ptr e) {
        called = true;
        error = e;
    });
    CHECK(called);
    CHECK(error != nullptr);
    CHECK(store.all().at("k") == "1");
    CHECK_THROWS_AS(store.set_sync({{"k", "3"}}), StorageError);
}

TEST_CASE("file offset store: file bytes follow the documented framing") {
    const std::string bytes = encode_offset_file({{"a", "b"}});
    CHECK(bytes.substr(0, 11) == "KCOFFSETS1\n");
    CHECK(bytes.size() == 11 + 4 + 4 + 1 + 4 + 1 + 4);
    CHECK(decode_offset_file(bytes, "x").at("a") == "b");
}
