// kc/data.hpp - the Connect data model in C++ over the plain-C structs of kc/abi.h.
//
// Three families of types:
//  - views (SchemaView, ValueView, StructView, RecordView): non-owning, free to
//    copy, valid as long as what they look at. They are how plugin code reads
//    data the host lends it.
//  - owning handles (Schema, OwnedValue): immutable trees a plugin keeps, e.g.
//    the schemas it declares or derives and caches. A Schema's kc_schema
//    address never changes, so it can key caches by identity.
//  - arena builders (Arena, the make_* value functions, StructBuilder,
//    RecordBuilder): build the data a plugin hands back to the host inside the
//    kc_arena of the call, with no per-record heap allocation.
#pragma once

#include <kc/abi.h>
#include <kc/abi_fields.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kc/error.hpp"

namespace kc {

// ---------------------------------------------------------------------------
// Strings and allocation
// ---------------------------------------------------------------------------

inline std::string_view sv(kc_str s) noexcept {
    return s.len ? std::string_view(s.ptr, s.len) : std::string_view();
}
inline kc_str str_ref(std::string_view s) noexcept {
    return kc_str{s.data(), s.size()};
}

namespace detail {
// Bump allocation in [cursor, end): the aligned piece, or nullptr when it does
// not fit. Shared by Arena's blocks and Pool.
inline void* bump(uintptr_t& cursor, uintptr_t end, size_t size, size_t align) noexcept {
    const uintptr_t at = (cursor + align - 1) & ~(uintptr_t(align) - 1);
    if (at + size > end) return nullptr;
    cursor = at + size;
    return reinterpret_cast<void*>(at);
}
}  // namespace detail

// Allocation from the kc_arena of the current call (memory freed by the host in
// bulk). Every allocator in this header offers allocate(size, align).
//
// A call that allocates a lot (a poll() building thousands of records) would
// cross into the host once per allocation. Past kDirectBytes, this wrapper
// takes zeroed blocks from the host arena instead and carves them up inline;
// each block is as large as what it took so far (1-8 KiB), so the unused
// tail of the last one stays below what was used. Calls that allocate
// little (a converter or transform per record) keep going straight to the
// host and leave no tail.
class Arena {
  public:
    Arena(const kc_host* host, kc_arena* arena) noexcept : host_(host), arena_(arena) {}
    // A copy shares the host arena but not the block this one is carving up.
    Arena(const Arena& other) noexcept : host_(other.host_), arena_(other.arena_) {}
    Arena& operator=(const Arena& other) noexcept {
        host_ = other.host_;
        arena_ = other.arena_;
        cursor_ = end_ = 0;
        taken_ = 0;
        return *this;
    }

    void* allocate(size_t size, size_t align) {
        size = size ? size : 1;
        if (void* p = detail::bump(cursor_, end_, size, align)) return p;  // blocks come zeroed
        return allocate_slow(size, align);
    }
    template <class T>
    T* alloc(size_t n = 1) {
        return static_cast<T*>(allocate(sizeof(T) * n, alignof(T)));
    }
    kc_str copy(std::string_view s) {
        if (s.empty()) return kc_str{"", 0};  // empty, not null
        char* p = alloc<char>(s.size());
        std::memcpy(p, s.data(), s.size());
        return kc_str{p, s.size()};
    }
    const kc_host* host() const noexcept { return host_; }
    kc_arena* raw() const noexcept { return arena_; }

  private:
    static constexpr size_t kDirectBytes = 1024;
    // Small against the host's 64 KiB chunks, so a block rarely strands the
    // end of one.
    static constexpr size_t kMaxBlock = 8 * 1024;

    void* from_host(size_t size, size_t align) {
        void* p = host_->arena_alloc(arena_, size, align);
        if (!p) throw std::bad_alloc();
        return p;
    }
    // Out of line, so that allocate() itself inlines into its callers.
    [[gnu::noinline]] void* allocate_slow(size_t size, size_t align) {
        const size_t block = std::min(taken_, kMaxBlock);
        if (block < kDirectBytes || size + align > block / 4) {
            taken_ += size;
            return from_host(size, align);
        }
        taken_ += block;
        cursor_ = reinterpret_cast<uintptr_t>(from_host(block, alignof(std::max_align_t)));
        end_ = cursor_ + block;
        return allocate(size, align);
    }

