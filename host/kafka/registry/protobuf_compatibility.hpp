// A Protobuf compatibility test over .proto text (parsed with libprotobuf's
// own parser): the changes that break readers are reported: a message the
// writer uses that the reader lacks, a field number whose type changed
// between wire-incompatible kinds, a field that became or stopped being
// repeated, and a proto2 `required` field the writer does not have.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host::kafka::registry {

// Why `reader` may misread data written with `writer`, one message per
// problem; empty when none was found. The messages of the files each side
// imports through references (`*_imports`, texts by import name) are
// compared too.
// Throws std::invalid_argument when a text is not valid .proto text, saying
// where.
std::vector<std::string> protobuf_read_problems(
    std::string_view reader, std::string_view writer,
    const std::map<std::string, std::string>& reader_imports = {},
    const std::map<std::string, std::string>& writer_imports = {});

}  // namespace kc::host::kafka::registry
