// Shared helpers of the transforms: which side of a record a transform works
// on, Java's Requirements checks (with Java's messages), struct field reads
// honouring defaults, and an arena map builder with Java HashMap.put meaning.
#pragma once

#include <kc/data.hpp>
#include <kc/java_hash_map.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kc_transforms {

// The $Key or $Value variant of a transform.
enum class Side { Key, Value };

inline const kc_schema* operating_schema(const kc_record& r, Side s) noexcept {
    return s == Side::Key ? r.key_schema : r.value_schema;
}
inline const kc_value& operating_value(const kc_record& r, Side s) noexcept {
    return s == Side::Key ? r.key : r.value;
}
inline bool is_null(const kc_value& v) noexcept {
    return v.tag == KC_VAL_NULL;
}

// Java's newRecord(record, updatedSchema, updatedValue) for one side: a
// shallow copy of the record in the arena with that side replaced.
inline const kc_record* with_operand(kc::Arena& arena, const kc_record& in, Side s,
                                     const kc_schema* schema, const kc_value& value) {
    kc_record* out = kc::RecordBuilder(arena, in).get();
    if (s == Side::Key) {
        out->key_schema = schema;
        out->key = value;
    } else {
        out->value_schema = schema;
        out->value = value;
    }
    return out;
}

// The Java class a value of this tag would be, as Java's messages print it.
std::string_view java_class_name(const kc_value& v) noexcept;

// Java Requirements.requireMap / requireStruct / requireSchema (DataException).
void require_map(const kc_value& v, std::string_view purpose);
void require_struct(const kc_value& v, std::string_view purpose);
void require_schema(const kc_schema* s, std::string_view purpose);

// Struct.get(field) (null replaced by the field's default) or getWithoutDefault.
inline const kc_value& struct_field(const kc_value& st, size_t i, bool with_default) noexcept {
    const kc_value& v = st.u.strct.fields[i];
    if (with_default && v.tag == KC_VAL_NULL) {
        const kc_value* d = st.u.strct.schema->fields[i].schema->default_value;
        if (d) return *d;
    }
    return v;
}

// Index of a field in a struct schema, or -1.
inline int field_index(const kc_schema* s, std::string_view name) noexcept {
    for (size_t i = 0; i < s->field_count; ++i)
        if (kc::sv(s->fields[i].name) == name) return static_cast<int>(i);
    return -1;
}

inline kc_value make_struct_value(const kc_schema* schema, const kc_value* fields) noexcept {
    kc_value v{};
    v.tag = KC_VAL_STRUCT;
    v.u.strct.schema = schema;
    v.u.strct.fields = fields;
    return v;
}

// Builds a schemaless map in the arena; put() replaces the value of an
// existing string key in place (Java HashMap/LinkedHashMap put) or appends.
class MapBuilder {
  public:
    MapBuilder(kc::Arena& arena, size_t capacity)
        : entries_(static_cast<kc_map_entry*>(arena.allocate(
              sizeof(kc_map_entry) * (capacity ? capacity : 1), alignof(kc_map_entry)))),
          capacity_(capacity) {}
    // Copies all entries of a map value (keys and values by reference).
    void put_all(const kc_value& map) noexcept {
        for (size_t i = 0; i < map.u.map.count; ++i)
            entries_[count_++] = map.u.map.entries[i];
    }
    kc_value* find(std::string_view key) noexcept {
        for (size_t i = 0; i < count_; ++i)
            if (entries_[i].key.tag == KC_VAL_STRING && kc::sv(entries_[i].key.u.str) == key)
                return &entries_[i].value;
        return nullptr;
    }
    // key must outlive the batch (arena or plugin-owned text).
    void put(std::string_view key, const kc_value& value) noexcept {
        if (kc_value* existing = find(key)) {
            *existing = value;
            return;
        }
        entries_[count_].key = kc::make_string_ref(key);
        entries_[count_].value = value;
        ++count_;
    }
    void remove(std::string_view key) noexcept {
        for (size_t i = 0; i < count_; ++i)
            if (entries_[i].key.tag == KC_VAL_STRING && kc::sv(entries_[i].key.u.str) == key) {
                for (size_t j = i + 1; j < count_; ++j)
                    entries_[j - 1] = entries_[j];
                --count_;
                return;
            }
    }
    size_t size() const noexcept { return count_; }
    size_t capacity() const noexcept { return capacity_; }
    // Puts the entries in the order a java.util.HashMap iterates after the same
    // puts, `table` being its table size at the first put (kc::java_hash_map_*
    // _table): Java's schemaless SMTs build HashMaps, and sinks print and
    // serialize them in that order.
    void order_as_java_hash_map(size_t table) {
        count_ = kc::order_as_java_hash_map(entries_, count_, table);
    }
    kc_value build() const noexcept {
        kc_value v{};
        v.tag = KC_VAL_MAP;
        v.u.map.entries = entries_;
        v.u.map.count = count_;
        return v;
    }

  private:
    kc_map_entry* entries_;
    size_t count_ = 0;
    size_t capacity_;
};

// Schemaless map lookup by string key (Java Map.get): nullptr when absent.
inline const kc_value* map_get(const kc_value& map, std::string_view key) noexcept {
    for (size_t i = 0; i < map.u.map.count; ++i) {
        const kc_map_entry& e = map.u.map.entries[i];
        if (e.key.tag == KC_VAL_STRING && kc::sv(e.key.u.str) == key) return &e.value;
    }
    return nullptr;
}

// Java String.split(regex-free single char): trailing empty strings removed.
std::vector<std::string> java_split(std::string_view s, char sep);
// Java List.toString of config list values: "[a, b]".
std::string java_list_string(const std::vector<std::string>& items);

// Java SchemaUtil.copySchemaBasics: name, version, doc and parameters.
inline kc::SchemaBuilder& copy_basics(kc::SchemaView from, kc::SchemaBuilder& to) {
    if (!from.name().empty()) to.name(from.name());
    if (auto v = from.version()) to.version(*v);
    if (!from.doc().empty()) to.doc(from.doc());
    for (const auto& p : from.params())
        to.parameter(kc::sv(p.key), kc::sv(p.value));
    return to;
}

// A deep, plugin-owned copy of a schema lent by the host, for use inside a
// derived schema that outlives the record's batch.
inline kc::Schema own(kc::SchemaView s) {
    return kc::SchemaBuilder::copy_of(s).build();
}

// A null value (Java null) as a static constant.
inline const kc_value& null_value() noexcept {
    static const kc_value v{};
    return v;
}

}  // namespace kc_transforms