    const kc_host* host_;
    kc_arena* arena_;
    uintptr_t cursor_ = 0;  // the block being carved up: [cursor_, end_)
    uintptr_t end_ = 0;
    size_t taken_ = 0;  // bytes this wrapper took from the host arena
};

// A bump allocator in this image's own heap, for what a plugin keeps beyond
// one call (the owning handles Schema and OwnedValue, a partition map held by
// a task, a parsed literal): freed when the Pool goes. Never handed to the
// other side of the ABI.
class Pool {
  public:
    Pool() = default;
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    void* allocate(size_t size, size_t align) {
        size = size ? size : 1;
        void* p = detail::bump(cursor_, end_, size, align);
        if (!p) {
            size_t cap = std::max<size_t>(size + align, 2 * last_cap_ + 256);
            blocks_.push_back(std::make_unique<std::byte[]>(cap));
            last_cap_ = cap;
            cursor_ = reinterpret_cast<uintptr_t>(blocks_.back().get());
            end_ = cursor_ + cap;
            p = detail::bump(cursor_, end_, size, align);
            // The new block always fits; saying so also keeps GCC's -Warray-bounds from
            // assuming a null p in Release builds.
            if (!p) throw std::bad_alloc();
        }
        std::memset(p, 0, size);
        return p;
    }
    kc_str copy(std::string_view s) {
        if (s.empty()) return kc_str{"", 0};  // empty, not null
        char* p = static_cast<char*>(allocate(s.size(), 1));
        std::memcpy(p, s.data(), s.size());
        return kc_str{p, s.size()};
    }

  private:
    std::vector<std::unique_ptr<std::byte[]>> blocks_;
    uintptr_t cursor_ = 0;
    uintptr_t end_ = 0;
    size_t last_cap_ = 0;
};

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

enum class Type : int {
    Int8 = KC_TYPE_INT8,
    Int16 = KC_TYPE_INT16,
    Int32 = KC_TYPE_INT32,
    Int64 = KC_TYPE_INT64,
    Float32 = KC_TYPE_FLOAT32,
    Float64 = KC_TYPE_FLOAT64,
    Boolean = KC_TYPE_BOOLEAN,
    String = KC_TYPE_STRING,
    Bytes = KC_TYPE_BYTES,
    Array = KC_TYPE_ARRAY,
    Map = KC_TYPE_MAP,
    Struct = KC_TYPE_STRUCT,
};

// Java's lower-case type names, as used by JsonConverter and Cast.
inline std::string_view type_name(Type t) noexcept {
    switch (t) {
        case Type::Int8:
            return "int8";
        case Type::Int16:
            return "int16";
        case Type::Int32:
            return "int32";
        case Type::Int64:
            return "int64";
        case Type::Float32:
            return "float32";
        case Type::Float64:
            return "float64";
        case Type::Boolean:
            return "boolean";
        case Type::String:
            return "string";
        case Type::Bytes:
            return "bytes";
        case Type::Array:
            return "array";
        case Type::Map:
            return "map";
        case Type::Struct:
            return "struct";
    }
    return "unknown";
}
inline std::optional<Type> type_from_name(std::string_view n) noexcept {
    for (int i = KC_TYPE_INT8; i <= KC_TYPE_STRUCT; ++i)
        if (type_name(static_cast<Type>(i)) == n) return static_cast<Type>(i);
    return std::nullopt;
}
inline bool is_primitive(Type t) noexcept {
    return t < Type::Array;
}

// The value tag that stores a value of schema type t.
inline kc_value_tag tag_for(Type t) noexcept {
    return static_cast<kc_value_tag>(static_cast<int>(t) + 1);
}
// The schema type of a non-null value tag.
inline Type type_for(kc_value_tag tag) noexcept {
    return static_cast<Type>(static_cast<int>(tag) - 1);
}
// A value tag as Java's messages name the value's type ("null" for null).
inline std::string tag_name(kc_value_tag t) {
    return t == KC_VAL_NULL ? "null" : std::string(type_name(type_for(t)));
}

class ValueView;
class StructView;

// ---------------------------------------------------------------------------
// Schema views
// ---------------------------------------------------------------------------

class SchemaView;

struct FieldView {
    std::string_view name;
    uint32_t index;
    const kc_schema* schema;
    SchemaView schema_view() const noexcept;
};

class SchemaView {
  public:
    SchemaView(const kc_schema* s = nullptr) noexcept : s_(s) {}  // NOLINT: implicit by design

