// Request-target handling: splitting, percent-decoding and encoding.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kc::host::rest {

// Decodes %XX escapes (and '+' as space when plus_is_space, for query strings).
// nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Encodes everything but RFC 3986 unreserved characters, for one path segment.
std::string percent_encode_segment(std::string_view in);

struct SplitTarget {
    std::string path;  // raw
    std::multimap<std::string, std::string> query;
};

// "/a/b?x=1&y" -> path "/a/b", query {x:1, y:""}; the absolute form "http://h:1/a/b?x=1"
// splits the same way. nullopt when the query has a bad escape.
std::optional<SplitTarget> split_target(std::string_view target);

}  // namespace kc::host::rest
