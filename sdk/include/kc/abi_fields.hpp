// kc/abi_fields.hpp - reading the fields of a struct that crossed the C ABI.
//
// A struct that can grow starts with `struct_size`, the sizeof its producer
// compiled. A host built against an older kc/abi.h hands in records that end
// before the fields added since; a newer host hands in longer ones. Read such a
// struct's fields through kc::abi_field(), which gives the field's absent value
// (kAbsent<S>) when the producer's struct ends before it, and copy it with
// kc::complete_into() or kc::complete_copy(), which never read past
// struct_size. The SDK's tables hand plugin code complete records (see
// detail/export_vtables.hpp), and RecordView reads through kc::abi_field(), so
// plugin code written on the SDK needs neither.
#pragma once

#include <kc/abi.h>

#include <cstddef>
#include <cstring>

namespace kc {

// What each field of S reads as when the producer's struct ends before it:
// the values "none" has in kc/abi.h (-1 for partitions, offsets, timestamps).
template <class S>
inline constexpr S kAbsent = [] {
    S s{};
    s.struct_size = sizeof(S);
    return s;
}();

template <>
inline constexpr kc_record kAbsent<kc_record> = [] {
    kc_record r{};
    r.struct_size = sizeof(kc_record);
    r.partition = -1;
    r.timestamp = -1;
    r.kafka_offset = -1;
    r.original_partition = -1;
    r.original_kafka_offset = -1;
    return r;
}();

template <>
inline constexpr kc_record_metadata kAbsent<kc_record_metadata> = [] {
    kc_record_metadata m{};
    m.struct_size = sizeof(kc_record_metadata);
    m.partition = -1;
    m.offset = -1;
    m.timestamp = -1;
    return m;
}();

// True when `s`'s producer compiled every field this SDK knows.
template <class S>
constexpr bool is_complete(const S& s) noexcept {
    return s.struct_size >= sizeof(S);
}

// s.*member, or its absent value when s's struct_size ends before the member.
// The offset comes from kAbsent<S>, a whole object, so nothing past s's
// struct_size is touched, not even to take an address.
template <class S, class T>
const T& abi_field(const S& s, T S::*member) noexcept {
    const S& absent = kAbsent<S>;
    const auto end = static_cast<size_t>(reinterpret_cast<const char*>(&(absent.*member)) -
                                         reinterpret_cast<const char*>(&absent)) +
                     sizeof(T);
    return s.struct_size >= end ? s.*member : absent.*member;
}

// Writes into `out` s as this SDK's full struct: the producer's struct_size
// bytes, absent values for the rest, struct_size set to sizeof(S).
template <class S>
void complete_into(S& out, const S& s) noexcept {
    if (is_complete(s)) {  // as long as ours or longer: a plain copy of what we know
        out = s;
    } else {
        out = kAbsent<S>;
        std::memcpy(static_cast<void*>(&out), &s, s.struct_size);
    }
    out.struct_size = sizeof(S);
}

// complete_into() as a value.
template <class S>
S complete_copy(const S& s) noexcept {
    S out;
    complete_into(out, s);
    return out;
}

}  // namespace kc