    explicit operator bool() const noexcept { return s_ != nullptr; }
    const kc_schema* raw() const noexcept { return s_; }

    Type type() const noexcept { return static_cast<Type>(s_->type); }
    bool optional() const noexcept { return s_->optional; }
    std::string_view name() const noexcept { return sv(s_->name); }
    std::optional<int32_t> version() const noexcept {
        return s_->has_version ? std::optional<int32_t>(s_->version) : std::nullopt;
    }
    std::string_view doc() const noexcept { return sv(s_->doc); }
    const kc_value* default_value() const noexcept { return s_->default_value; }

    std::span<const kc_param> params() const noexcept { return {s_->params, s_->param_count}; }
    std::optional<std::string_view> param(std::string_view key) const noexcept {
        for (const auto& p : params())
            if (sv(p.key) == key) return sv(p.value);
        return std::nullopt;
    }

    size_t field_count() const noexcept { return s_->field_count; }
    FieldView field(size_t i) const noexcept {
        const kc_field& f = s_->fields[i];
        return FieldView{sv(f.name), f.index, f.schema};
    }
    // Linear lookup: callers on a hot path derive an index once per schema.
    std::optional<FieldView> field(std::string_view name) const noexcept {
        for (size_t i = 0; i < s_->field_count; ++i)
            if (sv(s_->fields[i].name) == name) return field(i);
        return std::nullopt;
    }
    SchemaView key_schema() const noexcept { return s_->key_schema; }
    SchemaView value_schema() const noexcept { return s_->value_schema; }

  private:
    const kc_schema* s_;
};

inline SchemaView FieldView::schema_view() const noexcept {
    return SchemaView(schema);
}

bool schema_equals(SchemaView a, SchemaView b) noexcept;
size_t schema_hash(SchemaView s) noexcept;

// ---------------------------------------------------------------------------
// Value views
// ---------------------------------------------------------------------------

class ValueView {
  public:
    ValueView(const kc_value* v = nullptr) noexcept : v_(v) {}  // NOLINT: implicit by design

    const kc_value* raw() const noexcept { return v_; }
    kc_value_tag tag() const noexcept {
        return v_ ? static_cast<kc_value_tag>(v_->tag) : KC_VAL_NULL;
    }
    bool is_null() const noexcept { return tag() == KC_VAL_NULL; }
    bool is_integral() const noexcept { return tag() >= KC_VAL_INT8 && tag() <= KC_VAL_INT64; }
    bool is_floating() const noexcept { return tag() == KC_VAL_FLOAT32 || tag() == KC_VAL_FLOAT64; }

    int64_t as_int() const noexcept { return v_->u.i; }
    double as_double() const noexcept { return v_->u.f; }
    bool as_bool() const noexcept { return v_->u.b; }
    std::string_view as_string() const noexcept { return sv(v_->u.str); }  // STRING and BYTES
    std::span<const kc_value> as_array() const noexcept {
        return {v_->u.array.items, v_->u.array.count};
    }
    std::span<const kc_map_entry> as_map() const noexcept {
        return {v_->u.map.entries, v_->u.map.count};
    }
    StructView as_struct() const noexcept;

