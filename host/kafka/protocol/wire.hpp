// Kafka's protocol primitives (big-endian integers, INT16-length strings,
// INT32-length bytes and arrays) for the code that speaks the Kafka protocol
// itself: the Connect group client, whose `connect` protocol type librdkafka
// cannot join, and the Connect member metadata and assignments carried inside
// it. Only the non-flexible (pre-KIP-482) encodings are needed there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host::kafka::protocol {

// Bytes that do not decode as the expected structure: truncated, a negative
// length where none is allowed, or a length past the end. The message says
// which field.
class WireError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Appends encoded fields to a growing buffer.
class WireWriter {
  public:
    void int8(std::int8_t v);
    void int16(std::int16_t v);
    void int32(std::int32_t v);
    void int64(std::int64_t v);
    // STRING: INT16 length then the bytes. Throws WireError past 32767 bytes.
    void string(std::string_view s);
    // NULLABLE_STRING: length -1 for null.
    void nullable_string(const std::optional<std::string>& s);
    // BYTES: INT32 length then the bytes.
    void bytes(std::string_view b);
    // NULLABLE_BYTES: length -1 for null.
    void nullable_bytes(const std::optional<std::string>& b);
    // The INT32 element count that starts an ARRAY (-1 for a null array).
    void array_length(std::int32_t n) { int32(n); }
    // Raw bytes with no length prefix.
    void raw(std::string_view b) { buf_.append(b); }

    // Overwrites 4 bytes at `pos` (for a size prefix known only at the end).
    void patch_int32(std::size_t pos, std::int32_t v);

    std::size_t size() const { return buf_.size(); }
    const std::string& bytes() const { return buf_; }
    std::string take() { return std::move(buf_); }

  private:
    std::string buf_;
};

// Reads fields from a byte span it does not own; every read is bounds-checked
// and throws WireError naming the field.
class WireReader {
  public:
    explicit WireReader(std::string_view data) : data_(data) {}

    std::int8_t int8(const char* field);
    std::int16_t int16(const char* field);
    std::int32_t int32(const char* field);
    std::int64_t int64(const char* field);
    std::string string(const char* field);
    std::optional<std::string> nullable_string(const char* field);
    std::string bytes(const char* field);
    std::optional<std::string> nullable_bytes(const char* field);
    // An ARRAY's element count; nullopt for a null array. Throws when the
    // count is below -1 or the remaining bytes could not hold that many
    // elements of at least `min_element_size` bytes each (so a hostile count
    // cannot make the caller reserve gigabytes).
    std::optional<std::int32_t> array_length(const char* field, std::size_t min_element_size = 1);

    bool at_end() const { return pos_ == data_.size(); }
    std::size_t remaining() const { return data_.size() - pos_; }
    std::size_t position() const { return pos_; }

  private:
    std::string_view take(std::size_t n, const char* field);

    std::string_view data_;
    std::size_t pos_ = 0;
};

}  // namespace kc::host::kafka::protocol
