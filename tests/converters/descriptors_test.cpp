// The built-in converters through their C descriptors, as the worker drives
// them: every class is registered under its Java name and round-trips data.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "host/converters/builtin_converters.hpp"
#include "kc/export.hpp"
#include "kc/logical.hpp"
#include "kc/testing.hpp"

using namespace kc;

namespace {
const kc_descriptor* find(kc_plugin_kind kind, std::string_view name) {
    for (const kc_descriptor* d : kc::host::builtin_converters())
        if (d->kind == kind && name == d->class_name) return d;
    return nullptr;
}
}  // namespace

TEST_CASE("every built-in converter has a descriptor under its Java class name") {
    std::set<std::pair<int, std::string>> seen;
    for (const kc_descriptor* d : kc::host::builtin_converters()) {
        CHECK(d->struct_size == sizeof(kc_descriptor));
        CHECK(d->vtable);
        const bool has_validate = d->validate != nullptr;
        CHECK(has_validate);
        seen.emplace(d->kind, d->class_name);
    }
    const char* both[] = {"org.apache.kafka.connect.json.JsonConverter",
                          "org.apache.kafka.connect.storage.StringConverter",
                          "org.apache.kafka.connect.converters.ByteArrayConverter",
                          "org.apache.kafka.connect.converters.IntegerConverter",
                          "org.apache.kafka.connect.converters.LongConverter",
                          "org.apache.kafka.connect.converters.ShortConverter",
                          "org.apache.kafka.connect.converters.FloatConverter",
                          "org.apache.kafka.connect.converters.DoubleConverter",
                          "org.apache.kafka.connect.converters.BooleanConverter"};
    for (const char* name : both) {
        CHECK(seen.count({KC_KIND_CONVERTER, name}) == 1);
        CHECK(seen.count({KC_KIND_HEADER_CONVERTER, name}) == 1);
    }
    CHECK(seen.count({KC_KIND_HEADER_CONVERTER,
                      "org.apache.kafka.connect.storage.SimpleHeaderConverter"}) == 1);
    CHECK(seen.size() == 19);
    const kc_descriptor* json = find(KC_KIND_CONVERTER, both[0]);
    std::set<std::string> keys;
    for (size_t i = 0; i < json->config_def_count; ++i)
        keys.insert(json->config_def[i].name);
    CHECK(keys.count("schemas.enable"));
    CHECK(keys.count("schemas.cache.size"));
    CHECK(keys.count("decimal.format"));
    CHECK(keys.count("replace.null.with.default"));
}

TEST_CASE("JsonConverter through the C vtable: configure, from/to connect, errors") {
    testing::TestHost host;
    const kc_descriptor* d = find(KC_KIND_CONVERTER, "org.apache.kafka.connect.json.JsonConverter");
    REQUIRE(d);
    auto* vt = static_cast<const kc_converter_vtable*>(d->vtable);
    void* self = nullptr;
    REQUIRE(vt->create(host.services(), host.context(), &self, host.raw_error()) == KC_OK);
    kc_config_entry entries[] = {{str_ref("schemas.enable"), str_ref("false")}};
    kc_config config{entries, 1};
    REQUIRE(vt->configure(self, &config, false, host.raw_error()) == KC_OK);
    kc_value v = make_int32(5);
    kc_str out{};
    REQUIRE(vt->from_connect(self, str_ref("t"), nullptr, 0, schemas::int32().raw(), &v,
                             host.raw_arena(), &out, host.raw_error()) == KC_OK);
    CHECK(sv(out) == "5");
    const kc_schema* schema = nullptr;
    kc_value back{};
    REQUIRE(vt->to_connect(self, str_ref("t"), nullptr, 0, str_ref("[1,2]"), host.raw_arena(),
                           &schema, &back, host.raw_error()) == KC_OK);
    CHECK(back.tag == KC_VAL_ARRAY);
    CHECK(vt->to_connect(self, str_ref("t"), nullptr, 0, str_ref("{oops"), host.raw_arena(),
                         &schema, &back, host.raw_error()) == KC_DATA);
    CHECK(host.error().message.find("offset 1") != std::string::npos);
    kc_config_entry bad[] = {{str_ref("decimal.format"), str_ref("HEX")}};
    kc_config bad_config{bad, 1};
    CHECK(vt->configure(self, &bad_config, false, host.raw_error()) == KC_CONFIG);
    vt->destroy(self);
}

TEST_CASE("every built-in converter keeps its KC_FLAG_NULL_TO_NULL promise") {
    // The flag lets the worker skip the call for a null key or tombstone, so
    // each converter must really turn (no schema, null) into null bytes, as
    // key and as value converter, JsonConverter with and without envelopes.
    testing::TestHost host;
    int converters = 0;
    for (const kc_descriptor* d : kc::host::builtin_converters()) {
        if (d->kind != KC_KIND_CONVERTER) continue;
        ++converters;
        INFO(d->class_name);
        CHECK((d->flags & KC_FLAG_NULL_TO_NULL) != 0);
        auto* vt = static_cast<const kc_converter_vtable*>(d->vtable);
        for (const char* envelope : {"true", "false"}) {
            for (bool is_key : {true, false}) {
                void* self = nullptr;
                REQUIRE(vt->create(host.services(), host.context(), &self, host.raw_error()) ==
                        KC_OK);
                kc_config_entry entries[] = {{str_ref("schemas.enable"), str_ref(envelope)}};
                kc_config config{entries, 1};
                REQUIRE(vt->configure(self, &config, is_key, host.raw_error()) == KC_OK);
                kc_value null_value{};
                kc_str out{"x", 1};
                CHECK(vt->from_connect(self, str_ref("t"), nullptr, 0, nullptr, &null_value,
                                       host.raw_arena(), &out, host.raw_error()) == KC_OK);
                CHECK(out.ptr == nullptr);
                out = kc_str{"x", 1};
                CHECK(vt->from_connect(self, str_ref("t"), nullptr, 0, nullptr, nullptr,
                                       host.raw_arena(), &out, host.raw_error()) == KC_OK);
                CHECK(out.ptr == nullptr);
                vt->destroy(self);
            }
        }
    }
    CHECK(converters == 9);
}