    // Schemaless map lookup by string key (linear).
    ValueView map_get(std::string_view key) const noexcept {
        for (const auto& e : as_map())
            if (e.key.tag == KC_VAL_STRING && sv(e.key.u.str) == key) return &e.value;
        return nullptr;
    }

  private:
    const kc_value* v_;
};

class StructView {
  public:
    explicit StructView(const kc_value* v) noexcept : v_(v) {}
    SchemaView schema() const noexcept { return v_->u.strct.schema; }
    ValueView get(size_t index) const noexcept { return &v_->u.strct.fields[index]; }
    // Throws DataException naming the field when the schema has no such field.
    ValueView get(std::string_view field) const {
        auto f = schema().field(field);
        if (!f) throw DataException(std::string(field) + " is not a valid field name");
        return get(f->index);
    }
    const kc_value* raw() const noexcept { return v_; }

  private:
    const kc_value* v_;
};

inline StructView ValueView::as_struct() const noexcept {
    return StructView(v_);
}

bool value_equals(ValueView a, ValueView b) noexcept;
size_t value_hash(ValueView v) noexcept;

// ---------------------------------------------------------------------------
// Building values (into any allocator: Arena, Pool)
// ---------------------------------------------------------------------------

inline kc_value make_null() noexcept {
    return kc_value{};
}
inline kc_value make_int(kc_value_tag tag, int64_t v) noexcept {
    kc_value r{};
    r.tag = tag;
    r.u.i = v;
    return r;
}
inline kc_value make_int8(int8_t v) noexcept {
    return make_int(KC_VAL_INT8, v);
}
inline kc_value make_int16(int16_t v) noexcept {
    return make_int(KC_VAL_INT16, v);
}
inline kc_value make_int32(int32_t v) noexcept {
    return make_int(KC_VAL_INT32, v);
}
inline kc_value make_int64(int64_t v) noexcept {
    return make_int(KC_VAL_INT64, v);
}
inline kc_value make_float(kc_value_tag tag, double v) noexcept {
    kc_value r{};
    r.tag = tag;
    r.u.f = tag == KC_VAL_FLOAT32 ? static_cast<double>(static_cast<float>(v)) : v;
    return r;
}
inline kc_value make_float32(float v) noexcept {
    return make_float(KC_VAL_FLOAT32, v);
}
inline kc_value make_float64(double v) noexcept {
    return make_float(KC_VAL_FLOAT64, v);
}
inline kc_value make_bool(bool v) noexcept {
    kc_value r{};
    r.tag = KC_VAL_BOOLEAN;
    r.u.b = v;
    return r;
}
// Refers to s without copying: s must outlive the value (e.g. a record's batch).
inline kc_value make_string_ref(std::string_view s) noexcept {
    kc_value r{};
    r.tag = KC_VAL_STRING;
    r.u.str = str_ref(s);
    return r;
}
inline kc_value make_bytes_ref(std::string_view b) noexcept {
    kc_value r{};
    r.tag = KC_VAL_BYTES;
    r.u.str = str_ref(b);
    return r;
}
template <class Alloc>
kc_value make_string(Alloc& a, std::string_view s) {
    kc_value r = make_string_ref({});
    r.u.str = a.copy(s);
    return r;
}
template <class Alloc>
kc_value make_bytes(Alloc& a, std::string_view b) {
    kc_value r = make_bytes_ref({});
    r.u.str = a.copy(b);
    return r;
}
template <class Alloc>
kc_value* alloc_values(Alloc& a, size_t n) {
    return static_cast<kc_value*>(a.allocate(sizeof(kc_value) * n, alignof(kc_value)));
}
// Copies the item array (not the items' children).
template <class Alloc>
kc_value make_array(Alloc& a, std::span<const kc_value> items) {
    kc_value r{};
    r.tag = KC_VAL_ARRAY;
    kc_value* out = alloc_values(a, items.size());
    std::copy(items.begin(), items.end(), out);
    r.u.array.items = out;
    r.u.array.count = items.size();
    return r;
}
template <class Alloc>
kc_value make_map(Alloc& a, std::span<const kc_map_entry> entries) {
    kc_value r{};
    r.tag = KC_VAL_MAP;
    auto* out = static_cast<kc_map_entry*>(
        a.allocate(sizeof(kc_map_entry) * entries.size(), alignof(kc_map_entry)));
    std::copy(entries.begin(), entries.end(), out);
    r.u.map.entries = out;
    r.u.map.count = entries.size();
    return r;
}

// Copies a whole value tree (strings, children) into the allocator. Struct
// values keep pointing at their schema: the schema's owner must outlive them.
template <class Alloc>
kc_value deep_copy(Alloc& a, ValueView v) {
    kc_value r = v.raw() ? *v.raw() : kc_value{};
    switch (v.tag()) {
        case KC_VAL_STRING:
        case KC_VAL_BYTES:
            r.u.str = a.copy(v.as_string());
            break;
        case KC_VAL_ARRAY: {
            auto items = v.as_array();
            kc_value* out = alloc_values(a, items.size());
            for (size_t i = 0; i < items.size(); ++i)
                out[i] = deep_copy(a, &items[i]);
            r.u.array.items = out;
            break;
        }
        case KC_VAL_MAP: {
            auto entries = v.as_map();
            auto* out = static_cast<kc_map_entry*>(
                a.allocate(sizeof(kc_map_entry) * entries.size(), alignof(kc_map_entry)));
            for (size_t i = 0; i < entries.size(); ++i) {
                out[i].key = deep_copy(a, &entries[i].key);
                out[i].value = deep_copy(a, &entries[i].value);
            }
            r.u.map.entries = out;
            break;
        }
        case KC_VAL_STRUCT: {
            size_t n = v.raw()->u.strct.schema->field_count;
            kc_value* out = alloc_values(a, n);
            for (size_t i = 0; i < n; ++i)
                out[i] = deep_copy(a, &v.raw()->u.strct.fields[i]);
            r.u.strct.fields = out;
            break;
        }
        default:
            break;
    }
    return r;
}

// A value tree a plugin keeps (schema defaults, cached constants).
class OwnedValue {
  public:
    OwnedValue() : pool_(std::make_shared<Pool>()) {}
    static OwnedValue copy_of(ValueView v) {
        OwnedValue o;
        o.root_ = deep_copy(*o.pool_, v);
        return o;
    }
    ValueView view() const noexcept { return &root_; }
    const kc_value* raw() const noexcept { return &root_; }

