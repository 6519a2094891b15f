#include "protobuf_decoder.hpp"

#include <kc/logical.hpp>
#include <kc/utf8.hpp>

#include <cstring>
#include <string>

#include "protobuf_wire.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;
namespace lg = kc::logical;
using FieldType = pb::FieldDescriptor::Type;

namespace {

constexpr int kMaxDepth = 100;  // libprotobuf's default recursion limit

[[noreturn]] void malformed(const std::string& why) {
    throw kc::DataException("malformed Protobuf payload: " + why);
}

// A cursor over bytes with the wire format's primitives.
struct Cursor {
    const char* p;
    const char* end;

    bool done() const noexcept { return p >= end; }
    // A field key: number << 3 | wire type; number 0 and keys past 32 bits
    // are invalid, as libprotobuf's parser holds.
    uint64_t tag() {
        const uint64_t key = varint();
        if ((key >> 3) == 0 || key > 0xffffffffu)
            malformed("invalid field tag " + std::to_string(key));
        return key;
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end) malformed("truncated varint");
            const auto b = static_cast<uint8_t>(*p++);
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        malformed("varint longer than 10 bytes");
    }
    template <class U>
    U fixed() {
        if (end - p < static_cast<ptrdiff_t>(sizeof(U))) malformed("truncated fixed-width value");
        U v = 0;
        for (size_t i = 0; i < sizeof(U); ++i)
            v |= U(static_cast<uint8_t>(p[i])) << (8 * i);
        p += sizeof(U);
        return v;
    }
    std::string_view bytes() {
        const uint64_t n = varint();
        if (n > static_cast<uint64_t>(end - p)) malformed("length past the end");
        std::string_view b(p, n);
        p += n;
        return b;
    }
    void skip(uint32_t wire) {
        switch (wire) {
            case kVarint:
                varint();
                return;
            case kFixed64:
                fixed<uint64_t>();
                return;
            case kLength:
                bytes();
                return;
            case kFixed32:
                fixed<uint32_t>();
                return;
            default:
                malformed("unsupported wire type " + std::to_string(wire));
        }
    }
};

bool packable(const pb::FieldDescriptor& fd) {
    return fd.is_repeated() && wire_type(fd.type()) != kLength;
}

kc_value make_struct(kc::SchemaView s, kc_value* fields) {
    kc_value v{};
    v.tag = KC_VAL_STRUCT;
    v.u.strct.schema = s.raw();
    v.u.strct.fields = fields;
    return v;
}

class Decoder {
  public:
    Decoder(const ProtobufDataSettings& settings, kc::Arena& arena)
        : settings_(settings), arena_(arena) {}

    kc_value message(std::string_view bytes, const pb::Descriptor& d, kc::SchemaView s, int depth) {
        if (depth > kMaxDepth) malformed("nested too deeply");
        if (lg::is_decimal(s)) return decimal(bytes, s);
        if (lg::is_date(s)) {
            int64_t f[4] = {};
            ints(bytes, f);
            return kc::make_int32(static_cast<int32_t>(lg::days_from_civil(
                int32_t(f[1]), static_cast<unsigned>(f[2]), static_cast<unsigned>(f[3]))));
        }
        if (lg::is_time(s)) {
            int64_t f[5] = {};
            ints(bytes, f);
            return kc::make_int32(static_cast<int32_t>(
                ((int32_t(f[1]) * 60LL + int32_t(f[2])) * 60 + int32_t(f[3])) * 1000 +
                int32_t(f[4]) / kNanosPerMilli));
        }
        if (lg::is_timestamp(s)) {
            int64_t f[3] = {};
            ints(bytes, f);
            return kc::make_int64(f[1] * 1000 + lg::floor_div(int32_t(f[2]), kNanosPerMilli));
        }
        if (s.type() != kc::Type::Struct) {  // a wrapper's value
            const pb::FieldDescriptor& fd = *d.field(0);
            kc_value v = zero(fd, s);
            Cursor c{bytes.data(), bytes.data() + bytes.size()};
            while (!c.done()) {
                const uint64_t key = c.tag();
                if (int(key >> 3) == fd.number() && (key & 7) == wire_type(fd.type()))
                    v = scalar(c, fd, s);
                else
                    c.skip(uint32_t(key & 7));
            }
            return v;
        }
        return strct(bytes, d, s, depth);
    }

  private:
    // The varint fields 1..N of google.type.Date / TimeOfDay, Timestamp.
    template <size_t N>
    static void ints(std::string_view bytes, int64_t (&f)[N]) {
        Cursor c{bytes.data(), bytes.data() + bytes.size()};
        while (!c.done()) {
            const uint64_t key = c.tag();
            const uint64_t n = key >> 3;
            if ((key & 7) == kVarint && n > 0 && n < N)
                f[n] = static_cast<int64_t>(c.varint());
            else
                c.skip(uint32_t(key & 7));
        }
    }

