#include <doctest/doctest.h>

#include "host/storage/memory_offset_backing_store.hpp"
#include "host/storage/memory_status_backing_store.hpp"

using namespace kc::host::storage;
using kc::host::ConnectorTaskId;
using kc::host::ConnectState;

TEST_CASE("memory offset store: set, get, tombstone, callback") {
    MemoryOffsetBackingStore store;
    int calls = 0;
    store.set({{"a", "1"}, {"b", "2"}}, [&](std::exception_ptr e) {
        CHECK(e == nullptr);
        ++calls;
    });
    CHECK(calls == 1);
    store.set_sync({{"a", std::nullopt}});
    const auto got = store.get({"a", "b"});
    CHECK(got.size() == 1);
    CHECK(got.at("b") == "2");
}

TEST_CASE("memory status store: put, generations, destroyed, topics") {
    MemoryStatusBackingStore store;
    store.put(ConnectorStatus{"c", ConnectState::Running, std::nullopt, "w1:8083", 2});
    // Another worker, an older generation: not safe, ignored.
    store.put_safe(ConnectorStatus{"c", ConnectState::Failed, "old", "w2:8083", 1});
    CHECK(store.get("c")->state == ConnectState::Running);
    // The same worker may always overwrite its own report.
    store.put_safe(ConnectorStatus{"c", ConnectState::Failed, "boom", "w1:8083", 1});
    CHECK(store.get("c")->state == ConnectState::Failed);
    // Named ids, not braced temporaries: g++ 12 at -O3 reports the
    // temporary's string as maybe-uninitialized (a false positive).
    const ConnectorTaskId c0{"c", 0}, c1{"c", 1}, d0{"d", 0};
    store.put(TaskStatus{c1, ConnectState::Running, std::nullopt, "w", 0});
    store.put(TaskStatus{c0, ConnectState::Failed, "trace", "w", 0});
    store.put(TaskStatus{d0, ConnectState::Running, std::nullopt, "w", 0});
    const auto tasks = store.get_all("c");
    REQUIRE(tasks.size() == 2);
    CHECK(tasks[0].id.task == 0);
    CHECK(tasks[0].trace == "trace");
    store.put(TaskStatus{{"c", 1}, ConnectState::Destroyed, std::nullopt, "w", 0});
    CHECK_FALSE(store.get(ConnectorTaskId{"c", 1}).has_value());
    store.put(ConnectorStatus{"c", ConnectState::Destroyed, std::nullopt, "w", 3});
    CHECK(store.connectors().empty());
    store.put(TopicStatus{"t1", "c", 0, 100});
    store.put(TopicStatus{"t2", "c", 0, 200});
    store.put(TopicStatus{"t1", "c", 1, 300});  // first discovery wins
    CHECK(store.topics("c").size() == 2);
    CHECK(store.topics("c")[0].discover_timestamp == 100);
    store.delete_topic("c", "t1");
    CHECK(store.topics("c").size() == 1);
}