  private:
    std::shared_ptr<Pool> pool_;
    kc_value root_{};
};

// ---------------------------------------------------------------------------
// Validation (Java ConnectSchema.validateValue)
// ---------------------------------------------------------------------------

// Throws DataException saying which field (path) and why when v does not fit s.
// A null fits an optional schema or one with a default.
void validate_value(SchemaView s, ValueView v, std::string_view path = {});

// ---------------------------------------------------------------------------
// Owning schemas and the builder
// ---------------------------------------------------------------------------

namespace detail {
struct SchemaNode;
}

// An immutable, shareable schema. Copies share one tree; raw() is stable.
class Schema {
  public:
    Schema() = default;
    const kc_schema* raw() const noexcept;
    SchemaView view() const noexcept { return SchemaView(raw()); }
    operator SchemaView() const noexcept { return view(); }  // NOLINT: implicit by design
    explicit operator bool() const noexcept { return node_ != nullptr; }
    SchemaView operator->() const = delete;

  private:
    friend class SchemaBuilder;
    std::shared_ptr<const detail::SchemaNode> node_;
};

namespace detail {
struct SchemaNode {
    kc_schema schema{};
    Pool pool;
    std::vector<Schema> children;  // keeps field/key/value schemas alive
    OwnedValue default_value;
};
}  // namespace detail

inline const kc_schema* Schema::raw() const noexcept {
    return node_ ? &node_->schema : nullptr;
}

// Java's SchemaBuilder. build() validates (duplicate field, default fitting the
// schema) and throws SchemaBuilderException (a DataException) naming the problem.
class SchemaBuilder {
  public:
    explicit SchemaBuilder(Type t) : type_(t) {}
    static SchemaBuilder int8() { return SchemaBuilder(Type::Int8); }
    static SchemaBuilder int16() { return SchemaBuilder(Type::Int16); }
    static SchemaBuilder int32() { return SchemaBuilder(Type::Int32); }
    static SchemaBuilder int64() { return SchemaBuilder(Type::Int64); }
    static SchemaBuilder float32() { return SchemaBuilder(Type::Float32); }
    static SchemaBuilder float64() { return SchemaBuilder(Type::Float64); }
    static SchemaBuilder boolean() { return SchemaBuilder(Type::Boolean); }
    static SchemaBuilder string() { return SchemaBuilder(Type::String); }
    static SchemaBuilder bytes() { return SchemaBuilder(Type::Bytes); }
    static SchemaBuilder struct_() { return SchemaBuilder(Type::Struct); }
    static SchemaBuilder array(Schema items) {
        SchemaBuilder b(Type::Array);
        b.value_ = std::move(items);
        return b;
    }
    static SchemaBuilder map(Schema keys, Schema values) {
        SchemaBuilder b(Type::Map);
        b.key_ = std::move(keys);
        b.value_ = std::move(values);
        return b;
    }
    // A builder pre-filled from an existing schema (Java SchemaUtil.copySchemaBasics
    // plus fields/items), used by transforms that derive a schema.
    static SchemaBuilder copy_of(SchemaView s, bool with_fields = true);

