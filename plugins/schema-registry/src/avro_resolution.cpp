#include "avro_resolution.hpp"

#include <cstring>
#include <kc/error.hpp>

#include "avro_codec.hpp"
#include "avro_data.hpp"

namespace kc_schema_registry {

// One node of the plan: how a writer's node is read as the reader's.
struct AvroResolution::Step {
    enum class Kind {
        Same,         // identical encodings: the plain decoder reads it
        Promote,      // int/long -> long/float/double, float -> double, string <-> bytes
        Null,         // the writer wrote null where the reader has an optional
        Record,       // fields matched by name
        Array,        //
        MapEntries,   // a Connect map with non-string keys: an array of MapEntry
        Map,          //
        WriterUnion,  // one child per writer branch
        ReaderUnion,  // the writer's node is one branch of the reader's general union
        Enum,         // symbols matched by name
        Unreadable,   // a writer union branch the reader cannot read
    };
    Kind kind = Kind::Same;
    const AvroNode* w = nullptr;
    const AvroNode* r = nullptr;
    kc::SchemaView s;
    std::vector<std::unique_ptr<Step>> children;  // nullptr: a writer field that is skipped
    std::vector<int> slots;                       // Record: per writer field, the reader's field
    std::vector<size_t> defaults;                 // Record: the reader's fields the writer lacks
    std::vector<int> symbols;  // Enum: per writer symbol, the reader's (-1: none)
    size_t branch = 0;         // ReaderUnion: the Connect field of the reader's branch
    std::string error;         // Unreadable
};

namespace {

using Step = AvroResolution::Step;
using Kind = Step::Kind;

constexpr int kMaxSkipDepth = 64;

bool promotes(AvroType w, AvroType r) {
    switch (w) {
        case AvroType::Int:
            return r == AvroType::Long || r == AvroType::Float || r == AvroType::Double;
        case AvroType::Long:
            return r == AvroType::Float || r == AvroType::Double;
        case AvroType::Float:
            return r == AvroType::Double;
        case AvroType::String:
            return r == AvroType::Bytes;
        case AvroType::Bytes:
            return r == AvroType::String;
        default:
            return false;
    }
}

std::string describe(const AvroNode& n) {
    std::string d(avro_type_name(n.type));
    if (!n.full_name.empty()) d += " " + n.full_name;
    return d;
}

[[noreturn]] void cannot(const std::string& path, const AvroNode& w, const AvroNode& r) {
    throw kc::DataException("Avro schema resolution at " + (path.empty() ? "/" : path) +
                            ": the reader's " + describe(r) + " cannot read the writer's " +
                            describe(w));
}

std::unique_ptr<Step> build(const AvroNode& w, const AvroNode& r, kc::SchemaView s,
                            const std::string& path);

std::unique_ptr<Step> reader_union(const AvroNode& w, const AvroNode& r, kc::SchemaView s,
                                   const std::string& path) {
    auto st = std::make_unique<Step>();
    st->w = &w;
    st->r = &r;
    st->s = s;
    if (OptionalUnion ou = optional_union(r); ou.value) {
        if (w.type == AvroType::Null) {
            st->kind = Kind::Null;
            return st;
        }
        return build(w, *ou.value, s, path);
    }
    if (w.type == AvroType::Null) {
        for (const AvroNode* b : r.branches)
            if (b->type == AvroType::Null) {
                st->kind = Kind::Null;
                return st;
            }
        cannot(path, w, r);
    }
    // The same type (and name) first, then any branch that reads it, as Avro picks.
    for (const bool exact : {true, false}) {
        size_t field = 0;
        for (const AvroNode* b : r.branches) {
            if (b->type == AvroType::Null) continue;
            if (!exact || (b->type == w.type && b->full_name == w.full_name)) {
                try {
                    st->children.push_back(build(w, *b, s.field(field).schema, path));
                    st->kind = Kind::ReaderUnion;
                    st->branch = field;
                    return st;
                } catch (const kc::DataException&) {
                }
            }
            ++field;
        }
    }
    cannot(path, w, r);
}

void record(Step& st, const std::string& path) {
    const AvroNode& w = *st.w;
    const AvroNode& r = *st.r;
    std::vector<bool> filled(r.fields.size(), false);
    for (const AvroField& wf : w.fields) {
        int slot = -1;
        for (size_t j = 0; j < r.fields.size(); ++j)
            if (r.fields[j].name == wf.name) slot = static_cast<int>(j);
        st.slots.push_back(slot);
        if (slot < 0) {
            st.children.push_back(nullptr);
            continue;
        }
        filled[static_cast<size_t>(slot)] = true;
        st.children.push_back(build(*wf.type, *r.fields[static_cast<size_t>(slot)].type,
                                    st.s.field(static_cast<size_t>(slot)).schema,
                                    path + "/" + wf.name));
    }
    for (size_t j = 0; j < r.fields.size(); ++j) {
        if (filled[j]) continue;
        kc::SchemaView fs = st.s.field(j).schema_view();
        if (!fs.default_value() && !fs.optional())
            throw kc::DataException("Avro schema resolution at " + path + "/" + r.fields[j].name +
                                    ": the writer has no field '" + r.fields[j].name +
                                    "' and the reader's has no default");
        st.defaults.push_back(j);
    }
}

std::unique_ptr<Step> build(const AvroNode& w, const AvroNode& r, kc::SchemaView s,
                            const std::string& path) {
    if (w.type != AvroType::Union && r.type == AvroType::Union) return reader_union(w, r, s, path);
    auto st = std::make_unique<Step>();
    st->w = &w;
    st->r = &r;
    st->s = s;
    if (w.type == AvroType::Union) {
        st->kind = Kind::WriterUnion;
        for (size_t i = 0; i < w.branches.size(); ++i) {
            try {
                st->children.push_back(build(*w.branches[i], r, s, path));
            } catch (const kc::DataException& e) {
                auto bad = std::make_unique<Step>();
                bad->kind = Kind::Unreadable;
                bad->error = e.what();
                st->children.push_back(std::move(bad));
            }
        }
        return st;
    }
    if (w.type != r.type) {
        if (!promotes(w.type, r.type)) cannot(path, w, r);
        st->kind = Kind::Promote;
        return st;
    }
    const bool named =
        r.type == AvroType::Record || r.type == AvroType::Enum || r.type == AvroType::Fixed;
    if (named && w.short_name() != r.short_name()) cannot(path, w, r);
    switch (r.type) {
        case AvroType::Record:
            st->kind = Kind::Record;
            record(*st, path);
            break;
        case AvroType::Enum:
            st->kind = Kind::Enum;
            for (const auto& sym : w.symbols) {
                int j = -1;
                for (size_t k = 0; k < r.symbols.size(); ++k)
                    if (r.symbols[k] == sym) j = static_cast<int>(k);
                st->symbols.push_back(j);
            }
            break;
        case AvroType::Fixed:
            if (w.fixed_size != r.fixed_size) cannot(path, w, r);
            break;
        case AvroType::Array:
            if (s.type() == kc::Type::Map) {
                st->kind = Kind::MapEntries;
                const AvroNode& we = *w.items;
                const AvroNode& re = *r.items;
                if (we.fields.size() != 2 || re.fields.size() != 2) cannot(path, w, r);
                st->children.push_back(
                    build(*we.fields[0].type, *re.fields[0].type, s.key_schema(), path + "/key"));
                st->children.push_back(build(*we.fields[1].type, *re.fields[1].type,
                                             s.value_schema(), path + "/value"));
            } else {
                st->kind = Kind::Array;
                st->children.push_back(
                    build(*w.items, *r.items, s.value_schema(), path + "/items"));
            }
            break;
        case AvroType::Map:
            st->kind = Kind::Map;
            st->children.push_back(build(*w.items, *r.items, s.value_schema(), path + "/values"));
            break;
        default:
            break;  // Kind::Same
    }
    return st;
}

std::string_view take(const char*& p, const char* end, size_t n) {
    if (static_cast<size_t>(end - p) < n)
        throw kc::DataException("Malformed Avro data: the record ends too early");
    std::string_view v(p, n);
    p += n;
    return v;
}

std::string_view take_bytes(const char*& p, const char* end) {
    const int64_t n = avro_read_long(p, end);
    if (n < 0) throw kc::DataException("Malformed Avro data: negative length");
    return take(p, end, static_cast<size_t>(n));
}

// The item count of the next block (0 ends); `size` gets the block's byte
// size when the writer gave it (-1 otherwise).
int64_t block(const char*& p, const char* end, int64_t& size) {
    int64_t c = avro_read_long(p, end);
    size = -1;
    if (c < 0) {
        size = avro_read_long(p, end);
        c = -c;
    }
    if (c > end - p) throw kc::DataException("Malformed Avro data: the record ends too early");
    return c;
}

// Steps over a value of the writer's that the reader does not want.
void skip(const AvroNode& n, const char*& p, const char* end, int depth) {
    if (depth > kMaxSkipDepth) throw kc::DataException("Malformed Avro data: nested too deeply");
    switch (n.type) {
        case AvroType::Null:
            return;
        case AvroType::Boolean:
            take(p, end, 1);
            return;
        case AvroType::Int:
        case AvroType::Long:
        case AvroType::Enum:
            avro_read_long(p, end);
            return;
        case AvroType::Float:
            take(p, end, 4);
            return;
        case AvroType::Double:
            take(p, end, 8);
            return;
        case AvroType::String:
        case AvroType::Bytes:
            take_bytes(p, end);
            return;
        case AvroType::Fixed:
            take(p, end, n.fixed_size);
            return;
        case AvroType::Union: {
            const int64_t i = avro_read_long(p, end);
            if (i < 0 || static_cast<size_t>(i) >= n.branches.size())
                throw kc::DataException("Malformed Avro data: union branch out of range");
            skip(*n.branches[static_cast<size_t>(i)], p, end, depth + 1);
            return;
        }
        case AvroType::Record:
            for (const AvroField& f : n.fields)
                skip(*f.type, p, end, depth + 1);
            return;
        case AvroType::Array:
        case AvroType::Map: {
            int64_t size = 0;
            for (int64_t c = block(p, end, size); c != 0; c = block(p, end, size)) {
                if (size >= 0) {
                    take(p, end, static_cast<size_t>(size));
                    continue;
                }
                for (int64_t k = 0; k < c; ++k) {
                    if (n.type == AvroType::Map) take_bytes(p, end);
                    skip(*n.items, p, end, depth + 1);
                }
            }
            return;
        }
    }
}

kc_value promote(const Step& st, const char*& p, const char* end, kc::Arena& a) {
    switch (st.w->type) {
        case AvroType::Int:
        case AvroType::Long: {
            const int64_t v = avro_read_long(p, end);
            if (st.r->type == AvroType::Long) return kc::make_int(kc::tag_for(st.s.type()), v);
            if (st.r->type == AvroType::Float) return kc::make_float32(static_cast<float>(v));
            return kc::make_float64(static_cast<double>(v));
        }
        case AvroType::Float: {
            float f;
            std::memcpy(&f, take(p, end, 4).data(), 4);
            return kc::make_float64(f);
        }
        default: {  // string <-> bytes
            const std::string_view b = take_bytes(p, end);
            return st.r->type == AvroType::String ? kc::make_string(a, b) : kc::make_bytes(a, b);
        }
    }
}

kc_value decode(const Step& st, const char*& p, const char* end, kc::Arena& a);

template <class Fill>
std::pair<size_t, kc_map_entry*> read_entries(const char*& p, const char* end, kc::Arena& a,
                                              Fill fill) {
    kc_map_entry* entries = nullptr;
    size_t count = 0;
    int64_t size = 0;
    for (int64_t c = block(p, end, size); c != 0; c = block(p, end, size)) {
        auto* grown = static_cast<kc_map_entry*>(a.allocate(
            sizeof(kc_map_entry) * (count + static_cast<size_t>(c)), alignof(kc_map_entry)));
        if (count) std::memcpy(grown, entries, sizeof(kc_map_entry) * count);
        entries = grown;
        for (int64_t k = 0; k < c; ++k)
            fill(entries[count++]);
    }
    return {count, entries};
}

kc_value decode(const Step& st, const char*& p, const char* end, kc::Arena& a) {
    switch (st.kind) {
        case Kind::Same:
            return avro_decode(p, end, *st.r, st.s, a);
        case Kind::Promote:
            return promote(st, p, end, a);
        case Kind::Null:
            return kc::make_null();
        case Kind::Unreadable:
            throw kc::DataException(st.error);
        case Kind::Record: {
            kc_value* fields = kc::alloc_values(a, st.r->fields.size());
            for (size_t j : st.defaults) {
                const kc_value* d = st.s.field(j).schema_view().default_value();
                fields[j] = d ? *d : kc::make_null();
            }
            for (size_t i = 0; i < st.slots.size(); ++i) {
                if (st.children[i])
                    fields[st.slots[i]] = decode(*st.children[i], p, end, a);
                else
                    skip(*st.w->fields[i].type, p, end, 0);
            }
            kc_value v{};
            v.tag = KC_VAL_STRUCT;
            v.u.strct.schema = st.s.raw();
            v.u.strct.fields = fields;
            return v;
        }
        case Kind::ReaderUnion: {
            kc_value* fields = kc::alloc_values(a, st.s.field_count());
            fields[st.branch] = decode(*st.children[0], p, end, a);
            kc_value v{};
            v.tag = KC_VAL_STRUCT;
            v.u.strct.schema = st.s.raw();
            v.u.strct.fields = fields;
            return v;
        }
        case Kind::WriterUnion: {
            const int64_t i = avro_read_long(p, end);
            if (i < 0 || static_cast<size_t>(i) >= st.children.size())
                throw kc::DataException("Malformed Avro data: union branch " + std::to_string(i) +
                                        " out of range");
            return decode(*st.children[static_cast<size_t>(i)], p, end, a);
        }
        case Kind::Enum: {
            const int64_t i = avro_read_long(p, end);
            if (i < 0 || static_cast<size_t>(i) >= st.symbols.size())
                throw kc::DataException("Malformed Avro data: enum index " + std::to_string(i) +
                                        " out of range for " + st.w->full_name);
            const int j = st.symbols[static_cast<size_t>(i)];
            if (j < 0)
                throw kc::DataException("Avro schema resolution: the reader's enum " +
                                        st.r->full_name + " has no symbol " +
                                        st.w->symbols[static_cast<size_t>(i)]);
            return kc::make_string_ref(st.r->symbols[static_cast<size_t>(j)]);
        }
        case Kind::Array: {
            kc_value* items = nullptr;
            size_t count = 0;
            int64_t size = 0;
            for (int64_t c = block(p, end, size); c != 0; c = block(p, end, size)) {
                kc_value* grown = kc::alloc_values(a, count + static_cast<size_t>(c));
                if (count) std::memcpy(grown, items, sizeof(kc_value) * count);
                items = grown;
                for (int64_t k = 0; k < c; ++k)
                    items[count++] = decode(*st.children[0], p, end, a);
            }
            kc_value v{};
            v.tag = KC_VAL_ARRAY;
            v.u.array.items = items;
            v.u.array.count = count;
            return v;
        }
        case Kind::Map:
        case Kind::MapEntries: {
            const bool entries = st.kind == Kind::MapEntries;
            auto [count, out] = read_entries(p, end, a, [&](kc_map_entry& e) {
                e.key = entries ? decode(*st.children[0], p, end, a)
                                : kc::make_string(a, take_bytes(p, end));
                e.value = decode(*st.children[entries ? 1 : 0], p, end, a);
            });
            kc_value v{};
            v.tag = KC_VAL_MAP;
            v.u.map.entries = out;
            v.u.map.count = count;
            return v;
        }
    }
    throw kc::DataException("Avro schema resolution: unknown step");
}

}  // namespace

AvroResolution::AvroResolution(const AvroNode& writer, const AvroNode& reader,
                               kc::SchemaView reader_connect)
    : root_(build(writer, reader, reader_connect, "")) {}
AvroResolution::~AvroResolution() = default;
AvroResolution::AvroResolution(AvroResolution&&) noexcept = default;

const LatestSchemaReaders::Reader& LatestSchemaReaders::get(
    std::string_view topic, int64_t writer_id, const AvroNode& writer,
    const std::function<std::string()>& latest_schema, const AvroDataSettings& settings) {
    auto& by_topic = readers_[writer_id];
    const Reader* found = nullptr;
    for (const auto& [t, r] : by_topic)
        if (t == topic) found = r.get();
    if (!found) {
        auto r = std::make_unique<Reader>();
        r->avro = AvroSchema::parse(latest_schema());
        r->connect = to_connect_schema(r->avro.root(), settings);
        try {
            r->plan = std::make_unique<AvroResolution>(writer, r->avro.root(), r->connect);
        } catch (const kc::DataException& e) {
            // Kept, so that each record of this writer fails without a registry call.
            r->error = e.what();
        }
        found = by_topic.emplace_back(std::string(topic), std::move(r)).second.get();
    }
    if (!found->plan) throw kc::DataException(found->error);
    return *found;
}

kc_value AvroResolution::decode(const char*& p, const char* end, kc::Arena& arena) const {
    return kc_schema_registry::decode(*root_, p, end, arena);
}

}  // namespace kc_schema_registry
