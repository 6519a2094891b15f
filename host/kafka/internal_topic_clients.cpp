#include "host/kafka/internal_topic_clients.hpp"

namespace kc::host::kafka {

ConfigMap internal_topic_producer_defaults() {
    return ConfigMap{
        {"acks", "all"},
        {"max.in.flight.requests.per.connection", "1"},
        {"enable.idempotence", "false"},
        {"delivery.timeout.ms", "2147483647"},
        {"partitioner", "murmur2_random"},
    };
}

ConfigMap internal_topic_consumer_defaults(bool read_committed) {
    return ConfigMap{
        {"auto.offset.reset", "earliest"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"isolation.level", read_committed ? "read_committed" : "read_uncommitted"},
        {"fetch.wait.max.ms", "100"},
    };
}

ClientConfig internal_topic_client_config(ClientRole role, std::string_view bootstrap_servers,
                                          const ConfigMap& worker_originals,
                                          const ConfigMap& defaults, const ConfigMap& overrides) {
    ConfigMap layered;
    for (std::string_view prefix : {"security.", "ssl.", "sasl."}) {
        layered.merge(worker_originals.with_prefix(prefix, false));
    }
    layered.merge(overrides);
    // No worker originals: the role's producer./consumer. settings are for
    // connectors' clients, not the internal topics'.
    return build_client_config(role, bootstrap_servers, {}, defaults, layered);
}

}  // namespace kc::host::kafka
