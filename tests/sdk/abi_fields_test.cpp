// Unit tests of kc/abi_fields.hpp and RecordView over records whose
// struct_size differs from this SDK's kc_record: fields a shorter record lacks
// read as absent, and nothing past its struct_size is read.
#include <doctest/doctest.h>

#include <cstddef>

#include "kc/abi_fields.hpp"
#include "kc/data.hpp"
#include "kc/testing.hpp"
#include "short_struct.hpp"

using namespace kc;

namespace {

// A record with every field set to something other than its absent value.
kc_record full_record(const kc_header* headers, const kc_value* source) {
    kc_record r{};
    r.struct_size = sizeof(kc_record);
    r.partition = 3;
    r.topic = str_ref("orders");
    r.value = make_int32(42);
    r.timestamp = 1000;
    r.headers = headers;
    r.header_count = 1;
    r.source_partition = source;
    r.source_offset = source;
    r.kafka_offset = 77;
    r.timestamp_type = KC_TS_CREATE_TIME;
    r.original_topic = str_ref("raw-orders");
    r.original_partition = 4;
    r.original_kafka_offset = 76;
    return r;
}

}  // namespace

TEST_CASE("RecordView reads a record that ends before the sink fields as absent there") {
    const kc_header header{str_ref("h"), nullptr, make_string_ref("x")};
    const kc_value source = make_string_ref("p");
    const kc_record full = full_record(&header, &source);
    // A host that knew kc_record up to the source offset only.
    const ShortStruct<kc_record> old(full, offsetof(kc_record, kafka_offset));
    const RecordView rv(old.get());
    CHECK(rv.topic() == "orders");
    CHECK(rv.partition() == 3);
    CHECK(rv.value().as_int() == 42);
    CHECK(rv.timestamp() == 1000);
    CHECK(rv.headers().size() == 1);
    CHECK(rv.last_header("h") == &header);
    CHECK(rv.source_offset().as_string() == "p");
    CHECK(rv.kafka_offset() == -1);
    CHECK(rv.timestamp_type() == KC_TS_NONE);
    CHECK(abi_field(*old.get(), &kc_record::original_partition) == -1);
    CHECK(abi_field(*old.get(), &kc_record::original_topic).len == 0);

    // One that ends before the value: key and value read as null, no headers.
    const ShortStruct<kc_record> older(full, offsetof(kc_record, key_schema));
    const RecordView v2(older.get());
    CHECK(v2.topic() == "orders");
    CHECK(v2.value().is_null());
    CHECK(!v2.value_schema());
    CHECK(v2.headers().empty());
    CHECK(v2.last_header("h") == nullptr);
    CHECK(!v2.timestamp());
}

TEST_CASE("complete_copy keeps what the producer wrote and fills the rest as absent") {
    const kc_record full = full_record(nullptr, nullptr);
    const ShortStruct<kc_record> old(full, offsetof(kc_record, original_topic));
    const kc_record copy = complete_copy(*old.get());
    CHECK(copy.struct_size == sizeof(kc_record));
    CHECK(is_complete(copy));
    CHECK(!is_complete(*old.get()));
    CHECK(sv(copy.topic) == "orders");
    CHECK(copy.kafka_offset == 77);
    CHECK(copy.timestamp_type == KC_TS_CREATE_TIME);
    CHECK(copy.original_topic.len == 0);
    CHECK(copy.original_partition == -1);
    CHECK(copy.original_kafka_offset == -1);

    // RecordBuilder's copy of another record goes through the same path.
    testing::TestHost host;
    Arena arena = host.arena();
    const kc_record* built = RecordBuilder(arena, *old.get()).topic("t").build();
    CHECK(built->struct_size == sizeof(kc_record));
    CHECK(built->kafka_offset == 77);
    CHECK(built->original_kafka_offset == -1);
}

TEST_CASE("a struct longer than this SDK's (a newer host) is read and copied as far as known") {
    struct Newer {
        kc_record_metadata known;
        int64_t added_later;
    } newer{};
    newer.known = {static_cast<uint32_t>(sizeof(Newer)), 2, str_ref("t"), 9, 5};
    newer.added_later = 123;
    const kc_record_metadata& md = newer.known;
    CHECK(abi_field(md, &kc_record_metadata::offset) == 9);
    CHECK(abi_field(md, &kc_record_metadata::timestamp) == 5);
    const kc_record_metadata copy = complete_copy(md);
    CHECK(copy.struct_size == sizeof(kc_record_metadata));
    CHECK(copy.partition == 2);

    const ShortStruct<kc_record_metadata> old(md, offsetof(kc_record_metadata, offset));
    CHECK(abi_field(*old.get(), &kc_record_metadata::partition) == 2);
    CHECK(abi_field(*old.get(), &kc_record_metadata::offset) == -1);
    CHECK(abi_field(*old.get(), &kc_record_metadata::timestamp) == -1);
}
