#pragma once

#include <filesystem>
#include <string_view>

#include "host/config/config_map.hpp"

namespace kc::host::config {

// Parses `.properties` text exactly as java.util.Properties.load does:
//  - natural lines end at \n, \r or \r\n; leading spaces, tabs and form feeds
//    are skipped; blank lines and lines whose first non-blank character is
//    '#' or '!' are ignored (a comment line never continues);
//  - a line ending in an odd number of backslashes continues on the next line,
//    whose leading whitespace is dropped; a trailing backslash at end of input
//    is dropped;
//  - the key ends at the first unescaped '=', ':' or whitespace; whitespace
//    then one optional '=' or ':' then whitespace separate it from the value;
//    trailing whitespace of the value is kept, as in Java;
//  - escapes \t \n \r \f \uXXXX; a backslash before any other character
//    stands for that character; a repeated key keeps its first position and
//    its last value.
// Java reads the bytes as ISO-8859-1; here bytes other than escapes pass
// through unchanged, so UTF-8 files keep their text (\uXXXX is written out as
// UTF-8). A malformed \uXXXX throws ConfigError naming `source` and the line.
ConfigMap parse_properties(std::string_view text, std::string_view source = "<string>");

// Reads and parses a file; errors name the file (and line).
ConfigMap load_properties_file(const std::filesystem::path& path);

}  // namespace kc::host::config