    SchemaBuilder& optional(bool on = true) {
        optional_ = on;
        return *this;
    }
    SchemaBuilder& required() { return optional(false); }
    SchemaBuilder& name(std::string_view n) {
        name_ = n;
        return *this;
    }
    SchemaBuilder& version(int32_t v) {
        version_ = v;
        return *this;
    }
    SchemaBuilder& doc(std::string_view d) {
        doc_ = d;
        return *this;
    }
    SchemaBuilder& parameter(std::string_view k, std::string_view v) {
        for (auto& p : params_)
            if (p.first == k) {
                p.second = v;
                return *this;
            }
        params_.emplace_back(k, v);
        return *this;
    }
    SchemaBuilder& default_value(ValueView v) {
        default_ = OwnedValue::copy_of(v);
        has_default_ = !v.is_null();
        return *this;
    }
    SchemaBuilder& field(std::string_view name, Schema schema) {
        if (type_ != Type::Struct)
            throw DataException("Cannot create fields on type " + std::string(type_name(type_)));
        for (auto& f : fields_)
            if (f.first == name)
                throw DataException("Cannot create field because of field name duplication " +
                                    std::string(name));
        fields_.emplace_back(name, std::move(schema));
        return *this;
    }
    Type type() const noexcept { return type_; }
    size_t field_count() const noexcept { return fields_.size(); }

    Schema build() const;

