// Where Java's producer puts a keyed record: partition
// toPositive(murmur2(key bytes)) % partitions (the default partitioner). The
// offsets and status topics rely on it: a worker that places a key elsewhere
// than Java would leaves two live values for one key in different partitions,
// and which one a reader sees last is then a race.
#pragma once

#include <cstdint>
#include <string_view>

namespace kc::host::storage {

// Java's Utils.murmur2 (MurmurHash2, seed 0x9747b28c), bit for bit.
int32_t murmur2(std::string_view data);

// Java's Utils.toPositive: clears the sign bit (not abs(), which fails on
// INT_MIN).
constexpr int32_t to_positive(int32_t n) {
    return n & 0x7fffffff;
}

// The partition Java's default partitioner picks for a record with this key.
// partitions must be positive; throws std::invalid_argument otherwise.
int32_t partition_for_key(std::string_view key, int32_t partitions);

}  // namespace kc::host::storage
