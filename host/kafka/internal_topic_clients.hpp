// Client settings for the producers and consumers of the worker's internal
// topics (config, offsets, status), as Java's Kafka*BackingStore build them.
#pragma once

#include <string_view>

#include "host/config/config_map.hpp"
#include "host/kafka/client_config.hpp"

namespace kc::host::kafka {

// acks=all, one request in flight, idempotence off, no delivery timeout (a
// record waits for Kafka to come back), and Java's murmur2 partitioner:
// librdkafka's default (CRC32) would put a key in another partition than a
// Java worker does, and readers could then apply a stale value last.
ConfigMap internal_topic_producer_defaults();

// Read everything from the start, commit nothing, and read_uncommitted (Java's
// default; librdkafka's is read_committed) unless `read_committed` (Java uses
// it when exactly.once.source.support=enabled). Fetches wait at most 100 ms for
// data: the embedded broker does not answer a waiting fetch when data arrives,
// and every read-to-end of the config topic would otherwise cost up to 500 ms.
ConfigMap internal_topic_consumer_defaults(bool read_committed = false);

// A client config for an internal topic. Like Java's, which are built from the
// worker's top-level settings and not from its producer./consumer. ones, it
// holds the worker's security settings (security.*, ssl.*, sasl.*) on top of
// `defaults`, then `overrides` (e.g. a client.id, or retries=0 for status).
ClientConfig internal_topic_client_config(ClientRole role, std::string_view bootstrap_servers,
                                          const ConfigMap& worker_originals,
                                          const ConfigMap& defaults,
                                          const ConfigMap& overrides = {});

}  // namespace kc::host::kafka
