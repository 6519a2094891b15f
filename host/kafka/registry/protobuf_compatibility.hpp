// A Protobuf compatibility test over .proto text, without a Protobuf
// library: messages and their fields (number, label, type) are read with a
// small tokenizer, and the changes that break readers are reported:
// a message the writer uses that the reader lacks, a field number whose type
// changed between wire-incompatible kinds, a field that became or stopped
// being repeated, and a proto2 `required` field the writer does not have.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kc::host::kafka::registry {

// Why `reader` may misread data written with `writer`, one message per
// problem; empty when none was found. Throws std::invalid_argument when a
// text has unbalanced braces or a field without a number.
std::vector<std::string> protobuf_read_problems(std::string_view reader, std::string_view writer);

}  // namespace kc::host::kafka::registry
