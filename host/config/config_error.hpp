#pragma once

#include <stdexcept>
#include <string>

namespace kc::host::config {

// A configuration is invalid (Java ConfigException). The message names the key
// or the file and line at fault.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace kc::host::config