    kc_value decimal(std::string_view bytes, kc::SchemaView s) {
        std::string_view unscaled;
        int32_t scale = 0;
        Cursor c{bytes.data(), bytes.data() + bytes.size()};
        while (!c.done()) {
            const uint64_t key = c.tag();
            if (key == ((1 << 3) | kLength))
                unscaled = c.bytes();
            else if (key == ((3 << 3) | kVarint))
                scale = static_cast<int32_t>(c.varint());
            else
                c.skip(uint32_t(key & 7));
        }
        if (unscaled.empty()) unscaled = std::string_view("\0", 1);
        const int32_t want = lg::decimal_scale(s);
        if (scale == want) return kc::make_bytes(arena_, unscaled);
        // Written under another scale: the same number, or an error if it would round.
        auto rescaled = lg::rescale_exact(lg::decimal_text(unscaled, scale), want);
        if (!rescaled)
            throw kc::DataException("decimal of scale " + std::to_string(scale) +
                                    " does not fit the schema's scale " + std::to_string(want));
        return kc::make_bytes(arena_, lg::decimal_bytes(*rescaled));
    }

    bool optional_label(const pb::FieldDescriptor& fd) const {
        if (!fd.has_optional_keyword()) return false;
        return fd.containing_oneof() != nullptr  // proto3 optional (a synthetic oneof)
               || settings_.optional_for_proto2;
    }

    // Where each field of d lands in the Connect struct, by field index: the
    // oneofs come first, then the other fields in order (to_connect_schema's
    // layout). In the arena, once per message.
    size_t* connect_indexes(const pb::Descriptor& d) {
        const auto n = static_cast<size_t>(d.field_count());
        auto* at = static_cast<size_t*>(arena_.allocate(sizeof(size_t) * n, alignof(size_t)));
        size_t next = static_cast<size_t>(d.real_oneof_decl_count());
        for (int f = 0; f < d.field_count(); ++f) {
            const pb::OneofDescriptor* o = d.field(f)->real_containing_oneof();
            at[f] = o ? static_cast<size_t>(o->index()) : next++;
        }
        return at;
    }

    // The value of an absent field: for a scalar without presence its
    // default (zero in proto3, the declared [default = ...] in proto2, as
    // Java's getField answers), empty for repeated fields, null otherwise.
    kc_value zero(const pb::FieldDescriptor& fd, kc::SchemaView s) {
        if (fd.is_repeated()) {
            kc_value v{};
            v.tag = s.type() == kc::Type::Map ? KC_VAL_MAP : KC_VAL_ARRAY;
            return v;
        }
        if (fd.type() == FieldType::TYPE_MESSAGE || optional_label(fd) ||
            fd.real_containing_oneof())
            return kc::make_null();
        const kc_value_tag tag = kc::tag_for(s.type());
        using Cpp = pb::FieldDescriptor::CppType;
        switch (fd.cpp_type()) {
            case Cpp::CPPTYPE_FLOAT:
                return kc::make_float(tag, fd.default_value_float());
            case Cpp::CPPTYPE_DOUBLE:
                return kc::make_float(tag, fd.default_value_double());
            case Cpp::CPPTYPE_BOOL:
                return kc::make_bool(fd.default_value_bool());
            case Cpp::CPPTYPE_STRING:
                // The descriptor outlives the record: the converter keeps its schemas.
                return fd.type() == FieldType::TYPE_STRING
                           ? kc::make_string_ref(fd.default_value_string())
                           : kc::make_bytes_ref(fd.default_value_string());
            case Cpp::CPPTYPE_ENUM:
                return enum_value(fd, s, fd.default_value_enum()->number());
            case Cpp::CPPTYPE_INT32:
                return kc::make_int(tag, fd.default_value_int32());
            case Cpp::CPPTYPE_UINT32:
                return kc::make_int(tag, fd.default_value_uint32());
            case Cpp::CPPTYPE_UINT64:
                return kc::make_int(tag, static_cast<int64_t>(fd.default_value_uint64()));
            default:
                return kc::make_int(tag, fd.default_value_int64());
        }
    }

