// Protobuf schemas in the two forms Confluent's registry speaks: .proto text
// (what it stores and what ProtobufConverter reads) and a serialized
// FileDescriptorProto in Base64 (what `format=serialized` asks for and what
// Confluent's JavaScript and Go serializers register). Conversions go
// through libprotobuf's own .proto parser and printer.
#pragma once

#include <google/protobuf/descriptor.pb.h>

#include <optional>
#include <string>

namespace kc::host::kafka::registry {

// .proto text parsed (not linked: imports stay names); throws
// std::invalid_argument saying where the text is wrong.
google::protobuf::FileDescriptorProto parse_proto_text(const std::string& text);

// The Base64 FileDescriptorProto of .proto text; throws std::invalid_argument
// saying where the text is wrong.
std::string proto_text_to_serialized(const std::string& text);

// The .proto text of `schema` when it is a Base64 FileDescriptorProto,
// nullopt when it is not (then it is .proto text already). Throws
// std::invalid_argument when the descriptor cannot be built (an unknown
// import, say).
std::optional<std::string> serialized_to_proto_text(const std::string& schema);

}  // namespace kc::host::kafka::registry
