#include "protobuf_codec.hpp"

#include <google/protobuf/descriptor.h>

#include <kc/logical.hpp>
#include <string>

namespace kc_schema_registry {

namespace pb = google::protobuf;
namespace lg = kc::logical;
using CppType = pb::FieldDescriptor::CppType;

namespace {

constexpr int64_t kNanosPerMilli = 1'000'000;
constexpr std::string_view kDecimalType = "confluent.type.Decimal";

[[noreturn]] void misfit(const pb::FieldDescriptor& fd, const std::string& why) {
    throw kc::DataException("field '" + fd.name() + "': " + why);
}

// ---------------------------------------------------------------------------
// Connect -> Protobuf

void put_message(pb::Message& m, kc::SchemaView s, kc::ValueView v);

// One value into a singular field, or appended to a repeated one.
void put_one(pb::Message& m, const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v,
             bool add) {
    if (v.is_null()) misfit(fd, "a repeated Protobuf field cannot hold null");
    const pb::Reflection& r = *m.GetReflection();
    switch (fd.cpp_type()) {
        case CppType::CPPTYPE_INT32: {
            const auto x = static_cast<int32_t>(v.as_int());
            add ? r.AddInt32(&m, &fd, x) : r.SetInt32(&m, &fd, x);
            return;
        }
        case CppType::CPPTYPE_INT64:
            add ? r.AddInt64(&m, &fd, v.as_int()) : r.SetInt64(&m, &fd, v.as_int());
            return;
        case CppType::CPPTYPE_UINT32: {
            const auto x = static_cast<uint32_t>(v.as_int());
            add ? r.AddUInt32(&m, &fd, x) : r.SetUInt32(&m, &fd, x);
            return;
        }
        case CppType::CPPTYPE_UINT64: {
            const auto x = static_cast<uint64_t>(v.as_int());
            add ? r.AddUInt64(&m, &fd, x) : r.SetUInt64(&m, &fd, x);
            return;
        }
        case CppType::CPPTYPE_DOUBLE:
            add ? r.AddDouble(&m, &fd, v.as_double()) : r.SetDouble(&m, &fd, v.as_double());
            return;
        case CppType::CPPTYPE_FLOAT: {
            const auto x = static_cast<float>(v.as_double());
            add ? r.AddFloat(&m, &fd, x) : r.SetFloat(&m, &fd, x);
            return;
        }
        case CppType::CPPTYPE_BOOL:
            add ? r.AddBool(&m, &fd, v.as_bool()) : r.SetBool(&m, &fd, v.as_bool());
            return;
        case CppType::CPPTYPE_STRING: {
            std::string x(v.as_string());
            add ? r.AddString(&m, &fd, std::move(x)) : r.SetString(&m, &fd, std::move(x));
            return;
        }
        case CppType::CPPTYPE_ENUM: {
            const pb::EnumValueDescriptor* e =
                s.type() == kc::Type::String
                    ? fd.enum_type()->FindValueByName(std::string(v.as_string()))
                    : fd.enum_type()->FindValueByNumber(static_cast<int>(v.as_int()));
            if (!e) misfit(fd, "not a symbol of enum " + fd.enum_type()->full_name());
            add ? r.AddEnum(&m, &fd, e) : r.SetEnum(&m, &fd, e);
            return;
        }
        case CppType::CPPTYPE_MESSAGE:
            put_message(add ? *r.AddMessage(&m, &fd) : *r.MutableMessage(&m, &fd), s, v);
            return;
    }
}

void put_field(pb::Message& m, const pb::FieldDescriptor& fd, kc::SchemaView s, kc::ValueView v) {
    if (v.is_null()) return;  // absent
    if (s.type() == kc::Type::Array) {
        for (const kc_value& item : v.as_array())
            put_one(m, fd, s.value_schema(), &item, true);
    } else if (s.type() == kc::Type::Map) {
        for (const kc_map_entry& e : v.as_map()) {
            pb::Message& entry = *m.GetReflection()->AddMessage(&m, &fd);
            const pb::Descriptor& d = *entry.GetDescriptor();
            put_field(entry, *d.field(0), s.key_schema(), &e.key);
            put_field(entry, *d.field(1), s.value_schema(), &e.value);
        }
    } else {
        put_one(m, fd, s, v, false);
    }
}

// Walks the Connect fields with a cursor over the message's fields: the
// descriptor was generated from this schema, in its order, a union struct
// standing for its branches (a oneof) in theirs.
void put_struct(pb::Message& m, kc::SchemaView s, kc::ValueView v) {
    const pb::Descriptor& d = *m.GetDescriptor();
    const kc::StructView st = v.as_struct();
    int next = 0;
    auto take = [&](size_t count) {
        if (next + static_cast<int>(count) > d.field_count())
            throw kc::DataException("Protobuf message " + d.full_name() +
                                    " does not match the struct");
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
                        put_one(m, *d.field(first + static_cast<int>(b)), fs.field(b).schema,
                                branches.get(b), false);
                        break;
                    }
            } else {
                put_field(m, *d.field(take(1)), fs, fv);
            }
        } catch (const kc::DataException& e) {
            throw kc::DataException(d.name() + "." + e.what());
        }
    }
    if (next != d.field_count())
        throw kc::DataException("Protobuf message " + d.full_name() + " does not match the struct");
}

