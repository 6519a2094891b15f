// The distributed cluster's shared secret (KIP-507), as the config topic's
// session-key record holds it: storage reads and writes it, the cluster's
// request signing (host/cluster) uses it.
#pragma once

#include <cstdint>
#include <string>

namespace kc::host {

struct SessionKey {
    std::string key;        // raw key bytes
    std::string algorithm;  // key generation algorithm, e.g. "HmacSHA256"
    std::int64_t creation_timestamp_ms = 0;
};

}  // namespace kc::host
