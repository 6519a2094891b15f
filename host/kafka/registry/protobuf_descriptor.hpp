// Protobuf schemas in the two forms Confluent's registry speaks: .proto text
// (what it stores and what ProtobufConverter reads) and a serialized
// FileDescriptorProto in Base64 (what `format=serialized` asks for and what
// Confluent's JavaScript and Go serializers register). Conversions go
// through libprotobuf's own .proto parser and printer.
#pragma once

#include <google/protobuf/descriptor.pb.h>

#include <map>
#include <optional>
#include <string>

namespace kc::host::kafka::registry {

// .proto text parsed (not linked: imports stay names); throws
// std::invalid_argument saying where the text is wrong.
google::protobuf::FileDescriptorProto parse_proto_text(const std::string& text);

// The Base64 FileDescriptorProto of .proto text; throws std::invalid_argument
// saying where the text is wrong. Linked, as Confluent serves it (field types
// resolved, type names fully qualified), when its imports are libprotobuf's
// own or among `imports` (the texts of the schemas its references name, by
// import name); else as parsed.
std::string proto_text_to_serialized(const std::string& text,
                                     const std::map<std::string, std::string>& imports = {});

// The .proto text of `schema` when it is a Base64 FileDescriptorProto,
// nullopt when it is not (then it is .proto text already). Its imports are
// libprotobuf's own or among `imports` (as for proto_text_to_serialized).
// Throws std::invalid_argument when the descriptor cannot be built (an
// unknown import, say).
std::optional<std::string> serialized_to_proto_text(
    const std::string& schema, const std::map<std::string, std::string>& imports = {});

}  // namespace kc::host::kafka::registry
