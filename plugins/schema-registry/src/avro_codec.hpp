// Avro binary encoding of Connect values, walking the Avro schema and the
// Connect schema it maps to side by side. Encoding appends to a reused
// buffer; decoding builds the value in the call's arena: neither touches the
// heap once the buffer has grown to the record size.
#pragma once

#include <kc/data.hpp>

#include "avro_schema.hpp"
#include "byte_buffer.hpp"

namespace kc_schema_registry {

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
