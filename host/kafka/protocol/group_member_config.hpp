// The settings of a Connect group member, with Java DistributedConfig's keys
// and defaults.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/kafka/protocol/broker_connection.hpp"

namespace kc::host::kafka::protocol {

struct GroupMemberConfig {
    std::vector<BrokerAddress> bootstrap_servers;
    std::string group_id;
    std::string protocol_type = "connect";
    std::chrono::milliseconds session_timeout{10000};
    std::chrono::milliseconds rebalance_timeout{60000};
    std::chrono::milliseconds heartbeat_interval{3000};
    std::chrono::milliseconds request_timeout{40000};
    std::chrono::milliseconds retry_backoff{100};
    // Delay before the leader's SyncGroup. librdkafka's mock answers a
    // follower whose SyncGroup arrives after the leader's with
    // INVALID_REQUEST, forcing another (session-long) rebalance; a short
    // delay makes that race unlikely in tests. Real brokers need none.
    std::chrono::milliseconds leader_sync_delay{0};
    // client_id, connect timeout, frame size guard, TLS/SASL.
    ConnectionOptions connection;
};

// Reads bootstrap.servers, group.id (both required), session.timeout.ms,
// rebalance.timeout.ms, heartbeat.interval.ms, request.timeout.ms,
// retry.backoff.ms, socket.connection.setup.timeout.ms, client.id and the
// security settings from a worker config. Throws config::ConfigError or
// SecurityError naming the key.
GroupMemberConfig group_member_config_from_worker(const config::ConfigMap& worker);

}  // namespace kc::host::kafka::protocol
