#include "host/kafka/protocol/group_member_config.hpp"

#include <atomic>

#include "host/config/config_error.hpp"
#include "host/config/worker_config.hpp"

namespace kc::host::kafka::protocol {
namespace {

std::chrono::milliseconds millis(const config::ConfigMap& worker, std::string_view key,
                                 std::chrono::milliseconds fallback, std::int64_t min) {
    const auto value = worker.get(key);
    if (!value) return fallback;
    const std::int64_t ms = config::parse_long(key, *value);
    if (ms < min || ms > 0x7fffffff)
        throw config::ConfigError(std::string(key) + " must be between " + std::to_string(min) +
                                  " and 2147483647, got " + std::string(*value));
    return std::chrono::milliseconds(ms);
}

}  // namespace

GroupMemberConfig group_member_config_from_worker(const config::ConfigMap& worker) {
    GroupMemberConfig out;
    const auto servers = worker.get("bootstrap.servers");
    if (!servers) throw config::ConfigError("bootstrap.servers is required for the Connect group");
    try {
        out.bootstrap_servers = parse_broker_list(*servers);
    } catch (const std::invalid_argument& e) {
        throw config::ConfigError(std::string("bootstrap.servers: ") + e.what());
    }
    const auto group = worker.get("group.id");
    if (!group || group->empty()) throw config::ConfigError("group.id is required");
    out.group_id = std::string(*group);
    out.session_timeout = millis(worker, "session.timeout.ms", out.session_timeout, 1);
    out.rebalance_timeout = millis(worker, "rebalance.timeout.ms", out.rebalance_timeout, 1);
    out.heartbeat_interval = millis(worker, "heartbeat.interval.ms", out.heartbeat_interval, 1);
    out.request_timeout = millis(worker, "request.timeout.ms", out.request_timeout, 1);
    out.retry_backoff = millis(worker, "retry.backoff.ms", out.retry_backoff, 0);
    out.connection.connect_timeout =
        millis(worker, "socket.connection.setup.timeout.ms", out.connection.connect_timeout, 1);
    // Java names an unnamed worker's group client connect-<n>.
    static std::atomic<int> next_client{1};
    const std::string client_id = worker.get_or("client.id", "");
    out.connection.client_id =
        client_id.empty() ? "connect-" + std::to_string(next_client++) : client_id;
    out.connection.security = parse_security_config(worker);
    return out;
}

}  // namespace kc::host::kafka::protocol
