// Avro binary encoding of Connect values, walking the Avro schema and the
// Connect schema it maps to side by side. Encoding appends to a reused
// buffer; decoding builds the value in the call's arena: neither touches the
// heap once the buffer has grown to the record size.
#pragma once

#include <kc/data.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "avro_schema.hpp"

namespace kc_schema_registry {

// A growable byte buffer whose storage is kept across records.
class ByteBuffer {
  public:
    void clear() noexcept { size_ = 0; }
    char* grow(size_t n) {
        if (size_ + n > storage_.size())
            storage_.resize(std::max(storage_.size() * 2, size_ + n + 64));
        char* p = storage_.data() + size_;
        size_ += n;
        return p;
    }
    void shrink_to(size_t n) noexcept { size_ = n; }
    void append(const char* p, size_t n) {
        if (n) std::memcpy(grow(n), p, n);
    }
    std::string_view view() const noexcept { return {storage_.data(), size_}; }
    size_t size() const noexcept { return size_; }

  private:
    std::string storage_;
    size_t size_ = 0;
};

// Appends the Avro binary form of v (of Connect schema s) under Avro node n.
// Throws kc::DataException naming the field path when v does not fit.
void avro_encode(ByteBuffer& out, const AvroNode& n, kc::SchemaView s, kc::ValueView v);

// Decodes one value of Avro node n into Connect schema s, advancing `p`.
// Throws kc::DataException on truncated or malformed input.
kc_value avro_decode(const char*& p, const char* end, const AvroNode& n, kc::SchemaView s,
                     kc::Arena& arena);

// Reads one zig-zag varint (Avro int and long), advancing `p`; throws
// kc::DataException when the input ends first or the varint is too long.
int64_t avro_read_long(const char*& p, const char* end);

}  // namespace kc_schema_registry
