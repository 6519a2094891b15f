// Loads the built plugin library through its C entry point, as the host
// does: every class is listed, and instances work through the vtables.
#include <dlfcn.h>
#include <doctest/doctest.h>
#include <kc/testing.hpp>

#include <map>
#include <string>
#include <vector>

#ifndef KC_TRANSFORMS_PLUGIN_PATH
#error "KC_TRANSFORMS_PLUGIN_PATH must name the built plugin library"
#endif

namespace {

struct Library {
    kc::testing::TestHost& host;
    void* handle = nullptr;
    const kc_plugin_entry* entry = nullptr;
    std::map<std::string, const kc_descriptor*> byName;

    explicit Library(kc::testing::TestHost& h) : host(h) {
        handle = dlopen(KC_TRANSFORMS_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
        REQUIRE_MESSAGE(handle, dlerror());
        entry = static_cast<const kc_plugin_entry*>(dlsym(handle, KC_PLUGIN_ENTRY_SYMBOL));
        REQUIRE(entry);
        REQUIRE(entry->abi_major == KC_ABI_MAJOR);
        REQUIRE_MESSAGE(
            entry->init(host.services(), KC_TRANSFORMS_PLUGIN_PATH, host.raw_error()) == KC_OK,
            host.error().message);
        for (size_t i = 0; i < entry->descriptor_count(); ++i) {
            const kc_descriptor* d = entry->descriptor_at(i);
            byName[d->class_name] = d;
        }
    }
    // The host runs the arena's release callbacks (code in the library) before
    // it unloads the library, as the ABI requires of it.
    ~Library() {
        host.reset_arena();
        entry->deinit();
        dlclose(handle);
    }
};

std::vector<kc_config_entry> entries(const std::map<std::string, std::string>& m) {
    std::vector<kc_config_entry> out;
    for (const auto& [k, v] : m)
        out.push_back({kc::str_ref(k), kc::str_ref(v)});
    return out;
}

struct Transform {
    const kc_transform_vtable* vt;
    void* self = nullptr;
    kc::testing::TestHost& host;
    Transform(const kc_descriptor* d, kc::testing::TestHost& h,
              const std::map<std::string, std::string>& config)
        : vt(static_cast<const kc_transform_vtable*>(d->vtable)), host(h) {
        REQUIRE(d->kind == KC_KIND_TRANSFORMATION);
        REQUIRE(vt->create(host.services(), host.context(), &self, host.raw_error()) == KC_OK);
        auto e = entries(config);
        kc_config c{e.data(), e.size()};
        REQUIRE(vt->configure(self, &c, host.raw_error()) == KC_OK);
    }
    ~Transform() { vt->destroy(self); }
    const kc_record* apply(const kc_record* in) {
        const kc_record* out = nullptr;
        REQUIRE(vt->apply(self, in, host.raw_arena(), &out, host.raw_error()) == KC_OK);
        return out;
    }
};

}  // namespace

TEST_CASE("the library lists every transform and predicate under Java's class names") {
    kc::testing::TestHost host;
    Library lib(host);
    const std::string p = "org.apache.kafka.connect.transforms.";
    std::vector<std::string> sided = {
        "Cast",        "ExtractField", "Flatten",      "HeaderFrom",        "HoistField",
        "InsertField", "MaskField",    "ReplaceField", "SetSchemaMetadata", "TimestampConverter"};
    for (const auto& s : sided) {
        CHECK_MESSAGE(lib.byName.count(p + s + "$Key"), s);
        CHECK_MESSAGE(lib.byName.count(p + s + "$Value"), s);
    }
    for (const char* s :
         {"DropHeaders", "Filter", "InsertHeader", "RegexRouter", "TimestampRouter", "ValueToKey"})
        CHECK_MESSAGE(lib.byName.count(p + s), s);
    for (const char* s : {"TopicNameMatches", "HasHeaderKey", "RecordIsTombstone"}) {
        REQUIRE_MESSAGE(lib.byName.count(p + "predicates." + s), s);
        CHECK(lib.byName[p + "predicates." + s]->kind == KC_KIND_PREDICATE);
    }
    CHECK(lib.byName.size() == 29);
}

TEST_CASE("HoistField$Value then InsertField$Value through the vtables (file source shape)") {
    kc::testing::TestHost host;
    Library lib(host);
    kc::Arena arena = host.arena();
    Transform hoist(lib.byName.at("org.apache.kafka.connect.transforms.HoistField$Value"), host,
                    {{"field", "line"}});
    Transform insert(lib.byName.at("org.apache.kafka.connect.transforms.InsertField$Value"), host,
                     {{"static.field", "data_source"}, {"static.value", "test-file-source"}});
    kc::RecordBuilder b(arena);
    b.topic_ref("connect-test").value(kc::schemas::string(), kc::make_string_ref("hello"));
    const kc_record* out = insert.apply(hoist.apply(b.build()));
    REQUIRE(out->value_schema);
    REQUIRE(out->value_schema->field_count == 2);
    CHECK(kc::sv(out->value.u.strct.fields[0].u.str) == "hello");
    CHECK(kc::sv(out->value.u.strct.fields[1].u.str) == "test-file-source");
    kc::validate_value(out->value_schema, &out->value);
}

TEST_CASE("Filter gated by TopicNameMatches, and configuration errors, through the vtables") {
    kc::testing::TestHost host;
    Library lib(host);
    kc::Arena arena = host.arena();
    const kc_descriptor* pd =
        lib.byName.at("org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
    auto* pvt = static_cast<const kc_predicate_vtable*>(pd->vtable);
    void* pred = nullptr;
    REQUIRE(pvt->create(host.services(), host.context(), &pred, host.raw_error()) == KC_OK);
    const std::map<std::string, std::string> config = {{"pattern", "keep-.*"}};
    auto e = entries(config);  // borrows the strings of config
    kc_config c{e.data(), e.size()};
    REQUIRE(pvt->configure(pred, &c, host.raw_error()) == KC_OK);
    Transform filter(lib.byName.at("org.apache.kafka.connect.transforms.Filter"), host, {});

    // negate=true: the filter applies to records whose topic does NOT match.
    for (const char* topic : {"keep-a", "drop-b"}) {
        kc::RecordBuilder b(arena);
        b.topic_ref(topic);
        const kc_record* r = b.build();
        bool matches = false;
        REQUIRE(pvt->test(pred, r, &matches, host.raw_error()) == KC_OK);
        const kc_record* out = !matches ? filter.apply(r) : r;
        CHECK((out != nullptr) == (std::string(topic) == "keep-a"));
    }
    pvt->destroy(pred);

    auto* vt = static_cast<const kc_transform_vtable*>(
        lib.byName.at("org.apache.kafka.connect.transforms.Cast$Value")->vtable);
    void* cast = nullptr;
    REQUIRE(vt->create(host.services(), host.context(), &cast, host.raw_error()) == KC_OK);
    kc_config empty{nullptr, 0};
    CHECK(vt->configure(cast, &empty, host.raw_error()) == KC_CONFIG);
    CHECK(host.error().message ==
          "Missing required configuration \"spec\" which has no default value.");
    vt->destroy(cast);
}
