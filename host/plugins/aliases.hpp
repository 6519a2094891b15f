// Aliases and versions as Java Kafka Connect computes and compares them.
#pragma once

#include <string>
#include <string_view>

#include "kc/abi.h"

namespace kc::host {

// Class name after the last '.', and for a nested class the name after the
// last '$' (Java's getSimpleName: InsertField$Value -> Value).
std::string simple_name(std::string_view class_name);

// The simple name cut at the last occurrence of the kind's suffix when that
// occurrence is past position 0 (FileStreamSourceConnector -> FileStreamSource).
std::string pruned_name(std::string_view class_name, kc_plugin_kind kind);

// Orders versions by their dot-separated components, numerically where both
// are numbers; "undefined" sorts below everything. Returns <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace kc::host
