#pragma once

#include <stdexcept>

namespace kc::host::storage {

// A backing store could not read or write its data; the message names the
// file or topic and the reason.
class StorageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A record read from an internal topic (config, status, offsets) whose key or
// value is not in the format Java writes. The message names the key and the
// field; the reader logs it and skips the record, as Java does.
class RecordFormatError : public StorageError {
  public:
    using StorageError::StorageError;
};

}  // namespace kc::host::storage