  private:
    Type type_;
    bool optional_ = false;
    std::string name_;
    std::optional<int32_t> version_;
    std::string doc_;
    std::vector<std::pair<std::string, std::string>> params_;
    std::vector<std::pair<std::string, Schema>> fields_;
    Schema key_, value_;
    OwnedValue default_;
    bool has_default_ = false;
};

// Java's predefined Schema constants, one immutable instance per image.
namespace schemas {
#define KC_DEFINE_SCHEMA_CONST(fn, builder_fn, opt)                                \
    inline const Schema& fn() {                                                    \
        static const Schema s = SchemaBuilder::builder_fn().optional(opt).build(); \
        return s;                                                                  \
    }
KC_DEFINE_SCHEMA_CONST(int8, int8, false)
KC_DEFINE_SCHEMA_CONST(int16, int16, false)
KC_DEFINE_SCHEMA_CONST(int32, int32, false)
KC_DEFINE_SCHEMA_CONST(int64, int64, false)
KC_DEFINE_SCHEMA_CONST(float32, float32, false)
KC_DEFINE_SCHEMA_CONST(float64, float64, false)
KC_DEFINE_SCHEMA_CONST(boolean, boolean, false)
KC_DEFINE_SCHEMA_CONST(string, string, false)
KC_DEFINE_SCHEMA_CONST(bytes, bytes, false)
KC_DEFINE_SCHEMA_CONST(optional_int8, int8, true)
KC_DEFINE_SCHEMA_CONST(optional_int16, int16, true)
KC_DEFINE_SCHEMA_CONST(optional_int32, int32, true)
KC_DEFINE_SCHEMA_CONST(optional_int64, int64, true)
KC_DEFINE_SCHEMA_CONST(optional_float32, float32, true)
KC_DEFINE_SCHEMA_CONST(optional_float64, float64, true)
KC_DEFINE_SCHEMA_CONST(optional_boolean, boolean, true)
KC_DEFINE_SCHEMA_CONST(optional_string, string, true)
KC_DEFINE_SCHEMA_CONST(optional_bytes, bytes, true)
#undef KC_DEFINE_SCHEMA_CONST
// The predefined schema for a primitive type.
const Schema& primitive(Type t, bool optional);
}  // namespace schemas

// ---------------------------------------------------------------------------
// Structs
// ---------------------------------------------------------------------------

// Builds a struct value for `schema` in an allocator. Unset fields take the
// field's default; build() validates every field (a missing required field or
// a wrong type is a DataException naming the field).
template <class Alloc>
class StructBuilder {
  public:
    StructBuilder(Alloc& a, SchemaView schema) : a_(a), schema_(schema) {
        if (!schema || schema.type() != Type::Struct)
            throw DataException("A struct needs a struct schema");
        fields_ = alloc_values(a, schema.field_count());
        set_ = static_cast<bool*>(a.allocate(schema.field_count(), 1));
    }
    StructBuilder& put(size_t index, const kc_value& v) {
        fields_[index] = v;
        set_[index] = true;
        return *this;
    }
    StructBuilder& put(std::string_view field, const kc_value& v) {
        auto f = schema_.field(field);
        if (!f) throw DataException(std::string(field) + " is not a valid field name");
        return put(f->index, v);
    }
    kc_value build(bool validate = true) {
        for (size_t i = 0; i < schema_.field_count(); ++i) {
            FieldView f = schema_.field(i);
            if (!set_[i] && f.schema->default_value) fields_[i] = *f.schema->default_value;
            if (validate) validate_value(f.schema, &fields_[i], f.name);
        }
        kc_value r{};
        r.tag = KC_VAL_STRUCT;
        r.u.strct.schema = schema_.raw();
        r.u.strct.fields = fields_;
        return r;
    }

  private:
    Alloc& a_;
    SchemaView schema_;
    kc_value* fields_;
    bool* set_;
};

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

// A record the host lent, read through kc::abi_field(): a record from a host
// built against an older kc/abi.h reads its missing fields as absent.
class RecordView {
  public:
    RecordView(const kc_record* r) noexcept : r_(r) {}  // NOLINT: implicit by design
    const kc_record* raw() const noexcept { return r_; }

