#include "host/kafka/client_config.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <array>
#include <mutex>
#include <optional>
#include <set>

#include "host/config/config_error.hpp"
#include "host/config/worker_config.hpp"
#include "host/kafka/rd_conf.hpp"

namespace kc::host::kafka {
namespace {

// Java client settings with no meaning for librdkafka (serialisation is the
// converters' job; librdkafka's produce never blocks).
constexpr std::array kSilentlyDropped = {
    std::string_view("key.serializer"),   std::string_view("value.serializer"),
    std::string_view("key.deserializer"), std::string_view("value.deserializer"),
    std::string_view("max.block.ms"),
};

// Java settings under another name in librdkafka, same value.
struct Rename {
    std::string_view java;
    std::string_view rdkafka;
};
constexpr std::array kRenames = {
    Rename{"max.request.size", "message.max.bytes"},
    Rename{"fetch.max.wait.ms", "fetch.wait.max.ms"},
};

std::string_view prefix_for(ClientRole role) {
    switch (role) {
        case ClientRole::Producer:
            return "producer.";
        case ClientRole::Consumer:
            return "consumer.";
        case ClientRole::Admin:
            return "admin.";
    }
    return "";
}

void report_once(const std::string& key, std::string_view origin, std::string_view why) {
    static std::mutex mu;
    static std::set<std::string> reported;
    std::lock_guard lock(mu);
    if (reported.insert(key).second) {
        spdlog::warn("Kafka client setting '{}' (from {}) {}; it is ignored", key, origin, why);
    }
}

// Java socket buffers use -1 for "OS default", librdkafka uses 0.
std::string socket_buffer(const std::string& v) {
    return v == "-1" ? "0" : v;
}

std::optional<std::string> assignors(const std::string& java) {
    std::string out;
    for (const std::string& item : config::parse_list(java)) {
        std::string mapped;
        if (item == "org.apache.kafka.clients.consumer.RangeAssignor" || item == "range") {
            mapped = "range";
        } else if (item == "org.apache.kafka.clients.consumer.RoundRobinAssignor" ||
                   item == "roundrobin") {
            mapped = "roundrobin";
        } else if (item == "org.apache.kafka.clients.consumer.CooperativeStickyAssignor" ||
                   item == "cooperative-sticky") {
            mapped = "cooperative-sticky";
        } else {
            return std::nullopt;
        }
        if (!out.empty()) out += ',';
        out += mapped;
    }
    return out;
}

// Reads `name="value"` from a JAAS line.
std::optional<std::string> jaas_option(const std::string& jaas, std::string_view name) {
    std::size_t pos = 0;
    while ((pos = jaas.find(name, pos)) != std::string::npos) {
        const bool starts_word = pos == 0 || jaas[pos - 1] == ' ' || jaas[pos - 1] == '\t';
        std::size_t p = pos + name.size();
        while (p < jaas.size() && jaas[p] == ' ')
            ++p;
        if (starts_word && p < jaas.size() && jaas[p] == '=') {
            ++p;
            while (p < jaas.size() && jaas[p] == ' ')
                ++p;
            if (p < jaas.size() && jaas[p] == '"') {
                const std::size_t end = jaas.find('"', p + 1);
                if (end != std::string::npos) return jaas.substr(p + 1, end - p - 1);
            }
        }
        pos += name.size();
    }
    return std::nullopt;
}

class Translator {
  public:
    Translator() : probe_(rd_kafka_conf_new()) {}

    void apply(const ConfigMap& java, std::string_view origin, ClientConfig& out) {
        for (const auto& [key, value] : java)
            apply_one(key, value, origin, out);
    }

  private:
    void apply_one(const std::string& key, const std::string& value, std::string_view origin,
                   ClientConfig& out) {
        for (std::string_view dropped : kSilentlyDropped) {
            if (key == dropped) return;
        }
        if (key == "max.poll.records") {
            out.max_poll_records = static_cast<int>(config::parse_long(key, value));
            if (out.max_poll_records < 1) {
                throw config::ConfigError("max.poll.records must be at least 1, got " + value);
            }
            return;
        }
        for (const Rename& r : kRenames) {
            if (key == r.java) return set(std::string(r.rdkafka), value, key, origin, out);
        }
        if (key == "buffer.memory") {
            const int64_t kb = std::max<int64_t>(1, config::parse_long(key, value) / 1024);
            return set("queue.buffering.max.kbytes", std::to_string(kb), key, origin, out);
        }
        if (key == "receive.buffer.bytes") {
            return set("socket.receive.buffer.bytes", socket_buffer(value), key, origin, out);
        }
        if (key == "send.buffer.bytes") {
            return set("socket.send.buffer.bytes", socket_buffer(value), key, origin, out);
        }
        if (key == "auto.offset.reset" && value == "none") {
            return set(key, "error", key, origin, out);
        }
        if (key == "ssl.endpoint.identification.algorithm" && value.empty()) {
            return set(key, "none", key, origin, out);
        }
        if (key == "partition.assignment.strategy") {
            if (auto mapped = assignors(value)) return set(key, *mapped, key, origin, out);
            report_once(key, origin, "names an assignor librdkafka does not have");
            return;
        }
        if (key == "sasl.jaas.config") {
            const auto user = jaas_option(value, "username");
            const auto pass = jaas_option(value, "password");
            if (user && pass) {
                set("sasl.username", *user, key, origin, out);
                set("sasl.password", *pass, key, origin, out);
            } else {
                report_once(key, origin, "has no username/password librdkafka can use");
            }
            return;
        }
        set(key, value, key, origin, out);
    }