TEST_CASE("descriptor validate() reports bad settings once the host is bound") {
    testing::TestHost host;
    const kc_descriptor* d = find(KC_KIND_CONVERTER, "org.apache.kafka.connect.json.JsonConverter");
    REQUIRE(d);
    kc::set_linked_plugin_host(host.services());
    kc_config_entry bad[] = {{str_ref("decimal.format"), str_ref("HEX")}};
    kc_config config{bad, 1};
    const kc_config_value* out = nullptr;
    size_t n = 0;
    REQUIRE(d->validate(&config, host.raw_arena(), &out, &n, host.raw_error()) == KC_OK);
    bool flagged = false;
    for (size_t i = 0; i < n; ++i)
        if (sv(out[i].name) == "decimal.format") flagged = out[i].error_count > 0;
    CHECK(flagged);
    kc::set_linked_plugin_host(nullptr);
}

TEST_CASE("every converter round-trips its own output through the C vtables") {
    testing::TestHost host;
    struct Case {
        const char* name;
        const kc_schema* schema;
        kc_value value;
    };
    std::string dec = logical::decimal_from_string("3.14", 2);
    const Case cases[] = {
        {"org.apache.kafka.connect.json.JsonConverter", logical::decimal_schema(2).raw(),
         make_bytes_ref(dec)},
        {"org.apache.kafka.connect.storage.StringConverter", schemas::optional_string().raw(),
         make_string_ref("text")},
        {"org.apache.kafka.connect.converters.ByteArrayConverter", schemas::optional_bytes().raw(),
         make_bytes_ref("raw")},
        {"org.apache.kafka.connect.converters.IntegerConverter", schemas::optional_int32().raw(),
         make_int32(-7)},
        {"org.apache.kafka.connect.converters.LongConverter", schemas::optional_int64().raw(),
         make_int64(1LL << 40)},
        {"org.apache.kafka.connect.converters.ShortConverter", schemas::optional_int16().raw(),
         make_int16(12)},
        {"org.apache.kafka.connect.converters.FloatConverter", schemas::optional_float32().raw(),
         make_float32(0.25f)},
        {"org.apache.kafka.connect.converters.DoubleConverter", schemas::optional_float64().raw(),
         make_float64(1e-300)},
        {"org.apache.kafka.connect.converters.BooleanConverter", schemas::optional_boolean().raw(),
         make_bool(true)},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        for (kc_plugin_kind kind : {KC_KIND_CONVERTER, KC_KIND_HEADER_CONVERTER}) {
            const kc_descriptor* d = find(kind, c.name);
            REQUIRE(d);
            void* self = nullptr;
            kc_str out{};
            const kc_schema* schema = nullptr;
            kc_value back{};
            kc_config empty{nullptr, 0};
            if (kind == KC_KIND_CONVERTER) {
                auto* vt = static_cast<const kc_converter_vtable*>(d->vtable);
                REQUIRE(vt->create(host.services(), host.context(), &self, host.raw_error()) ==
                        KC_OK);
                REQUIRE(vt->configure(self, &empty, true, host.raw_error()) == KC_OK);
                REQUIRE(vt->from_connect(self, str_ref("t"), nullptr, 0, c.schema, &c.value,
                                         host.raw_arena(), &out, host.raw_error()) == KC_OK);
                REQUIRE(vt->to_connect(self, str_ref("t"), nullptr, 0, out, host.raw_arena(),
                                       &schema, &back, host.raw_error()) == KC_OK);
                // null <-> null
                kc_str nout{};
                REQUIRE(vt->from_connect(self, str_ref("t"), nullptr, 0, nullptr, nullptr,
                                         host.raw_arena(), &nout, host.raw_error()) == KC_OK);
                CHECK(nout.ptr == nullptr);
                // The schema may belong to the instance: check before destroying it.
                CHECK(schema_equals(schema, c.schema));
                CHECK(value_equals(&back, &c.value));
                vt->destroy(self);
            } else {
                auto* vt = static_cast<const kc_header_converter_vtable*>(d->vtable);
                REQUIRE(vt->create(host.services(), host.context(), &self, host.raw_error()) ==
                        KC_OK);
                REQUIRE(vt->configure(self, &empty, host.raw_error()) == KC_OK);
                REQUIRE(vt->from_connect(self, str_ref("t"), str_ref("h"), c.schema, &c.value,
                                         host.raw_arena(), &out, host.raw_error()) == KC_OK);
                REQUIRE(vt->to_connect(self, str_ref("t"), str_ref("h"), out, host.raw_arena(),
                                       &schema, &back, host.raw_error()) == KC_OK);
                CHECK(schema_equals(schema, c.schema));
                CHECK(value_equals(&back, &c.value));
                vt->destroy(self);
            }
        }
    }
}
