#include "avro_codec.hpp"

#include <cstring>

#include "avro_data.hpp"

namespace kc_schema_registry {

namespace {

inline void put_long(ByteBuffer& out, int64_t v) {
    uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    char* p = out.grow(10);
    size_t i = 0;
    while (z >= 0x80) {
        p[i++] = static_cast<char>(z | 0x80);
        z >>= 7;
    }
    p[i++] = static_cast<char>(z);
    out.shrink_to(out.size() - 10 + i);
}

inline void put_bytes(ByteBuffer& out, std::string_view b) {
    put_long(out, static_cast<int64_t>(b.size()));
    out.append(b.data(), b.size());
}

[[noreturn]] void mismatch(const AvroNode& n, kc::SchemaView s) {
    throw kc::DataException("Cannot write a Connect " + std::string(kc::type_name(s.type())) +
                            " as Avro " + std::string(avro_type_name(n.type)));
}

void encode_value(ByteBuffer& out, const AvroNode& n, kc::SchemaView s, kc::ValueView v);

void encode_union(ByteBuffer& out, const AvroNode& n, kc::SchemaView s, kc::ValueView v) {
    OptionalUnion ou = optional_union(n);
    if (ou.value) {
        if (v.is_null()) {
            put_long(out, ou.null_index);
            return;
        }
        put_long(out, ou.value_index);
        encode_value(out, *ou.value, s, v);
        return;
    }
    // A general union is the Connect struct with one field per non-null branch.
    if (v.is_null()) {
        for (size_t i = 0; i < n.branches.size(); ++i)
            if (n.branches[i]->type == AvroType::Null)
                return put_long(out, static_cast<int64_t>(i));
        throw kc::DataException("null for an Avro union without a null branch");
    }
    if (s.type() != kc::Type::Struct) mismatch(n, s);
    kc::StructView st = v.as_struct();
    size_t field = 0;
    for (size_t i = 0; i < n.branches.size(); ++i) {
        if (n.branches[i]->type == AvroType::Null) continue;
        if (!st.get(field).is_null()) {
            put_long(out, static_cast<int64_t>(i));
            encode_value(out, *n.branches[i], s.field(field).schema, st.get(field));
            return;
        }
        ++field;
    }
    throw kc::DataException("An Avro union struct with no branch set");
}

void encode_value(ByteBuffer& out, const AvroNode& n, kc::SchemaView s, kc::ValueView v) {
    if (n.type == AvroType::Union) return encode_union(out, n, s, v);
    if (v.is_null())
        throw kc::DataException("null for a required Avro " + std::string(avro_type_name(n.type)));
    switch (n.type) {
        case AvroType::Boolean:
            *out.grow(1) = v.as_bool() ? 1 : 0;
            return;
        case AvroType::Int:
        case AvroType::Long:
            put_long(out, v.as_int());
            return;
        case AvroType::Float: {
            const float f = static_cast<float>(v.as_double());
            std::memcpy(out.grow(4), &f, 4);  // Avro is little-endian, as is this host
            return;
        }
        case AvroType::Double: {
            const double d = v.as_double();
            std::memcpy(out.grow(8), &d, 8);
            return;
        }
        case AvroType::String:
        case AvroType::Bytes:
            put_bytes(out, v.as_string());
            return;
        case AvroType::Fixed:
            if (v.as_string().size() != n.fixed_size)
                throw kc::DataException("Avro fixed " + n.full_name + " needs " +
                                        std::to_string(n.fixed_size) + " bytes");
            out.append(v.as_string().data(), n.fixed_size);
            return;
        case AvroType::Enum: {
            const std::string_view sym = v.as_string();
            for (size_t i = 0; i < n.symbols.size(); ++i)
                if (n.symbols[i] == sym) return put_long(out, static_cast<int64_t>(i));
            throw kc::DataException("'" + std::string(sym) + "' is not a symbol of Avro enum " +
                                    n.full_name);
        }
        case AvroType::Record: {
            if (s.type() != kc::Type::Struct) mismatch(n, s);
            kc::StructView st = v.as_struct();
            for (size_t i = 0; i < n.fields.size(); ++i) {
                try {
                    encode_value(out, *n.fields[i].type, s.field(i).schema, st.get(i));
                } catch (const kc::DataException& e) {
                    throw kc::DataException("field '" + n.fields[i].name + "': " + e.what());
                }
            }
            return;
        }
        case AvroType::Array: {
            if (s.type() == kc::Type::Map) {  // MapEntry records
                auto entries = v.as_map();
                if (!entries.empty()) {
                    put_long(out, static_cast<int64_t>(entries.size()));
                    const AvroNode& entry = *n.items;
                    for (const auto& e : entries) {
                        encode_value(out, *entry.fields[0].type, s.key_schema(), &e.key);
                        encode_value(out, *entry.fields[1].type, s.value_schema(), &e.value);
                    }
                }
                put_long(out, 0);
                return;
            }
            if (s.type() != kc::Type::Array) mismatch(n, s);
            auto items = v.as_array();
            if (!items.empty()) {
                put_long(out, static_cast<int64_t>(items.size()));
                for (const auto& item : items)
                    encode_value(out, *n.items, s.value_schema(), &item);
            }
            put_long(out, 0);
            return;
        }
        case AvroType::Map: {
            if (s.type() != kc::Type::Map) mismatch(n, s);
            auto entries = v.as_map();
            if (!entries.empty()) {
                put_long(out, static_cast<int64_t>(entries.size()));
                for (const auto& e : entries) {
                    if (e.key.tag != KC_VAL_STRING)
                        throw kc::DataException("an Avro map key must be a string");
                    put_bytes(out, kc::sv(e.key.u.str));
                    encode_value(out, *n.items, s.value_schema(), &e.value);
                }
            }
            put_long(out, 0);
            return;
        }
        case AvroType::Null:
        case AvroType::Union:
            break;
    }
    mismatch(n, s);
}

// ---------------------------------------------------------------------------

[[noreturn]] void truncated_record() {
    throw kc::DataException("Malformed Avro data: the record ends too early");
}

class Reader {
  public:
    Reader(const char*& p, const char* end, kc::Arena& a) : p_(p), end_(end), a_(a) {}

