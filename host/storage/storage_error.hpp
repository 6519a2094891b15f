#pragma once

#include <stdexcept>

namespace kc::host::storage {

// A backing store could not read or write its data; the message names the
// file or topic and the reason.
class StorageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace kc::host::storage