    // Keeps the setting when librdkafka knows it; reports it otherwise.
    void set(const std::string& rd_key, const std::string& value, const std::string& java_key,
             std::string_view origin, ClientConfig& out) {
        char errstr[512];
        switch (
            rd_kafka_conf_set(probe_.get(), rd_key.c_str(), value.c_str(), errstr, sizeof errstr)) {
            case RD_KAFKA_CONF_OK:
                out.settings.set(rd_key, value);
                return;
            case RD_KAFKA_CONF_UNKNOWN:
                report_once(java_key, origin, "has no librdkafka equivalent");
                return;
            case RD_KAFKA_CONF_INVALID:
                throw config::ConfigError("invalid value for Kafka client setting " + java_key +
                                          " (from " + std::string(origin) + "): " + errstr);
        }
    }

    RdConfPtr probe_;
};

}  // namespace

ClientConfig build_client_config(ClientRole role, std::string_view bootstrap_servers,
                                 const ConfigMap& worker_originals, const ConfigMap& defaults,
                                 const ConfigMap& overrides) {
    ClientConfig out;
    Translator tr;
    out.settings.set("bootstrap.servers", std::string(bootstrap_servers));
    tr.apply(defaults, "built-in defaults", out);
    if (role == ClientRole::Admin) {
        for (std::string_view p : {"security.", "ssl.", "sasl."}) {
            tr.apply(worker_originals.with_prefix(p, false), "worker config", out);
        }
    }
    const std::string_view prefix = prefix_for(role);
    tr.apply(worker_originals.with_prefix(prefix), std::string(prefix) + "* in worker config", out);
    tr.apply(overrides, "connector overrides", out);
    return out;
}

std::string client_id_base(const ConfigMap& worker_originals) {
    std::string base = worker_originals.get_or("group.id", "connect");
    const std::string client_id = worker_originals.get_or("client.id", "");
    if (client_id.find_first_not_of(" \t") != std::string::npos) base += "-" + client_id;
    return base + "-";
}

namespace {

// Java's admin clients: bootstrap, client id and statistics, then the worker's
// admin settings, then a connector's admin.override.* settings.
ClientConfig admin_config(std::string_view bootstrap_servers, const ConfigMap& worker_originals,
                          std::string_view client_id, const ConfigMap& overrides,
                          std::string_view statistics_interval_ms) {
    const ConfigMap defaults{{"client.id", std::string(client_id)},
                             {"statistics.interval.ms", std::string(statistics_interval_ms)}};
    return build_client_config(ClientRole::Admin, bootstrap_servers, worker_originals, defaults,
                               overrides);
}

}  // namespace

ClientConfig shared_admin_config(std::string_view bootstrap_servers,
                                 const ConfigMap& worker_originals,
                                 std::string_view statistics_interval_ms) {
    return admin_config(bootstrap_servers, worker_originals,
                        client_id_base(worker_originals) + "shared-admin", {},
                        statistics_interval_ms);
}

ClientConfig connector_admin_config(std::string_view bootstrap_servers,
                                    const ConfigMap& worker_originals, std::string_view client_id,
                                    const ConfigMap& overrides,
                                    std::string_view statistics_interval_ms) {
    return admin_config(bootstrap_servers, worker_originals, client_id, overrides,
                        statistics_interval_ms);
}

ConfigMap source_producer_defaults() {
    return ConfigMap{
        {"acks", "all"},
        {"max.in.flight.requests.per.connection", "1"},
        {"enable.idempotence", "false"},
        // Java sets delivery.timeout.ms and max.block.ms to their maximum so a
        // record is never dropped while Kafka is away.
        {"delivery.timeout.ms", "2147483647"},
        {"linger.ms", "5"},
        {"batch.num.messages", "10000"},
        // 64 MiB of queued records: enough to keep batches full, bounded RSS.
        {"queue.buffering.max.kbytes", "65536"},
    };
}

ConfigMap sink_consumer_defaults(const std::string& group_id) {
    return ConfigMap{
        {"group.id", group_id},
        {"enable.auto.commit", "false"},
        {"auto.offset.reset", "earliest"},
        {"isolation.level", "read_uncommitted"},
    };
}

}  // namespace kc::host::kafka
