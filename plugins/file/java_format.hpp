// Connect values printed as Java's value.toString() prints them, which is what
// FileStreamSinkTask writes: maps as {k=v, k2=v2}, lists as [a, b], structs as
// Struct{f=v,g=w} (null fields omitted), doubles as Double.toString.
#pragma once

#include <kc/abi.h>

#include <string>

namespace kc_file {

// Appends the Java toString() of `v` to `out`.
void append_java_string(std::string& out, const kc_value& v);

}  // namespace kc_file
