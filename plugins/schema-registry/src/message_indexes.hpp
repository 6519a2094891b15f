// The Protobuf message indexes of Confluent's wire format, between the schema
// id and the payload: the path to the record's message type in the .proto
// file (a top-level index, then nested ones) as a count and that many
// indexes, each a zig-zag varint (Kafka's ByteUtils.writeVarint). The path
// [0] is the single byte 0. Clients before the zig-zag fix (e.g.
// confluent-kafka-python 1.7) wrote plain unsigned varints: the reader falls
// back to that form when the zig-zag reading names no message type.
// @kafkajs/confluent-schema-registry writes no indexes at all: its payload
// follows the schema id, and is of the file's first message type. A
// protobuf payload starts with a field key of field number 1 or more (a byte
// of 8 or more), which as indexes is a count of 4 or more (8 or more in the
// unsigned form): such a path exists only in schemas nesting messages 4
// deep, so the reader can tell that form from the others by its indexes
// naming no message type.
#pragma once

#include <google/protobuf/descriptor.h>

#include <span>

#include "byte_buffer.hpp"

namespace kc_schema_registry {

// The path of a message type in its file.
std::vector<int> message_path(const google::protobuf::Descriptor& type);

void write_message_indexes(ByteBuffer& out, std::span<const int> path);

// The message type the indexes at `p` name in `file`, advancing `p` past
// them; nullptr, `p` unchanged, when they name none in either form (then
// the bytes may be a frame without indexes).
const google::protobuf::Descriptor* read_message_indexes(
    const char*& p, const char* end, const google::protobuf::FileDescriptor& file);

}  // namespace kc_schema_registry
