// Java's org.apache.kafka.common.utils.Utils.murmur2 (MurmurHash2, seed
// 0x9747b28c), for checking where records land: the Java producer puts a keyed
// record in partition toPositive(murmur2(key)) % partitions.
#pragma once

#include <cstdint>
#include <string_view>

inline int32_t java_murmur2(std::string_view data) {
    constexpr uint32_t m = 0x5bd1e995;
    constexpr int r = 24;
    const auto length = static_cast<uint32_t>(data.size());
    uint32_t h = 0x9747b28c ^ length;
    auto byte = [&](std::size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(data[i])); };
    const std::size_t whole = data.size() / 4 * 4;
    for (std::size_t i = 0; i < whole; i += 4) {
        uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    switch (data.size() % 4) {
        case 3:
            h ^= byte(whole + 2) << 16;
            [[fallthrough]];
        case 2:
            h ^= byte(whole + 1) << 8;
            [[fallthrough]];
        case 1:
            h ^= byte(whole);
            h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return static_cast<int32_t>(h);
}
