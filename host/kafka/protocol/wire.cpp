#include "host/kafka/protocol/wire.hpp"

#include <cstring>
#include <limits>

namespace kc::host::kafka::protocol {
namespace {

template <typename T>
void put_be(std::string& buf, T v) {
    using U = std::make_unsigned_t<T>;
    auto u = static_cast<U>(v);
    char out[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out[i] = static_cast<char>((u >> (8 * (sizeof(T) - 1 - i))) & 0xff);
    buf.append(out, sizeof(T));
}

template <typename T>
T get_be(std::string_view bytes) {
    using U = std::make_unsigned_t<T>;
    U u = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        u = static_cast<U>((u << 8) | static_cast<unsigned char>(bytes[i]));
    return static_cast<T>(u);
}

}  // namespace

void WireWriter::int8(std::int8_t v) {
    put_be(buf_, v);
}
void WireWriter::int16(std::int16_t v) {
    put_be(buf_, v);
}
void WireWriter::int32(std::int32_t v) {
    put_be(buf_, v);
}
void WireWriter::int64(std::int64_t v) {
    put_be(buf_, v);
}

void WireWriter::string(std::string_view s) {
    if (s.size() > static_cast<std::size_t>(std::numeric_limits<std::int16_t>::max()))
        throw WireError("string of " + std::to_string(s.size()) +
                        " bytes is longer than the protocol's 32767");
    int16(static_cast<std::int16_t>(s.size()));
    buf_.append(s);
}

void WireWriter::nullable_string(const std::optional<std::string>& s) {
    if (!s) return int16(-1);
    string(*s);
}

void WireWriter::bytes(std::string_view b) {
    if (b.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw WireError("byte field of " + std::to_string(b.size()) + " bytes is too long");
    int32(static_cast<std::int32_t>(b.size()));
    buf_.append(b);
}

void WireWriter::nullable_bytes(const std::optional<std::string>& b) {
    if (!b) return int32(-1);
    bytes(*b);
}

void WireWriter::patch_int32(std::size_t pos, std::int32_t v) {
    std::string tmp;
    put_be(tmp, v);
    buf_.replace(pos, 4, tmp);
}

std::string_view WireReader::take(std::size_t n, const char* field) {
    if (n > remaining())
        throw WireError(std::string("truncated at ") + field + ": needs " + std::to_string(n) +
                        " bytes at offset " + std::to_string(pos_) + ", " +
                        std::to_string(remaining()) + " left");
    auto out = data_.substr(pos_, n);
    pos_ += n;
    return out;
}

std::int8_t WireReader::int8(const char* field) {
    return get_be<std::int8_t>(take(1, field));
}
std::int16_t WireReader::int16(const char* field) {
    return get_be<std::int16_t>(take(2, field));
}
std::int32_t WireReader::int32(const char* field) {
    return get_be<std::int32_t>(take(4, field));
}
std::int64_t WireReader::int64(const char* field) {
    return get_be<std::int64_t>(take(8, field));
}

std::string WireReader::string(const char* field) {
    auto s = nullable_string(field);
    if (!s) throw WireError(std::string("null ") + field + " where a string is required");
    return std::move(*s);
}

std::optional<std::string> WireReader::nullable_string(const char* field) {
    std::int16_t n = int16(field);
    if (n == -1) return std::nullopt;
    if (n < 0)
        throw WireError(std::string("negative length ") + std::to_string(n) + " of " + field);
    return std::string(take(static_cast<std::size_t>(n), field));
}

std::string WireReader::bytes(const char* field) {
    auto b = nullable_bytes(field);
    if (!b) throw WireError(std::string("null ") + field + " where bytes are required");
    return std::move(*b);
}

std::optional<std::string> WireReader::nullable_bytes(const char* field) {
    std::int32_t n = int32(field);
    if (n == -1) return std::nullopt;
    if (n < 0)
        throw WireError(std::string("negative length ") + std::to_string(n) + " of " + field);
    return std::string(take(static_cast<std::size_t>(n), field));
}

std::optional<std::int32_t> WireReader::array_length(const char* field,
                                                     std::size_t min_element_size) {
    std::int32_t n = int32(field);
    if (n == -1) return std::nullopt;
    if (n < 0)
        throw WireError(std::string("negative element count ") + std::to_string(n) + " of " +
                        field);
    if (min_element_size > 0 && static_cast<std::size_t>(n) > remaining() / min_element_size)
        throw WireError(std::string(field) + " claims " + std::to_string(n) +
                        " elements but only " + std::to_string(remaining()) + " bytes are left");
    return n;
}

}  // namespace kc::host::kafka::protocol
