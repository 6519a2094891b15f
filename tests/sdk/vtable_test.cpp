// What the SDK exports for a C++ plugin class, checked on the tables
// themselves (no library loading): optional entries left NULL when the class
// keeps the base class's no-op.
#include <doctest/doctest.h>
#include <kc/export.hpp>

namespace {

class PlainTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap&) override {}
    void poll(kc::SourceRecords&) override {}
    void stop() override {}
};

class AckingTask : public PlainTask {
  public:
    void commitRecord(kc::RecordView, const kc::RecordMetadata*) override { ++acks; }
    int acks = 0;
};

}  // namespace

TEST_CASE("a source task without commitRecord exports no commit_record entry") {
    // (Compared as bools: doctest cannot print function pointers.)
    CHECK((kc::detail::SourceTaskTable<PlainTask>::table.commit_record == nullptr));
    CHECK((kc::detail::SourceTaskTable<PlainTask>::table.poll != nullptr));
}

TEST_CASE("a source task overriding commitRecord, directly or below, exports it") {
    const auto& table = kc::detail::SourceTaskTable<AckingTask>::table;
    REQUIRE((table.commit_record != nullptr));
    AckingTask task;
    kc_record record{};
    kc_record_metadata md{sizeof(kc_record_metadata), 0, kc::str_ref("t"), 5, -1};
    kc_error* no_error = nullptr;
    CHECK(table.commit_record(&task, &record, &md, no_error) == KC_OK);
    CHECK(task.acks == 1);

    class Derived : public AckingTask {};
    CHECK((kc::detail::SourceTaskTable<Derived>::table.commit_record != nullptr));
}
