#include "message_indexes.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace kc_schema_registry {

namespace pb = google::protobuf;

namespace {

constexpr int kMaxDepth = 32;  // deeper nesting than any real schema

void put_varint(ByteBuffer& out, uint32_t v) {
    while (v >= 0x80) {
        *out.grow(1) = static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    *out.grow(1) = static_cast<char>(v);
}

std::optional<uint32_t> get_varint(const char*& p, const char* end) {
    uint32_t v = 0;
    for (int shift = 0; shift < 35 && p < end; shift += 7) {
        const auto b = static_cast<uint8_t>(*p++);
        v |= uint32_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    return std::nullopt;
}

int32_t unzigzag(uint32_t v) {
    return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1));
}

// The type the indexes at `p` name, read in one form, or nullptr.
const pb::Descriptor* resolve(const char*& p, const char* end, const pb::FileDescriptor& file,
                              bool zigzag) {
    auto next = [&]() -> std::optional<int64_t> {
        auto v = get_varint(p, end);
        if (!v) return std::nullopt;
        return zigzag ? unzigzag(*v) : int64_t(*v);
    };
    const auto count = next();
    if (!count || *count < 0 || *count > kMaxDepth) return nullptr;
    if (*count == 0) return file.message_type_count() ? file.message_type(0) : nullptr;
    const pb::Descriptor* type = nullptr;
    for (int64_t i = 0; i < *count; ++i) {
        const auto index = next();
        if (!index || *index < 0) return nullptr;
        const int n = type ? type->nested_type_count() : file.message_type_count();
        if (*index >= n) return nullptr;
        type = type ? type->nested_type(static_cast<int>(*index))
                    : file.message_type(static_cast<int>(*index));
    }
    return type;
}

}  // namespace

std::vector<int> message_path(const pb::Descriptor& type) {
    std::vector<int> path;
    for (const pb::Descriptor* d = &type; d; d = d->containing_type())
        path.push_back(d->index());
    std::reverse(path.begin(), path.end());
    return path;
}

void write_message_indexes(ByteBuffer& out, std::span<const int> path) {
    if (path.size() == 1 && path[0] == 0) {
        *out.grow(1) = 0;
        return;
    }
    auto zigzag = [](int32_t v) {
        return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
    };
    put_varint(out, zigzag(static_cast<int32_t>(path.size())));
    for (int i : path)
        put_varint(out, zigzag(i));
}

const pb::Descriptor* read_message_indexes(const char*& p, const char* end,
                                           const pb::FileDescriptor& file) {
    const char* start = p;
    if (const pb::Descriptor* d = resolve(p, end, file, true)) return d;
    p = start;
    if (const pb::Descriptor* d = resolve(p, end, file, false)) return d;
    p = start;
    return nullptr;
}

}  // namespace kc_schema_registry