    int64_t get_long() { return avro_read_long(p_, end_); }
    std::string_view get_bytes() {
        const int64_t len = get_long();
        if (len < 0) throw kc::DataException("Malformed Avro data: negative length");
        return take(static_cast<size_t>(len));
    }
    std::string_view take(size_t n) {
        if (static_cast<size_t>(end_ - p_) < n) truncated();
        std::string_view r(p_, n);
        p_ += n;
        return r;
    }
    // The item count of the next block (0 ends), skipping a block's byte size.
    int64_t block() {
        int64_t c = get_long();
        if (c < 0) {
            get_long();
            c = -c;
        }
        // Every item but null takes a byte: a count beyond the bytes left is
        // corrupt, refused before anything is allocated for it.
        if (c > end_ - p_) truncated();
        return c;
    }

    kc_value value(const AvroNode& n, kc::SchemaView s) {
        switch (n.type) {
            case AvroType::Null:
                return kc::make_null();
            case AvroType::Boolean: {
                const char b = take(1)[0];
                return kc::make_bool(b != 0);
            }
            case AvroType::Int:
            case AvroType::Long:
                return kc::make_int(kc::tag_for(s.type()), get_long());
            case AvroType::Float: {
                float f;
                std::memcpy(&f, take(4).data(), 4);
                return kc::make_float32(f);
            }
            case AvroType::Double: {
                double d;
                std::memcpy(&d, take(8).data(), 8);
                return kc::make_float64(d);
            }
            case AvroType::String:
                return kc::make_string(a_, get_bytes());
            case AvroType::Bytes:
                return kc::make_bytes(a_, get_bytes());
            case AvroType::Fixed:
                return kc::make_bytes(a_, take(n.fixed_size));
            case AvroType::Enum: {
                const int64_t i = get_long();
                if (i < 0 || static_cast<size_t>(i) >= n.symbols.size())
                    throw kc::DataException("Malformed Avro data: enum index " + std::to_string(i) +
                                            " out of range for " + n.full_name);
                return kc::make_string_ref(n.symbols[static_cast<size_t>(i)]);
            }
            case AvroType::Union:
                return union_value(n, s);
            case AvroType::Record: {
                kc_value* fields = kc::alloc_values(a_, n.fields.size());
                for (size_t i = 0; i < n.fields.size(); ++i)
                    fields[i] = value(*n.fields[i].type, s.field(i).schema);
                kc_value r{};
                r.tag = KC_VAL_STRUCT;
                r.u.strct.schema = s.raw();
                r.u.strct.fields = fields;
                return r;
            }
            case AvroType::Array:
                if (s.type() == kc::Type::Map) return map_entries(n, s);
                return array(n, s);
            case AvroType::Map:
                return map(n, s);
        }
        throw kc::DataException("Malformed Avro schema");
    }

