#include "host/storage/kafka_partitioner.hpp"

#include <stdexcept>
#include <string>

namespace kc::host::storage {

int32_t murmur2(std::string_view data) {
    // Java's int arithmetic wraps; unsigned arithmetic gives the same bits
    // without signed overflow, and >>> is a shift of the unsigned value.
    constexpr uint32_t m = 0x5bd1e995;
    constexpr int r = 24;
    const auto* p = reinterpret_cast<const uint8_t*>(data.data());
    const auto length = static_cast<uint32_t>(data.size());
    uint32_t h = 0x9747b28cu ^ length;
    const std::size_t whole = data.size() / 4 * 4;
    for (std::size_t i = 0; i < whole; i += 4) {
        uint32_t k = uint32_t(p[i]) | (uint32_t(p[i + 1]) << 8) | (uint32_t(p[i + 2]) << 16) |
                     (uint32_t(p[i + 3]) << 24);
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    switch (data.size() % 4) {
        case 3:
            h ^= uint32_t(p[whole + 2]) << 16;
            [[fallthrough]];
        case 2:
            h ^= uint32_t(p[whole + 1]) << 8;
            [[fallthrough]];
        case 1:
            h ^= uint32_t(p[whole]);
            h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return static_cast<int32_t>(h);
}

int32_t partition_for_key(std::string_view key, int32_t partitions) {
    if (partitions <= 0) {
        throw std::invalid_argument("a topic needs at least one partition, not " +
                                    std::to_string(partitions));
    }
    return to_positive(murmur2(key)) % partitions;
}

}  // namespace kc::host::storage