    kc_value enum_value(const pb::FieldDescriptor& fd, kc::SchemaView s, int number) {
        if (s.type() != kc::Type::String) return kc::make_int(kc::tag_for(s.type()), number);
        if (const pb::EnumValueDescriptor* e = fd.enum_type()->FindValueByNumber(number))
            return kc::make_string(arena_, e->name());
        // Proto3 enums are open: libprotobuf names an unknown number so.
        return kc::make_string(
            arena_, "UNKNOWN_ENUM_VALUE_" + fd.enum_type()->name() + "_" + std::to_string(number));
    }

    kc_value strct(std::string_view bytes, const pb::Descriptor& d, kc::SchemaView s, int depth) {
        const size_t n = s.field_count();
        kc_value* fields = kc::alloc_values(arena_, n);
        const size_t* index_of = connect_indexes(d);
        // Repeated fields: count first, so each array is allocated once.
        auto* counts = static_cast<size_t*>(arena_.allocate(sizeof(size_t) * n, alignof(size_t)));
        std::memset(counts, 0, sizeof(size_t) * n);
        Cursor c{bytes.data(), bytes.data() + bytes.size()};
        while (!c.done()) {
            const uint64_t key = c.tag();
            const uint32_t wire = uint32_t(key & 7);
            const pb::FieldDescriptor* fd = d.FindFieldByNumber(int(key >> 3));
            if (!fd || !fd->is_repeated()) {
                c.skip(wire);
                continue;
            }
            const size_t i = index_of[fd->index()];
            if (wire == kLength && packable(*fd)) {
                const std::string_view packed = c.bytes();
                const WireType w = wire_type(fd->type());
                if (w == kFixed32)
                    counts[i] += packed.size() / 4;
                else if (w == kFixed64)
                    counts[i] += packed.size() / 8;
                else
                    for (char b : packed)
                        counts[i] += (static_cast<uint8_t>(b) & 0x80) == 0;
            } else {
                if (wire == wire_type(fd->type())) ++counts[i];
                c.skip(wire);
            }
        }
        // The writable storage of each repeated field (the value's own
        // pointers are const).
        auto* items = static_cast<kc_value**>(arena_.allocate(sizeof(void*) * n, alignof(void*)));
        auto* entries =
            static_cast<kc_map_entry**>(arena_.allocate(sizeof(void*) * n, alignof(void*)));
        for (int f = 0; f < d.field_count(); ++f) {
            const pb::FieldDescriptor& fd = *d.field(f);
            const size_t i = index_of[fd.index()];
            if (fd.real_containing_oneof()) {
                fields[i] = kc::make_null();
                continue;
            }
            const kc::SchemaView fs = s.field(i).schema;
            fields[i] = zero(fd, fs);
            if (!fd.is_repeated()) continue;
            if (fs.type() == kc::Type::Map) {
                entries[i] = static_cast<kc_map_entry*>(
                    arena_.allocate(sizeof(kc_map_entry) * counts[i], alignof(kc_map_entry)));
                fields[i].u.map.entries = entries[i];
            } else {
                items[i] = kc::alloc_values(arena_, counts[i]);
                fields[i].u.array.items = items[i];
            }
        }
        c = Cursor{bytes.data(), bytes.data() + bytes.size()};
        while (!c.done()) {
            const uint64_t key = c.tag();
            const uint32_t wire = uint32_t(key & 7);
            const pb::FieldDescriptor* fd = d.FindFieldByNumber(int(key >> 3));
            const WireType want = fd ? wire_type(fd->type()) : kVarint;
            const bool packed = fd && wire == kLength && packable(*fd);
            if (!fd || (wire != want && !packed)) {
                c.skip(wire);  // unknown, or not the field's type: libprotobuf sets it aside
                continue;
            }
            const size_t i = index_of[fd->index()];
            kc::SchemaView fs = s.field(i).schema;
            if (fd->real_containing_oneof()) {
                // The last branch seen wins; the others are cleared.
                const auto b = static_cast<size_t>(fd->index_in_oneof());
                kc_value* branches = kc::alloc_values(arena_, fs.field_count());
                for (size_t k = 0; k < fs.field_count(); ++k)
                    branches[k] = kc::make_null();
                branches[b] = one(c, *fd, fs.field(b).schema, depth);
                fields[i] = make_struct(fs, branches);
                continue;
            }
            if (!fd->is_repeated()) {
                fields[i] = one(c, *fd, fs, depth);
                continue;
            }
            kc_value& list = fields[i];
            if (fs.type() == kc::Type::Map) {
                entry(c.bytes(), *fd->message_type(), fs, entries[i][list.u.map.count++],
                      depth + 1);
                continue;
            }
            const kc::SchemaView item = fs.value_schema();
            if (packed) {
                const std::string_view body = c.bytes();
                Cursor pc{body.data(), body.data() + body.size()};
                while (!pc.done())
                    items[i][list.u.array.count++] = scalar(pc, *fd, item);
                continue;
            }
            items[i][list.u.array.count++] = one(c, *fd, item, depth);
        }
        return make_struct(s, fields);
    }

