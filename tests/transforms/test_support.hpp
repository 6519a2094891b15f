// Helpers for the transform tests: configured instances, records, maps.
#pragma once

#include <doctest/doctest.h>
#include <kc/config.hpp>
#include <kc/testing.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "common.hpp"

namespace kc_transforms::test {

template <class T>
std::unique_ptr<T> configured(const kc::ConfigMap& config) {
    auto t = std::make_unique<T>();
    t->configure(config);
    return t;
}

// The message of the ConfigException configure() throws ("" when none).
template <class T>
std::string config_error(const kc::ConfigMap& config) {
    try {
        T t;
        t.configure(config);
    } catch (const kc::ConfigException& e) {
        return e.what();
    }
    return "";
}

struct Env {
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();

    kc_value map(std::initializer_list<std::pair<std::string_view, kc_value>> kvs) {
        std::vector<kc_map_entry> entries;
        for (const auto& [k, v] : kvs)
            entries.push_back({kc::make_string_ref(k), v});
        return kc::make_map(arena, entries);
    }
    kc_value strct(const kc::Schema& s,
                   std::initializer_list<std::pair<std::string_view, kc_value>> kvs) {
        kc::StructBuilder<kc::Arena> b(arena, s);
        for (const auto& [k, v] : kvs)
            b.put(k, v);
        return b.build();
    }
    const kc_record* record(const kc_schema* value_schema, const kc_value& value,
                            std::string_view topic = "test-topic") {
        kc::RecordBuilder b(arena);
        b.topic_ref(topic).partition(3).timestamp(1700000000123).value(value_schema, value);
        return b.build();
    }
    const kc_record* keyed(const kc_schema* key_schema, const kc_value& key) {
        kc::RecordBuilder b(arena);
        b.topic_ref("test-topic").key(key_schema, key);
        return b.build();
    }
};

// Value of a field of a schemaless map, or nullptr.
inline const kc_value* get(const kc_value& map, std::string_view key) {
    return map_get(map, key);
}
// Value of a struct field by name (CHECKs that it exists).
inline const kc_value& field(const kc_value& st, std::string_view name) {
    int i = field_index(st.u.strct.schema, name);
    REQUIRE(i >= 0);
    return st.u.strct.fields[i];
}
inline std::string_view str(const kc_value& v) {
    return kc::sv(v.u.str);
}
// The string keys of a schemaless map in its order, comma-separated.
inline std::string keys(const kc_value& map) {
    std::string out;
    for (size_t i = 0; i < map.u.map.count; ++i)
        out.append(i ? "," : "").append(kc::sv(map.u.map.entries[i].key.u.str));
    return out;
}

}  // namespace kc_transforms::test
