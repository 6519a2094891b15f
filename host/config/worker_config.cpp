#include "host/config/worker_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "host/config/config_error.hpp"

namespace kc::host::config {
namespace {

enum class Type { String, Long, Bool, List };

struct KeyDef {
    std::string_view name;
    Type type;
    const char* default_value;  // nullptr = no default
    bool required_standalone;
    bool required_distributed;
};

// Worker keys with the defaults of Java's WorkerConfig / StandaloneConfig /
// DistributedConfig; the two `required` flags say which mode needs the key.
constexpr KeyDef kKeys[] = {
    {"bootstrap.servers", Type::List, nullptr, false, false},
    {"key.converter", Type::String, nullptr, true, true},
    {"value.converter", Type::String, nullptr, true, true},
    {"header.converter", Type::String, "org.apache.kafka.connect.storage.SimpleHeaderConverter",
     false, false},
    {"offset.storage.file.filename", Type::String, nullptr, true, false},
    {"offset.flush.interval.ms", Type::Long, "60000", false, false},
    {"offset.flush.timeout.ms", Type::Long, "5000", false, false},
    {"task.shutdown.graceful.timeout.ms", Type::Long, "5000", false, false},
    {"plugin.path", Type::List, "", false, false},
    {"plugin.discovery", Type::String, "hybrid_warn", false, false},
    {"listeners", Type::List, "http://:8083", false, false},
    {"admin.listeners", Type::List, nullptr, false, false},
    {"rest.advertised.host.name", Type::String, nullptr, false, false},
    {"rest.advertised.port", Type::Long, nullptr, false, false},
    {"rest.advertised.listener", Type::String, nullptr, false, false},
    {"rest.extension.classes", Type::List, "", false, false},
    {"access.control.allow.origin", Type::String, "", false, false},
    {"access.control.allow.methods", Type::String, "", false, false},
    {"response.http.headers.config", Type::String, "", false, false},
    {"connector.client.config.override.policy", Type::String, "All", false, false},
    {"config.providers", Type::List, "", false, false},
    {"topic.creation.enable", Type::Bool, "true", false, false},
    {"topic.tracking.enable", Type::Bool, "true", false, false},
    {"topic.tracking.allow.reset", Type::Bool, "true", false, false},
    {"metrics.sample.window.ms", Type::Long, "30000", false, false},
    {"metrics.num.samples", Type::Long, "2", false, false},
    {"metrics.recording.level", Type::String, "INFO", false, false},
    // Prometheus exposition (host/metrics): naming scheme, and a listener of its own.
    {"metrics.prometheus.naming", Type::String, "strimzi", false, false},
    {"metrics.prometheus.listener", Type::String, "", false, false},
    {"client.dns.lookup", Type::String, "use_all_dns_ips", false, false},
    // The schema registry served beside the embedded broker (host/cli/embedded_registry.hpp).
    {"embedded.schema.registry.port", Type::Long, "8081", false, false},
    // Distributed mode.
    {"group.id", Type::String, nullptr, false, true},
    {"config.storage.topic", Type::String, nullptr, false, true},
    {"offset.storage.topic", Type::String, nullptr, false, true},
    {"status.storage.topic", Type::String, nullptr, false, true},
    {"config.storage.replication.factor", Type::Long, "3", false, false},
    {"offset.storage.replication.factor", Type::Long, "3", false, false},
    {"status.storage.replication.factor", Type::Long, "3", false, false},
    {"offset.storage.partitions", Type::Long, "25", false, false},
    {"status.storage.partitions", Type::Long, "5", false, false},
    {"connect.protocol", Type::String, "sessioned", false, false},
    {"scheduled.rebalance.max.delay.ms", Type::Long, "300000", false, false},
    {"session.timeout.ms", Type::Long, "10000", false, false},
    {"heartbeat.interval.ms", Type::Long, "3000", false, false},
    {"rebalance.timeout.ms", Type::Long, "60000", false, false},
    {"worker.sync.timeout.ms", Type::Long, "3000", false, false},
    {"worker.unsync.backoff.ms", Type::Long, "300000", false, false},
    {"exactly.once.source.support", Type::String, "disabled", false, false},
    {"inter.worker.key.generation.algorithm", Type::String, "HmacSHA256", false, false},
    {"inter.worker.signature.algorithm", Type::String, "HmacSHA256", false, false},
    {"inter.worker.verification.algorithms", Type::List, "HmacSHA256", false, false},
    {"inter.worker.key.ttl.ms", Type::Long, "3600000", false, false},
};

const KeyDef* find_def(std::string_view key) {
    for (const KeyDef& d : kKeys) {
        if (d.name == key) return &d;
    }
    return nullptr;
}

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void check_type(const KeyDef& def, std::string_view value) {
    switch (def.type) {
        case Type::Long:
            parse_long(def.name, value);
            break;
        case Type::Bool:
            parse_bool(def.name, value);
            break;
        case Type::String:
        case Type::List:
            break;
    }
}

}  // namespace

std::vector<std::string> parse_list(std::string_view value) {
    std::vector<std::string> out;
    value = trim(value);
    if (value.empty()) return out;
    while (true) {
        const std::size_t comma = value.find(',');
        out.emplace_back(trim(value.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return out;
}

int64_t parse_long(std::string_view key, std::string_view value) {
    const std::string_view t = trim(value);
    int64_t out = 0;
    const char* begin = t.data();
    if (!t.empty() && t.front() == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, t.data() + t.size(), out);
    if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
        throw ConfigError("Invalid value " + std::string(value) + " for configuration " +
                          std::string(key) + ": Not a number of type LONG");
    }
    return out;
}

bool parse_bool(std::string_view key, std::string_view value) {
    const std::string t = lower(trim(value));
    if (t == "true") return true;
    if (t == "false") return false;
    throw ConfigError("Invalid value " + std::string(value) + " for configuration " +
                      std::string(key) + ": Expected value to be either true or false");
}

WorkerConfig::WorkerConfig(ConfigMap originals, WorkerMode mode)
    : originals_(std::move(originals)), mode_(mode) {
    // Values become C strings (paths, client settings): a NUL would silently cut them short.
    for (const auto& [key, value] : originals_)
        if (const auto nul = value.find('\0'); nul != std::string::npos)
            throw ConfigError("Invalid value for configuration " + key +
                              ": contains a NUL byte at position " + std::to_string(nul));
    for (const KeyDef& def : kKeys) {
        const bool required =
            mode == WorkerMode::Standalone ? def.required_standalone : def.required_distributed;
        const std::string* value = originals_.find(def.name);
        if (!value) {
            if (required) {
                throw ConfigError("Missing required configuration \"" + std::string(def.name) +
                                  "\" which has no default value.");
            }
            continue;
        }
        check_type(def, *value);
    }
    const std::string discovery = plugin_discovery();
    if (discovery != "only_scan" && discovery != "hybrid_warn" && discovery != "hybrid_fail" &&
        discovery != "service_load") {
        throw ConfigError("Invalid value " + discovery +
                          " for configuration plugin.discovery: must be one of only_scan, "
                          "hybrid_warn, hybrid_fail, service_load");
    }
    const std::string policy = client_config_override_policy();
    if (policy != "All" && policy != "None" && policy != "Principal" &&
        policy.find('.') == std::string::npos) {
        throw ConfigError("Invalid value " + policy +
                          " for configuration connector.client.config.override.policy: must be "
                          "All, None, Principal or a class name");
    }
}

std::optional<std::string> WorkerConfig::get_string(std::string_view key) const {
    if (const std::string* v = originals_.find(key)) {
        const KeyDef* def = find_def(key);
        // Java trims every typed value except free-form strings it keeps as is.
        if (def && def->type != Type::String) return std::string(trim(*v));
        return *v;
    }
    const KeyDef* def = find_def(key);
    if (def && def->default_value) return std::string(def->default_value);
    return std::nullopt;
}

int64_t WorkerConfig::get_long(std::string_view key) const {
    const std::optional<std::string> v = get_string(key);
    if (!v) throw ConfigError("Missing configuration \"" + std::string(key) + "\"");
    return parse_long(key, *v);
}

bool WorkerConfig::get_bool(std::string_view key) const {
    const std::optional<std::string> v = get_string(key);
    if (!v) throw ConfigError("Missing configuration \"" + std::string(key) + "\"");
    return parse_bool(key, *v);
}

std::vector<std::string> WorkerConfig::get_list(std::string_view key) const {
    const std::optional<std::string> v = get_string(key);
    return v ? parse_list(*v) : std::vector<std::string>{};
}

std::optional<std::string> WorkerConfig::bootstrap_servers() const {
    const std::vector<std::string> servers = get_list("bootstrap.servers");
    if (servers.empty()) return std::nullopt;
    std::string joined;
    for (const std::string& s : servers) {
        if (s.empty()) continue;
        if (!joined.empty()) joined += ',';
        joined += s;
    }
    if (joined.empty()) return std::nullopt;
    return joined;
}

std::string WorkerConfig::plugin_discovery() const {
    return lower(trim(*get_string("plugin.discovery")));
}

}  // namespace kc::host::config
