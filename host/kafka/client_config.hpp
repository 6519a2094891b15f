#pragma once

#include <string>
#include <string_view>

#include "host/config/config_map.hpp"

namespace kc::host::kafka {

using config::ConfigMap;

enum class ClientRole { Producer, Consumer, Admin };

// Settings ready for librdkafka (its property names), plus the Java settings
// the host itself honours because librdkafka has no equivalent.
struct ClientConfig {
    ConfigMap settings;
    // Java consumer max.poll.records: the largest batch a sink poll returns.
    int max_poll_records = 500;
};

// Builds a client's settings, later layers winning:
//   bootstrap_servers -> `defaults` -> the worker's "<role>." settings
//   (producer./consumer./admin.) -> `overrides` (a connector's
//   *.override.* settings with the prefix already stripped).
// For the Admin role the worker's top-level security settings (security.*,
// ssl.*, sasl.*) are included too, as Java's admin clients see them.
// Java names are mapped to librdkafka's where a mapping exists
// (max.request.size -> message.max.bytes, buffer.memory ->
// queue.buffering.max.kbytes, fetch.max.wait.ms -> fetch.wait.max.ms,
// sasl.jaas.config (PLAIN/SCRAM) -> sasl.username/password, class-named
// assignors -> range/roundrobin/cooperative-sticky, ...); serializers and
// deserializers are dropped silently; other settings librdkafka does not know
// are logged once per process and dropped. A value librdkafka rejects throws
// config::ConfigError naming the key.
ClientConfig build_client_config(ClientRole role, std::string_view bootstrap_servers,
                                 const ConfigMap& worker_originals, const ConfigMap& defaults = {},
                                 const ConfigMap& overrides = {});

// Java's ConnectUtils.clientIdBase: "<group.id>[-<client.id>]-" ("connect-"
// without a group), to which each of the worker's own clients (the internal
// topics' stores, the shared admin client) appends its own suffix.
std::string client_id_base(const ConfigMap& worker_originals);

// The settings of the worker's one admin client (Java's shared admin):
// client id <client_id_base>shared-admin, statistics every
// `statistics_interval_ms` (admin.statistics.interval.ms overrides).
ClientConfig shared_admin_config(std::string_view bootstrap_servers,
                                 const ConfigMap& worker_originals,
                                 std::string_view statistics_interval_ms);

// The settings of an admin client a connector's task has of its own (Java's
// Worker.adminConfigs), made when the connector sets admin.override.*: the
// worker's admin settings, then the connector's `overrides` (prefix
// stripped), client id `client_id` unless an override names one, statistics
// as for the shared admin.
ClientConfig connector_admin_config(std::string_view bootstrap_servers,
                                    const ConfigMap& worker_originals, std::string_view client_id,
                                    const ConfigMap& overrides,
                                    std::string_view statistics_interval_ms);

// Java Connect's defaults for a source task producer: acks=all, one request in
// flight (ordering without idempotence), no delivery timeout, plus batching
// that suits throughput (linger.ms, batch.num.messages, a bounded queue).
ConfigMap source_producer_defaults();
// Java Connect's defaults for a sink task consumer in group `group_id`
// (connect-<connector>): no auto commit, earliest, read_uncommitted.
ConfigMap sink_consumer_defaults(const std::string& group_id);

}  // namespace kc::host::kafka