    // A map entry: its key and value under the map's key and value schemas.
    void entry(std::string_view bytes, const pb::Descriptor& ed, kc::SchemaView map,
               kc_map_entry& out, int depth) {
        if (depth > kMaxDepth) malformed("nested too deeply");
        kc_value* halves[2] = {&out.key, &out.value};
        const kc::SchemaView schemas[2] = {map.key_schema(), map.value_schema()};
        for (int h = 0; h < 2; ++h)
            *halves[h] = zero(*ed.field(h), schemas[h]);
        Cursor c{bytes.data(), bytes.data() + bytes.size()};
        while (!c.done()) {
            const uint64_t key = c.tag();
            const uint32_t wire = uint32_t(key & 7);
            const uint64_t h = (key >> 3) - 1;
            if (h > 1 || wire != wire_type(ed.field(int(h))->type())) {
                c.skip(wire);
                continue;
            }
            *halves[h] = one(c, *ed.field(int(h)), schemas[h], depth);
        }
    }

    // A field's value after its tag: a sub-message or a scalar.
    kc_value one(Cursor& c, const pb::FieldDescriptor& fd, kc::SchemaView s, int depth) {
        if (fd.type() != FieldType::TYPE_MESSAGE) return scalar(c, fd, s);
        return message(c.bytes(), *fd.message_type(), s, depth + 1);
    }

    kc_value scalar(Cursor& c, const pb::FieldDescriptor& fd, kc::SchemaView s) {
        const kc_value_tag tag = kc::tag_for(s.type());
        switch (fd.type()) {
            case FieldType::TYPE_INT32:
                return kc::make_int(tag, static_cast<int32_t>(c.varint()));
            case FieldType::TYPE_INT64:
            case FieldType::TYPE_UINT64:
                return kc::make_int(tag, static_cast<int64_t>(c.varint()));
            case FieldType::TYPE_UINT32:
                return kc::make_int(tag, static_cast<uint32_t>(c.varint()));
            case FieldType::TYPE_SINT32: {
                const auto u = static_cast<uint32_t>(c.varint());
                return kc::make_int(tag, static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1)));
            }
            case FieldType::TYPE_SINT64: {
                const uint64_t u = c.varint();
                return kc::make_int(tag, static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)));
            }
            case FieldType::TYPE_FIXED32:
                return kc::make_int(tag, c.fixed<uint32_t>());
            case FieldType::TYPE_SFIXED32:
                return kc::make_int(tag, static_cast<int32_t>(c.fixed<uint32_t>()));
            case FieldType::TYPE_FIXED64:
            case FieldType::TYPE_SFIXED64:
                return kc::make_int(tag, static_cast<int64_t>(c.fixed<uint64_t>()));
            case FieldType::TYPE_FLOAT: {
                const uint32_t bits = c.fixed<uint32_t>();
                float f;
                std::memcpy(&f, &bits, sizeof f);
                return kc::make_float(tag, f);
            }
            case FieldType::TYPE_DOUBLE: {
                const uint64_t bits = c.fixed<uint64_t>();
                double d;
                std::memcpy(&d, &bits, sizeof d);
                return kc::make_float(tag, d);
            }
            case FieldType::TYPE_BOOL:
                return kc::make_bool(c.varint() != 0);
            case FieldType::TYPE_ENUM:
                return enum_value(fd, s, static_cast<int32_t>(c.varint()));
            case FieldType::TYPE_STRING: {
                const std::string_view b = c.bytes();
                if (fd.file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3 &&
                    kc::invalid_utf8_offset(b))
                    malformed("string field '" + fd.name() + "' is not valid UTF-8");
                return s.type() == kc::Type::Bytes ? kc::make_bytes(arena_, b)
                                                   : kc::make_string(arena_, b);
            }
            case FieldType::TYPE_BYTES:
                return kc::make_bytes(arena_, c.bytes());
            case FieldType::TYPE_MESSAGE:
            case FieldType::TYPE_GROUP:
                break;
        }
        malformed("field '" + fd.name() + "' has no scalar encoding");
    }

    const ProtobufDataSettings& settings_;
    kc::Arena& arena_;
};

}  // namespace

kc_value decode_protobuf(std::string_view bytes, const pb::Descriptor& type, kc::SchemaView s,
                         const ProtobufDataSettings& settings, kc::Arena& arena) {
    return Decoder(settings, arena).message(bytes, type, s, 0);
}

}  // namespace kc_schema_registry
