#include <doctest/doctest.h>

#include <stdexcept>

#include "host/storage/connector_offset_backing_store.hpp"
#include "host/storage/memory_offset_backing_store.hpp"
#include "host/storage/storage_error.hpp"

using namespace kc::host::storage;

namespace {

using Log = std::vector<std::string>;

// A memory store that records each batch written to it ("name: k=v k=-") and
// can be made to fail.
class RecordingStore : public MemoryOffsetBackingStore {
  public:
    RecordingStore(std::string name, Log& log) : name_(std::move(name)), log_(log) {}
    bool fail = false;

    void set(const OffsetEntries& entries, SetCallback done) override {
        std::string line = name_ + ":";
        for (const auto& [k, v] : entries)
            line += " " + k + "=" + v.value_or("-");
        log_.push_back(line);
        if (fail) {
            done(std::make_exception_ptr(StorageError(name_ + " is down")));
            return;
        }
        MemoryOffsetBackingStore::set(entries, std::move(done));
    }

  private:
    std::string name_;
    Log& log_;
};

struct Fixture {
    Log log;
    RecordingStore worker{"worker", log};
    RecordingStore* connector = nullptr;
    std::unique_ptr<ConnectorOffsetBackingStore> store;

    Fixture() {
        auto c = std::make_unique<RecordingStore>("connector", log);
        connector = c.get();
        store = std::make_unique<ConnectorOffsetBackingStore>(&worker, std::move(c));
    }
    // set() and the error it reported ("" for none).
    std::string set(const OffsetEntries& entries) {
        std::string result = "not called";
        store->set(entries, [&](std::exception_ptr e) {
            result = "";
            if (e) {
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& ex) {
                    result = ex.what();
                }
            }
        });
        return result;
    }
};

}  // namespace

TEST_CASE("connector offsets: reads merge both stores, the connector's winning") {
    Fixture f;
    f.worker.set_sync({{"a", "w1"}, {"b", "w2"}});
    f.connector->set_sync({{"b", "c2"}, {"c", "c3"}});
    CHECK(f.store->get({"a", "b", "c", "d"}) ==
          std::map<std::string, std::string>{{"a", "w1"}, {"b", "c2"}, {"c", "c3"}});
    // One partition under two spellings is one entry, the connector's.
    f.worker.set_sync({{R"(["x",{"p":1,"q":2}])", "old"}});
    f.connector->set_sync({{R"(["x",{"q":2,"p":1}])", "new"}});
    const auto all = f.store->all();
    CHECK(all.count(R"(["x",{"p":1,"q":2}])") == 0);
    CHECK(all.at(R"(["x",{"q":2,"p":1}])") == "new");
    CHECK(all.size() == 4);
}

TEST_CASE("connector offsets: without tombstones, the connector's store first, then a copy") {
    Fixture f;
    CHECK(f.set({{"a", "1"}, {"b", "2"}}).empty());
    CHECK(f.log == Log{"connector: a=1 b=2", "worker: a=1 b=2"});
    CHECK(f.worker.get({"a"}).at("a") == "1");
}

TEST_CASE("connector offsets: tombstones go to the worker's store first (KAFKA-15018)") {
    Fixture f;
    f.worker.set_sync({{"gone", "old"}});
    f.log.clear();
    CHECK(f.set({{"a", "1"}, {"gone", std::nullopt}}).empty());
    CHECK(f.log == Log{"worker: gone=-", "connector: a=1 gone=-", "worker: a=1"});
    // The fallback read cannot resurrect the deleted offset.
    CHECK(f.store->get({"gone"}).empty());
}

TEST_CASE("connector offsets: which failures fail the batch") {
    SUBCASE("the tombstone write: nothing else is written") {
        Fixture f;
        f.worker.fail = true;
        CHECK(f.set({{"a", "1"}, {"gone", std::nullopt}}) == "worker is down");
        CHECK(f.log == Log{"worker: gone=-"});
        CHECK(f.connector->all().empty());
    }
    SUBCASE("the connector's store: no copy is made") {
        Fixture f;
        f.connector->fail = true;
        CHECK(f.set({{"a", "1"}}) == "connector is down");
        CHECK(f.log == Log{"connector: a=1"});
    }
    SUBCASE("the copy to the worker's store is only logged") {
        Fixture f;
        f.worker.fail = true;
        CHECK(f.set({{"a", "1"}}).empty());
        CHECK(f.log == Log{"connector: a=1", "worker: a=1"});
        CHECK(f.store->get({"a"}).at("a") == "1");
    }
}

TEST_CASE("connector offsets: with one store only, it is used alone") {
    Log log;
    RecordingStore worker("worker", log);
    ConnectorOffsetBackingStore worker_only(&worker, nullptr);
    worker_only.set_sync({{"a", "1"}, {"b", std::nullopt}});
    CHECK(log == Log{"worker: a=1 b=-"});
    CHECK(worker_only.has_worker_store());
    CHECK_FALSE(worker_only.has_connector_store());

    log.clear();
    ConnectorOffsetBackingStore connector_only(nullptr,
                                               std::make_unique<RecordingStore>("connector", log));
    connector_only.set_sync({{"a", "1"}, {"b", std::nullopt}});
    CHECK(log == Log{"connector: a=1 b=-"});
    CHECK(connector_only.get({"a"}).at("a") == "1");

    CHECK_THROWS_AS(ConnectorOffsetBackingStore(nullptr, nullptr), std::invalid_argument);
}
