#include "protobuf_encoder.hpp"

#include <kc/logical.hpp>

#include <cstring>
#include <string>

#include "protobuf_data.hpp"
#include "protobuf_wire.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;
namespace lg = kc::logical;
using FieldType = pb::FieldDescriptor::Type;

namespace {

size_t varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

class Encoder {
  public:
    explicit Encoder(ByteBuffer& out) : out_(out) {}

    void message(const pb::Descriptor& d, kc::SchemaView s, kc::ValueView v) {
        if (lg::is_decimal(s)) {
            if (d.full_name() != kProtobufDecimalType)
                throw kc::DataException("a Decimal cannot be written as " + d.full_name());
            const std::string_view unscaled = v.as_string();
            bytes_field(1, unscaled);
            int_field(2, static_cast<int64_t>(lg::decimal_text(unscaled, 0).digits.size()));
            int_field(3, lg::decimal_scale(s));
        } else if (lg::is_date(s)) {
            const lg::CivilDate c = lg::civil_from_days(v.as_int());
            int_field(1, c.year);
            int_field(2, c.month);
            int_field(3, c.day);
        } else if (lg::is_time(s)) {
            const int64_t ms = lg::time_from_millis(v.as_int());
            int_field(1, ms / 3'600'000);
            int_field(2, ms / 60'000 % 60);
            int_field(3, ms / 1000 % 60);
            int_field(4, ms % 1000 * kNanosPerMilli);
        } else if (lg::is_timestamp(s)) {
            int_field(1, lg::floor_div(v.as_int(), 1000));
            int_field(2, lg::floor_mod(v.as_int(), 1000) * kNanosPerMilli);
        } else if (s.type() == kc::Type::Struct) {
            strct(d, s, v);
        } else if (is_wrapper(d)) {
            field(*d.field(0), s, v);
        } else {
            throw kc::DataException("a Connect " + std::string(kc::type_name(s.type())) +
                                    " cannot be written as Protobuf message " + d.full_name());
        }
    }

  private:
    // Declaration order, with a cursor: a union struct takes its branches.
    void strct(const pb::Descriptor& d, kc::SchemaView s, kc::ValueView v) {
        const kc::StructView st = v.as_struct();
        int next = 0;
        auto take = [&](size_t count) {
            if (next + static_cast<int>(count) > d.field_count()) mismatch(d);
            const int at = next;
            next += static_cast<int>(count);
            return at;
        };
        for (size_t i = 0; i < s.field_count(); ++i) {
            const kc::SchemaView fs = s.field(i).schema;
            const kc::ValueView fv = st.get(i);
            try {
                if (fs.type() == kc::Type::Struct && fs.name().starts_with(kProtobufUnionPrefix)) {
                    const int first = take(fs.field_count());
                    if (fv.is_null()) continue;
                    const kc::StructView branches = fv.as_struct();
                    for (size_t b = 0; b < fs.field_count(); ++b)
                        if (!branches.get(b).is_null()) {
                            field(*d.field(first + static_cast<int>(b)), fs.field(b).schema,
                                  branches.get(b));
                            break;
                        }
                } else {
                    field(*d.field(take(1)), fs, fv);
                }
            } catch (const kc::DataException& e) {
                throw kc::DataException(d.name() + "." + e.what());
            }
        }
        if (next != d.field_count()) mismatch(d);
    }

    [[noreturn]] static void mismatch(const pb::Descriptor& d) {
        throw kc::DataException("Protobuf message " + d.full_name() + " does not match the struct");
    }

    void field(const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v) {
        if (v.is_null()) return;  // absent
        const int number = fd.number();
        if (s.type() == kc::Type::Map) {
            const pb::Descriptor& entry = *fd.message_type();
            // libprotobuf writes both halves of a real map<> entry, defaults too.
            const bool always = fd.is_map();
            for (const kc_map_entry& e : v.as_map()) {
                const size_t at = open(number);
                one_field(*entry.field(0), s.key_schema(), &e.key, always);
                one_field(*entry.field(1), s.value_schema(), &e.value, always);
                close(at);
            }
            return;
        }
        if (s.type() == kc::Type::Array) {
            const kc::SchemaView item = s.value_schema();
            if (fd.is_packed()) {
                if (v.as_array().empty()) return;
                const size_t at = open(number);
                for (const kc_value& x : v.as_array())
                    scalar(fd, item, &x);
                close(at);
                return;
            }
            for (const kc_value& x : v.as_array()) {
                if (x.tag == KC_VAL_NULL)
                    throw kc::DataException("field '" + fd.name() +
                                            "': a repeated Protobuf field cannot hold null");
                one_field(fd, item, &x, true);
            }
            return;
        }
        one_field(fd, s, v, fd.has_presence());
    }

    // A singular value with its tag; proto3 scalars without presence are
    // left out when zero, as libprotobuf does.
    void one_field(const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v, bool present) {
        if (v.is_null()) return;
        if (fd.type() == FieldType::TYPE_MESSAGE) {
            const size_t at = open(fd.number());
            message(*fd.message_type(), s, v);
            close(at);
            return;
        }
        if (!present && is_zero(fd, s, v)) return;
        tag(fd.number(), wire_type(fd.type()));
        scalar(fd, s, v);
    }

    static bool is_zero(const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v) {
        switch (fd.type()) {
            case FieldType::TYPE_FLOAT: {
                const auto f = static_cast<float>(v.as_double());
                uint32_t bits;
                std::memcpy(&bits, &f, sizeof bits);
                return bits == 0;
            }
            case FieldType::TYPE_DOUBLE: {
                const double d = v.as_double();
                uint64_t bits;
                std::memcpy(&bits, &d, sizeof bits);
                return bits == 0;
            }
            case FieldType::TYPE_BOOL:
                return !v.as_bool();
            case FieldType::TYPE_STRING:
            case FieldType::TYPE_BYTES:
                return v.as_string().empty();
            case FieldType::TYPE_ENUM:
                return enum_number(fd, s, v) == 0;
            default:
                return v.as_int() == 0;
        }
    }

    static int enum_number(const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v) {
        if (s.type() != kc::Type::String) return static_cast<int>(v.as_int());
        const pb::EnumValueDescriptor* e =
            fd.enum_type()->FindValueByName(std::string(v.as_string()));
        if (!e)
            throw kc::DataException("field '" + fd.name() + "': '" + std::string(v.as_string()) +
                                    "' is not a symbol of enum " + fd.enum_type()->full_name());
        return e->number();
    }

    // The value alone (packed elements, or after its tag).
    void scalar(const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v) {
        switch (fd.type()) {
            case FieldType::TYPE_INT32:
            case FieldType::TYPE_INT64:
            case FieldType::TYPE_UINT32:
            case FieldType::TYPE_UINT64:
                // int32 negatives sign-extend to ten bytes, as in libprotobuf.
                return varint(static_cast<uint64_t>(fd.type() == FieldType::TYPE_UINT32
                                                        ? int64_t(uint32_t(v.as_int()))
                                                        : v.as_int()));
            case FieldType::TYPE_SINT32: {
                const auto x = static_cast<int32_t>(v.as_int());
                return varint((static_cast<uint32_t>(x) << 1) ^ static_cast<uint32_t>(x >> 31));
            }
            case FieldType::TYPE_SINT64: {
                const int64_t x = v.as_int();
                return varint((static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63));
            }
            case FieldType::TYPE_FIXED32:
            case FieldType::TYPE_SFIXED32:
                return fixed(static_cast<uint32_t>(v.as_int()));
            case FieldType::TYPE_FIXED64:
            case FieldType::TYPE_SFIXED64:
                return fixed(static_cast<uint64_t>(v.as_int()));
            case FieldType::TYPE_FLOAT: {
                const auto f = static_cast<float>(v.as_double());
                uint32_t bits;
                std::memcpy(&bits, &f, sizeof bits);
                return fixed(bits);
            }
            case FieldType::TYPE_DOUBLE: {
                const double d = v.as_double();
                uint64_t bits;
                std::memcpy(&bits, &d, sizeof bits);
                return fixed(bits);
            }
            case FieldType::TYPE_BOOL:
                return varint(v.as_bool() ? 1 : 0);
            case FieldType::TYPE_ENUM:
                return varint(static_cast<uint64_t>(int64_t(enum_number(fd, s, v))));
            case FieldType::TYPE_STRING:
            case FieldType::TYPE_BYTES: {
                const std::string_view b = v.as_string();
                varint(b.size());
                return out_.append(b.data(), b.size());
            }
            case FieldType::TYPE_MESSAGE:
            case FieldType::TYPE_GROUP:
                break;
        }
        throw kc::DataException("field '" + fd.name() + "' has no scalar encoding");
    }

    void int_field(int number, int64_t v) {  // the varint fields of the fixed types above
        if (v == 0) return;
        tag(number, kVarint);
        varint(static_cast<uint64_t>(v));
    }
    void bytes_field(int number, std::string_view b) {
        if (b.empty()) return;
        tag(number, kLength);
        varint(b.size());
        out_.append(b.data(), b.size());
    }

    void tag(int number, WireType type) { varint((uint64_t(number) << 3) | type); }
    void varint(uint64_t v) {
        char* p = out_.grow(varint_size(v));
        while (v >= 0x80) {
            *p++ = static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        *p = static_cast<char>(v);
    }
    template <class U>
    void fixed(U v) {
        char* p = out_.grow(sizeof v);
        for (size_t i = 0; i < sizeof v; ++i)
            p[i] = static_cast<char>(v >> (8 * i));  // little-endian
    }

    // A length-delimited field: its tag now, its length once the body is
    // written (moved right by the length's minimal varint).
    size_t open(int number) {
        tag(number, kLength);
        return out_.size();
    }
    void close(size_t at) {
        const size_t len = out_.size() - at;
        const size_t n = varint_size(len);
        out_.grow(n);
        char* body = out_.data() + at;
        std::memmove(body + n, body, len);
        uint64_t v = len;
        while (v >= 0x80) {
            *body++ = static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        *body = static_cast<char>(v);
    }

    ByteBuffer& out_;
};

}  // namespace

void encode_protobuf(ByteBuffer& out, const pb::Descriptor& type, kc::SchemaView s,
                     kc::ValueView v) {
    Encoder(out).message(type, s, v);
}

}  // namespace kc_schema_registry