  private:
    [[noreturn]] static void truncated() { truncated_record(); }

    kc_value union_value(const AvroNode& n, kc::SchemaView s) {
        const int64_t i = get_long();
        if (i < 0 || static_cast<size_t>(i) >= n.branches.size())
            throw kc::DataException("Malformed Avro data: union branch " + std::to_string(i) +
                                    " out of range");
        const AvroNode& br = *n.branches[static_cast<size_t>(i)];
        if (br.type == AvroType::Null) return kc::make_null();
        if (optional_union(n).value) return value(br, s);
        // General union -> the Union struct, the branch's field set.
        kc_value* fields = kc::alloc_values(a_, s.field_count());
        size_t field = 0;
        for (size_t b = 0; b < static_cast<size_t>(i); ++b)
            if (n.branches[b]->type != AvroType::Null) ++field;
        fields[field] = value(br, s.field(field).schema);
        kc_value r{};
        r.tag = KC_VAL_STRUCT;
        r.u.strct.schema = s.raw();
        r.u.strct.fields = fields;
        return r;
    }

    template <class T, class ReadOne>
    std::pair<T*, size_t> blocks(ReadOne read_one) {
        T* items = nullptr;
        size_t count = 0;
        for (int64_t c = block(); c != 0; c = block()) {
            T* grown = static_cast<T*>(
                a_.allocate(sizeof(T) * (count + static_cast<size_t>(c)), alignof(T)));
            if (count) std::memcpy(grown, items, sizeof(T) * count);
            items = grown;
            for (int64_t k = 0; k < c; ++k)
                read_one(items[count++]);
        }
        return {items, count};
    }
    kc_value array(const AvroNode& n, kc::SchemaView s) {
        auto [items, count] =
            blocks<kc_value>([&](kc_value& out) { out = value(*n.items, s.value_schema()); });
        kc_value r{};
        r.tag = KC_VAL_ARRAY;
        r.u.array.items = items;
        r.u.array.count = count;
        return r;
    }
    kc_value map(const AvroNode& n, kc::SchemaView s) {
        auto [entries, count] = blocks<kc_map_entry>([&](kc_map_entry& e) {
            e.key = kc::make_string(a_, get_bytes());
            e.value = value(*n.items, s.value_schema());
        });
        kc_value r{};
        r.tag = KC_VAL_MAP;
        r.u.map.entries = entries;
        r.u.map.count = count;
        return r;
    }
    kc_value map_entries(const AvroNode& n, kc::SchemaView s) {
        const AvroNode& entry = *n.items;
        auto [entries, count] = blocks<kc_map_entry>([&](kc_map_entry& e) {
            e.key = value(*entry.fields[0].type, s.key_schema());
            e.value = value(*entry.fields[1].type, s.value_schema());
        });
        kc_value r{};
        r.tag = KC_VAL_MAP;
        r.u.map.entries = entries;
        r.u.map.count = count;
        return r;
    }

    const char*& p_;
    const char* end_;
    kc::Arena& a_;
};

}  // namespace

int64_t avro_read_long(const char*& p, const char* end) {
    uint64_t z = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (p >= end) truncated_record();
        const auto b = static_cast<unsigned char>(*p++);
        z |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    }
    throw kc::DataException("Malformed Avro data: a varint longer than 10 bytes");
}

void avro_encode(ByteBuffer& out, const AvroNode& n, kc::SchemaView s, kc::ValueView v) {
    encode_value(out, n, s, v);
}

kc_value avro_decode(const char*& p, const char* end, const AvroNode& n, kc::SchemaView s,
                     kc::Arena& arena) {
    return Reader(p, end, arena).value(n, s);
}

}  // namespace kc_schema_registry
