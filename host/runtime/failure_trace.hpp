// The trace a FAILED connector or task status carries, as Java's
// ConnectException would print it: the host's message, then the plugin's own
// trace as the cause when the plugin gave one.
#pragma once

#include <exception>
#include <string>

namespace kc::host::runtime {

std::string failure_trace(const std::exception& e);

}  // namespace kc::host::runtime