    std::string_view topic() const noexcept { return sv(get(&kc_record::topic)); }
    std::optional<int32_t> partition() const noexcept {
        const int32_t p = get(&kc_record::partition);
        return p >= 0 ? std::optional<int32_t>(p) : std::nullopt;
    }
    SchemaView key_schema() const noexcept { return get(&kc_record::key_schema); }
    ValueView key() const noexcept { return &get(&kc_record::key); }
    SchemaView value_schema() const noexcept { return get(&kc_record::value_schema); }
    ValueView value() const noexcept { return &get(&kc_record::value); }
    std::optional<int64_t> timestamp() const noexcept {
        const int64_t ts = get(&kc_record::timestamp);
        return ts >= 0 ? std::optional<int64_t>(ts) : std::nullopt;
    }
    std::span<const kc_header> headers() const noexcept {
        return {get(&kc_record::headers), get(&kc_record::header_count)};
    }
    // Last header with this key, or nullptr (Java Headers.lastWithName).
    const kc_header* last_header(std::string_view key) const noexcept {
        const std::span<const kc_header> all = headers();
        for (size_t i = all.size(); i-- > 0;)
            if (sv(all[i].key) == key) return &all[i];
        return nullptr;
    }
    ValueView source_partition() const noexcept { return get(&kc_record::source_partition); }
    ValueView source_offset() const noexcept { return get(&kc_record::source_offset); }
    int64_t kafka_offset() const noexcept { return get(&kc_record::kafka_offset); }
    kc_timestamp_type timestamp_type() const noexcept { return get(&kc_record::timestamp_type); }

  private:
    template <class T>
    const T& get(T kc_record::*member) const noexcept {
        return abi_field(*r_, member);
    }
    const kc_record* r_;
};

// Builds a record in the arena: from scratch, or as a shallow copy of another
// record (Java's newRecord) whose parts are then replaced.
class RecordBuilder {
  public:
    explicit RecordBuilder(Arena& a) : a_(a), r_(a.alloc<kc_record>()) {
        r_->struct_size = sizeof(kc_record);
        r_->partition = -1;
        r_->timestamp = -1;
        r_->kafka_offset = -1;
        r_->original_partition = -1;
        r_->original_kafka_offset = -1;
    }
    RecordBuilder(Arena& a, const kc_record& from) : a_(a), r_(a.alloc<kc_record>()) {
        complete_into(*r_, from);
    }
    // Borrows `t` (no copy): use for strings that live as long as the batch.
    RecordBuilder& topic_ref(std::string_view t) {
        r_->topic = str_ref(t);
        return *this;
    }
    RecordBuilder& topic(std::string_view t) {
        r_->topic = a_.copy(t);
        return *this;
    }
    RecordBuilder& partition(int32_t p) {
        r_->partition = p;
        return *this;
    }
    RecordBuilder& key(SchemaView s, const kc_value& v) {
        r_->key_schema = s.raw();
        r_->key = v;
        return *this;
    }
    RecordBuilder& value(SchemaView s, const kc_value& v) {
        r_->value_schema = s.raw();
        r_->value = v;
        return *this;
    }
    RecordBuilder& timestamp(int64_t ts) {
        r_->timestamp = ts;
        return *this;
    }
    RecordBuilder& headers(std::span<const kc_header> h) {
        auto* out =
            static_cast<kc_header*>(a_.allocate(sizeof(kc_header) * h.size(), alignof(kc_header)));
        std::copy(h.begin(), h.end(), out);
        r_->headers = out;
        r_->header_count = h.size();
        return *this;
    }
    RecordBuilder& source(const kc_value* partition, const kc_value* offset) {
        r_->source_partition = partition;
        r_->source_offset = offset;
        return *this;
    }
    kc_record* get() noexcept { return r_; }
    const kc_record* build() noexcept { return r_; }

  private:
    Arena& a_;
    kc_record* r_;
};

// A schemaless string->primitive map (source partitions and offsets), built in
// an allocator from (key, value) pairs.
template <class Alloc>
const kc_value* make_offset_map(Alloc& a,
                                std::initializer_list<std::pair<std::string_view, kc_value>> kvs) {
    auto* entries = static_cast<kc_map_entry*>(
        a.allocate(sizeof(kc_map_entry) * kvs.size(), alignof(kc_map_entry)));
    size_t i = 0;
    for (const auto& [k, v] : kvs) {
        entries[i].key = make_string(a, k);
        entries[i].value = v;
        ++i;
    }
    kc_value* m = alloc_values(a, 1);
    m->tag = KC_VAL_MAP;
    m->u.map.entries = entries;
    m->u.map.count = kvs.size();
    return m;
}

}  // namespace kc

#include "kc/detail/data_impl.hpp"