void set_int(pb::Message& m, int number, int64_t v) {
    const pb::FieldDescriptor& fd = *m.GetDescriptor()->FindFieldByNumber(number);
    const pb::Reflection& r = *m.GetReflection();
    if (fd.cpp_type() == CppType::CPPTYPE_INT64)
        r.SetInt64(&m, &fd, v);
    else if (fd.cpp_type() == CppType::CPPTYPE_UINT32)
        r.SetUInt32(&m, &fd, static_cast<uint32_t>(v));
    else
        r.SetInt32(&m, &fd, static_cast<int32_t>(v));
}

void put_message(pb::Message& m, kc::SchemaView s, kc::ValueView v) {
    const pb::Descriptor& d = *m.GetDescriptor();
    if (lg::is_decimal(s)) {
        if (d.full_name() != kDecimalType) throw kc::DataException("Decimal in " + d.full_name());
        const std::string_view unscaled = v.as_string();
        m.GetReflection()->SetString(&m, d.FindFieldByNumber(1), std::string(unscaled));
        set_int(m, 2, static_cast<int64_t>(lg::decimal_text(unscaled, 0).digits.size()));
        set_int(m, 3, lg::decimal_scale(s));
    } else if (lg::is_date(s)) {
        const lg::CivilDate c = lg::civil_from_days(v.as_int());
        set_int(m, 1, c.year);
        set_int(m, 2, c.month);
        set_int(m, 3, c.day);
    } else if (lg::is_time(s)) {
        const int64_t ms = lg::time_from_millis(v.as_int());
        set_int(m, 1, ms / 3'600'000);
        set_int(m, 2, ms / 60'000 % 60);
        set_int(m, 3, ms / 1000 % 60);
        set_int(m, 4, ms % 1000 * kNanosPerMilli);
    } else if (lg::is_timestamp(s)) {
        set_int(m, 1, lg::floor_div(v.as_int(), 1000));
        set_int(m, 2, lg::floor_mod(v.as_int(), 1000) * kNanosPerMilli);
    } else if (s.type() == kc::Type::Struct) {
        put_struct(m, s, v);
    } else if (is_wrapper(d)) {
        put_one(m, *d.field(0), s, v, false);
    } else {
        throw kc::DataException("a Connect " + std::string(kc::type_name(s.type())) +
                                " cannot be written as Protobuf message " + d.full_name());
    }
}

// ---------------------------------------------------------------------------
// Protobuf -> Connect

class ConnectValueReader {
  public:
    ConnectValueReader(const ProtobufDataSettings& settings, kc::Arena& arena)
        : settings_(settings), arena_(arena) {}

    kc_value message(const pb::Message& m, kc::SchemaView s) {
        const pb::Descriptor& d = *m.GetDescriptor();
        if (lg::is_decimal(s)) return decimal(m, s);
        if (lg::is_date(s))
            return kc::make_int32(static_cast<int32_t>(
                lg::days_from_civil(get_int(m, 1), static_cast<unsigned>(get_int(m, 2)),
                                    static_cast<unsigned>(get_int(m, 3)))));
        if (lg::is_time(s))
            return kc::make_int32(static_cast<int32_t>(
                ((get_int(m, 1) * 60 + get_int(m, 2)) * 60 + get_int(m, 3)) * 1000 +
                get_int(m, 4) / kNanosPerMilli));
        if (lg::is_timestamp(s))
            return kc::make_int64(get_int(m, 1) * 1000 +
                                  lg::floor_div(get_int(m, 2), kNanosPerMilli));
        if (s.type() != kc::Type::Struct) return one(m, *d.field(0), -1, s);  // a wrapper
        return strct(m, s);
    }

  private:
    kc_value strct(const pb::Message& m, kc::SchemaView s) {
        const pb::Descriptor& d = *m.GetDescriptor();
        const pb::Reflection& r = *m.GetReflection();
        kc_value* fields = kc::alloc_values(arena_, s.field_count());
        size_t i = 0;
        // Field order of to_connect_schema: the oneofs, then the other fields.
        for (int o = 0; o < d.real_oneof_decl_count(); ++o, ++i) {
            const pb::OneofDescriptor& oneof = *d.oneof_decl(o);
            fields[i] = kc::make_null();
            const pb::FieldDescriptor* set = r.GetOneofFieldDescriptor(m, &oneof);
            if (!set) continue;
            const kc::SchemaView us = s.field(i).schema;
            kc_value* branches = kc::alloc_values(arena_, us.field_count());
            for (size_t b = 0; b < us.field_count(); ++b)
                branches[b] = kc::make_null();
            const auto b = static_cast<size_t>(set->index_in_oneof());
            branches[b] = one(m, *set, -1, us.field(b).schema);
            fields[i] = make_struct(us, branches);
        }
        for (int f = 0; f < d.field_count(); ++f) {
            const pb::FieldDescriptor& fd = *d.field(f);
            if (fd.real_containing_oneof()) continue;
            fields[i] = field(m, fd, s.field(i).schema);
            ++i;
        }
        return make_struct(s, fields);
    }

    static kc_value make_struct(kc::SchemaView s, kc_value* fields) {
        kc_value v{};
        v.tag = KC_VAL_STRUCT;
        v.u.strct.schema = s.raw();
        v.u.strct.fields = fields;
        return v;
    }

    bool optional_label(const pb::FieldDescriptor& fd) const {
        if (!fd.has_optional_keyword()) return false;
        return fd.containing_oneof() != nullptr  // proto3 optional (a synthetic oneof)
               || settings_.optional_for_proto2;
    }

    kc_value field(const pb::Message& m, const pb::FieldDescriptor& fd, kc::SchemaView s) {
        const pb::Reflection& r = *m.GetReflection();
        if (fd.is_repeated()) {
            const int n = r.FieldSize(m, &fd);
            kc_value v{};
            if (s.type() == kc::Type::Map) {
                auto* entries = static_cast<kc_map_entry*>(
                    arena_.allocate(sizeof(kc_map_entry) * size_t(n), alignof(kc_map_entry)));
                for (int k = 0; k < n; ++k) {
                    const pb::Message& e = r.GetRepeatedMessage(m, &fd, k);
                    const pb::Descriptor& ed = *e.GetDescriptor();
                    entries[k].key = field(e, *ed.field(0), s.key_schema());
                    entries[k].value = field(e, *ed.field(1), s.value_schema());
                }
                v.tag = KC_VAL_MAP;
                v.u.map.entries = entries;
                v.u.map.count = size_t(n);
                return v;
            }
            kc_value* items = kc::alloc_values(arena_, size_t(n));
            for (int k = 0; k < n; ++k)
                items[k] = one(m, fd, k, s.value_schema());
            v.tag = KC_VAL_ARRAY;
            v.u.array.items = items;
            v.u.array.count = size_t(n);
            return v;
        }
        // Proto3 scalars without presence read as their default, like Java.
        const bool scalar = fd.cpp_type() != CppType::CPPTYPE_MESSAGE && !optional_label(fd);
        if (scalar || r.HasField(m, &fd)) return one(m, fd, -1, s);
        return kc::make_null();
    }

    // The value of a singular field (index < 0) or of one repeated element.
    kc_value one(const pb::Message& m, const pb::FieldDescriptor& fd, int index, kc::SchemaView s) {
        const pb::Reflection& r = *m.GetReflection();
        const bool rep = index >= 0;
        const kc_value_tag tag = kc::tag_for(s.type());
        switch (fd.cpp_type()) {
            case CppType::CPPTYPE_INT32:
                return kc::make_int(tag,
                                    rep ? r.GetRepeatedInt32(m, &fd, index) : r.GetInt32(m, &fd));
            case CppType::CPPTYPE_INT64:
                return kc::make_int(tag,
                                    rep ? r.GetRepeatedInt64(m, &fd, index) : r.GetInt64(m, &fd));
            case CppType::CPPTYPE_UINT32:
                return kc::make_int(tag,
                                    rep ? r.GetRepeatedUInt32(m, &fd, index) : r.GetUInt32(m, &fd));
            case CppType::CPPTYPE_UINT64:
                return kc::make_int(tag,
                                    static_cast<int64_t>(rep ? r.GetRepeatedUInt64(m, &fd, index)
                                                             : r.GetUInt64(m, &fd)));
            case CppType::CPPTYPE_DOUBLE:
                return kc::make_float(
                    tag, rep ? r.GetRepeatedDouble(m, &fd, index) : r.GetDouble(m, &fd));
            case CppType::CPPTYPE_FLOAT:
                return kc::make_float(tag,
                                      rep ? r.GetRepeatedFloat(m, &fd, index) : r.GetFloat(m, &fd));
            case CppType::CPPTYPE_BOOL:
                return kc::make_bool(rep ? r.GetRepeatedBool(m, &fd, index) : r.GetBool(m, &fd));
            case CppType::CPPTYPE_STRING: {
                const std::string& x = rep ? r.GetRepeatedStringReference(m, &fd, index, &scratch_)
                                           : r.GetStringReference(m, &fd, &scratch_);
                return s.type() == kc::Type::Bytes ? kc::make_bytes(arena_, x)
                                                   : kc::make_string(arena_, x);
            }
            case CppType::CPPTYPE_ENUM: {
                const pb::EnumValueDescriptor& e =
                    *(rep ? r.GetRepeatedEnum(m, &fd, index) : r.GetEnum(m, &fd));
                return s.type() == kc::Type::String ? kc::make_string(arena_, e.name())
                                                    : kc::make_int(tag, e.number());
            }
            case CppType::CPPTYPE_MESSAGE:
                return message(rep ? r.GetRepeatedMessage(m, &fd, index) : r.GetMessage(m, &fd), s);
        }
        return kc::make_null();
    }

    static int64_t get_int(const pb::Message& m, int number) {
        const pb::FieldDescriptor* fd = m.GetDescriptor()->FindFieldByNumber(number);
        if (!fd)
            throw kc::DataException(m.GetDescriptor()->full_name() + " has no field " +
                                    std::to_string(number));
        const pb::Reflection& r = *m.GetReflection();
        switch (fd->cpp_type()) {
            case CppType::CPPTYPE_INT64:
                return r.GetInt64(m, fd);
            case CppType::CPPTYPE_UINT32:
                return r.GetUInt32(m, fd);
            case CppType::CPPTYPE_INT32:
                return r.GetInt32(m, fd);
            default:
                throw kc::DataException(fd->full_name() + " is not an integer");
        }
    }

    kc_value decimal(const pb::Message& m, kc::SchemaView s) {
        const pb::FieldDescriptor* value = m.GetDescriptor()->FindFieldByNumber(1);
        if (!value || value->cpp_type() != CppType::CPPTYPE_STRING)
            throw kc::DataException(m.GetDescriptor()->full_name() + " is not a Decimal");
        const std::string& unscaled = m.GetReflection()->GetStringReference(m, value, &scratch_);
        const auto scale = static_cast<int32_t>(get_int(m, 3));
        const int32_t want = lg::decimal_scale(s);
        if (scale == want) return kc::make_bytes(arena_, unscaled);
        // Written under another scale: the same number, or an error if it would round.
        auto rescaled = lg::rescale_exact(lg::decimal_text(unscaled, scale), want);
        if (!rescaled)
            throw kc::DataException("decimal of scale " + std::to_string(scale) +
                                    " does not fit the schema's scale " + std::to_string(want));
        return kc::make_bytes(arena_, lg::decimal_bytes(*rescaled));
    }

    const ProtobufDataSettings& settings_;
    kc::Arena& arena_;
    std::string scratch_;
};

}  // namespace

void to_protobuf(pb::Message& out, kc::SchemaView s, kc::ValueView v) {
    if (s.type() == kc::Type::Struct) return put_struct(out, s, v);
    put_one(out, *out.GetDescriptor()->field(0), s, v, false);
}

kc_value from_protobuf(const pb::Message& m, kc::SchemaView s, const ProtobufDataSettings& settings,
                       kc::Arena& arena) {
    return ConnectValueReader(settings, arena).message(m, s);
}

}  // namespace kc_schema_registry
