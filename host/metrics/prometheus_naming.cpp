#include "host/metrics/prometheus_naming.hpp"

#include <array>
#include <optional>
#include <unordered_map>

#include "host/config/config_error.hpp"
#include "host/metrics/client_statistics.hpp"
#include "host/metrics/process_metrics.hpp"
#include "host/metrics/prometheus_exposition.hpp"

namespace kc::host::metrics {
namespace {

constexpr std::string_view kKey = "metrics.prometheus.naming";

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
    for (auto suffix : suffixes)
        if (s.ends_with(suffix)) return true;
    return false;
}

// The JMX exporter's toSafeName (then lower-cased where the rules ask): every
// character outside [a-zA-Z0-9:_] becomes '_', runs of '_' collapse.
// ASCII only, as Java's toSafeName, written in place: a scrape of 300 tasks
// names some 20,000 series, and locale lookups (tolower, isalnum) and
// per-character appends were a third of its time.
void append_safe(std::string& out, std::string_view s, bool lower) {
    const size_t start = out.size();
    out.resize(start + s.size());
    char* w = out.data() + start;
    char prev = start ? out[start - 1] : '\0';
    for (char c : s) {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool ok =
            upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '_';
        char v = ok ? c : '_';
        if (lower && upper) v = static_cast<char>(c - 'A' + 'a');
        if (v == '_' && prev == '_') continue;
        *w++ = prev = v;
    }
    out.resize(static_cast<size_t>(w - out.data()));
}

std::string_view without_suffix(std::string_view s, std::string_view suffix) {
    return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

// The Kafka clients' groups (producer-metrics, producer-node-metrics, ...)
// live in their own JMX domains: kafka.producer, kafka.consumer,
// kafka.admin.client. Returns the domain's part after "kafka." ("producer",
// "consumer", "admin-client"), or empty.
std::string_view client_domain(std::string_view g) {
    const std::string_view client =
        without_suffix(without_suffix(g, "-metrics"), g.ends_with("-node-metrics") ? "-node" : "");
    if (client.size() == g.size()) return {};
    if (client == "producer" || client == "consumer" || client == "admin-client") return client;
    return {};
}

bool is_node_group(std::string_view g) {
    return g.ends_with("-node-metrics");
}

bool is_task_group(std::string_view g) {
    return g == "connector-task-metrics" || g == "source-task-metrics" ||
           g == "sink-task-metrics" || g == "task-error-metrics";
}

// The family of each attribute a scrape has named, so the next scrapes skip
// the naming: a name is a function of the scheme, the attribute's group and
// name and whether it is a string. Keyed by where the group and name are
// (collectors pass literals, so the same places scrape after scrape), checked
// against their text (the places of temporaries are reused), and emptied
// when it grows past any real worker's count of distinct attributes.
class FamilyCache {
  public:
    // `alias`: an attribute a scheme writes under two names has two families.
    std::optional<size_t> find(NamingScheme scheme, const Attribute& a, bool alias) const {
        auto it = entries_.find(key(scheme, a, alias));
        if (it == entries_.end() || it->second.group != a.group || it->second.name != a.name)
            return std::nullopt;
        return it->second.family;
    }
    void add(NamingScheme scheme, const Attribute& a, bool alias, size_t family) {
        if (entries_.size() >= 4096) entries_.clear();
        entries_[key(scheme, a, alias)] = {std::string(a.group), std::string(a.name), family};
    }

  private:
    struct Key {
        const char* group;
        const char* name;
        size_t sizes;  // group and name sizes, string or number, scheme
        bool operator==(const Key&) const = default;
    };
    struct Hash {
        size_t operator()(const Key& k) const {
            return std::hash<const void*>()(k.group) * 31 + std::hash<const void*>()(k.name) * 7 +
                   k.sizes;
        }
    };
    struct Entry {
        std::string group, name;
        size_t family;
    };
    static Key key(NamingScheme scheme, const Attribute& a, bool alias) {
        return {a.group.data(), a.name.data(),
                (a.group.size() << 24) ^ (a.name.size() << 4) ^ (a.text ? 8 : 0) ^ (alias ? 4 : 0) ^
                    static_cast<size_t>(scheme)};
    }
    std::unordered_map<Key, Entry, Hash> entries_;
};

class Namer : public AttributeSink {
  public:
    Namer(NamingScheme scheme, Exposition& out, FamilyCache& families)
        : scheme_(scheme), out_(out), families_(families) {}

    void attribute(const Attribute& a) override {
        parts_count_ = 0;
        labels_.clear();
        switch (scheme_) {
            case NamingScheme::Strimzi:
                strimzi(a);
                break;
            case NamingScheme::Confluent:
                confluent(a);
                break;
            case NamingScheme::StrimziReporter:
                reporter(a);
                break;
        }
    }

  private:
    // The first time an attribute is named its name is spelled out from the
    // parts the rules gave, and its family made; after that the cache says it.
    void add(const Attribute& a, MetricType type, double value, bool alias = false) {
        std::optional<size_t> family = families_.find(scheme_, a, alias);
        if (!family) {
            std::string name;
            for (size_t i = 0; i < parts_count_; ++i) {
                if (parts_[i].safe)
                    append_safe(name, parts_[i].text, true);
                else
                    name += parts_[i].text;
            }
            std::string help = "Kafka Connect ";
            help += a.group;
            help += ' ';
            help += a.name;
            family = out_.family(name, type, help);
            families_.add(scheme_, a, alias, *family);
        }
        out_.add_sample(*family, labels_, value);
    }
    // Tags as labels: `client_id` is the label for client-id, `node_id` for
    // node-id (the JMX exporter rules name them; the others are the tag's
    // safe name).
    void tag_labels(const Attribute& a, std::string_view client_id,
                    std::string_view node_id = "node_id") {
        for (const Tag& t : a.tags) {
            if (t.name == "client-id") {
                append_label(labels_, client_id, t.value);
            } else if (t.name == "node-id") {
                append_label(labels_, node_id, t.value);
            } else {
                safe_label(t.name, t.value);
            }
        }
    }
    void value_label(const Attribute& a) { safe_label(a.name, *a.text); }
    // A label named by `name`'s safe form.
    void safe_label(std::string_view name, std::string_view value) {
        if (!labels_.empty()) labels_ += ',';
        append_safe(labels_, name, true);
        append_label_value(labels_, value);
    }

    // The metric's name, as parts: `safe` ones pass through the exporter's
    // toSafeName and lower-casing, the others are written as they are.
    void part(std::string_view text, bool safe) { parts_[parts_count_++] = {text, safe}; }
    void literal_name(std::string_view name) {
        parts_count_ = 0;
        part(name, false);
    }
    void name(std::string_view prefix, std::string_view middle, std::string_view attr) {
        parts_count_ = 0;
        part(prefix, false);
        part(middle, true);
        if (!attr.empty()) {
            part("_", false);
            part(attr, true);
        }
    }

    // kafka_<domain>_<group>_<attr>, `_total` stripped: how Confluent's
    // generic client rule and the Strimzi reporter name clients' metrics.
    void qualified_client_name(std::string_view client, const Attribute& a) {
        name("kafka_", client, a.group);
        part("_", false);
        part(without_suffix(a.name, "-total"), true);
    }

    // Strimzi's kafka-connect-metrics.yaml (lowercase names and labels).
    void strimzi(const Attribute& a) {
        const std::string_view g = a.group;
        const bool total = a.name.ends_with("-total");
        if (g == "app-info") {
            tag_labels(a, "clientid");
            if (a.text) {
                name("kafka_connect_", a.name, {});
                value_label(a);
                add(a, MetricType::Untyped, 1);
            } else if (a.name == "start-time-ms") {
                literal_name("kafka_connect_start_time_seconds");
                add(a, MetricType::Gauge, a.number * 0.001);
            }
            return;
        }
        // Rules 7 and 8 (per client id and broker): kafka_<type without
        // -metrics>_<attr> for totals, averages and rates, e.g.
        // kafka_producer_node_incoming_byte_total{clientid,nodeid}.
        if (is_node_group(g)) {
            if (a.text || !ends_with_any(a.name, {"-total", "-avg", "-rate"})) return;
            name("kafka_", without_suffix(g, "-metrics"), a.name);
            tag_labels(a, "clientid", "nodeid");
            add(a, total ? MetricType::Counter : MetricType::Gauge, a.number);
            return;
        }
        // Rules 9 and 10 (per client id): kafka_<type without -metrics>_<attr>,
        // e.g. kafka_producer_connection_count, kafka_connect_connection_count
        // (the group member), kafka_connect_coordinator_assigned_tasks.
        if (g == "connect-coordinator-metrics" || g == "connect-metrics" ||
            !client_domain(g).empty()) {
            if (a.text) return;
            if (!total &&
                !ends_with_any(a.name, {"-avg", "-bytes", "-count", "-ratio", "-age", "-flight",
                                        "-threads", "-connectors", "-tasks", "-ago"}))
                return;
            name("kafka_", without_suffix(g, "-metrics"), a.name);
            tag_labels(a, "clientid");
            add(a, total ? MetricType::Counter : MetricType::Gauge, a.number);
            return;
        }
        if (g == "connector-metrics") {
            if (!a.text) return;
            name("kafka_connect_connector_", a.name, {});
            tag_labels(a, "clientid");
            value_label(a);
            add(a, MetricType::Gauge, 1);
            return;
        }
        if (is_task_group(g)) {
            tag_labels(a, "clientid");
            if (a.text) {
                if (g != "connector-task-metrics" || a.name != "status") return;
                literal_name("kafka_connect_connector_task_status");
                value_label(a);
                add(a, MetricType::Gauge, 1);
                return;
            }
            if (!total &&
                !ends_with_any(a.name, {"-count", "-ms", "-ratio", "-seq-no", "-rate", "-max",
                                        "-avg", "-failures", "-requests", "-timestamp", "-logged",
                                        "-errors", "-retries", "-skipped"}))
                return;
            name("kafka_connect_", without_suffix(g, "-metrics"), a.name);
            add(a, total ? MetricType::Counter : MetricType::Gauge, a.number);
            return;
        }
        if (g == "connect-worker-metrics" || g == "connect-worker-rebalance-metrics") {
            const std::string_view prefix = g == "connect-worker-metrics"
                                                ? "kafka_connect_worker_"
                                                : "kafka_connect_worker_rebalance_";
            name(prefix, a.name, {});
            tag_labels(a, "clientid");
            if (a.text) {
                if (g == "connect-worker-metrics") return;
                value_label(a);
                add(a, MetricType::Untyped, 1);
                return;
            }
            add(a, total && a.tags.empty() ? MetricType::Counter : MetricType::Gauge, a.number);
        }
    }

    // Confluent's kafka_connect.yml (names as given, labels lower-case; the
    // exporter strips `_total` except where the dashboards query it).
    void confluent(const Attribute& a) {
        const std::string_view g = a.group;
        if (const std::string_view client = client_domain(g); !client.empty()) {
            // The generic kafka.(.+)<type=(.+), (.+)=(.+)> rule: a gauge
            // kafka_<domain>_<group>_<attr> labelled with the client type.
            if (a.text) return;
            qualified_client_name(client, a);
            append_label(labels_, "client_type", client);
            tag_labels(a, "client_id");
            add(a, MetricType::Gauge, a.number);
            return;
        }
        if (g == "app-info") {
            literal_name("kafka_connect_app");
            tag_labels(a, "client_id");
            std::string n;
            append_safe(n, a.name, true);
            if (a.text) {
                append_label(labels_, n, *a.text);
            } else {
                std::string v;
                append_number(v, a.number);
                append_label(labels_, n, v);
            }
            add(a, MetricType::Gauge, 1);
            // The dashboards for the JMX exporter before 1.0, which kept the
            // rule's _info suffix, query kafka_connect_app_info.
            literal_name("kafka_connect_app_info");
            add(a, MetricType::Gauge, 1, true);
            return;
        }
        if (g == "connector-metrics") {
            if (!a.text) return;
            literal_name("kafka_connect_connector_metrics");
            tag_labels(a, "client_id");
            value_label(a);
            add(a, MetricType::Gauge, 1);
            return;
        }
        if (a.text) return;
        if (g == "connect-worker-metrics") {
            // The dashboards query the start-up totals with their suffix.
            const bool counter = a.tags.empty() && a.name.ends_with("-total");
            name("kafka_connect_", g, a.name);
            if (a.tags.empty())
                append_label(labels_, "connector", "aggregate");
            else
                tag_labels(a, "client_id");
            add(a, counter ? MetricType::Counter : MetricType::Gauge, a.number);
            return;
        }
        name("kafka_connect_", g, without_suffix(a.name, "-total"));
        tag_labels(a, "client_id");
        add(a, MetricType::Gauge, a.number);
        // The worker's own totals under the names of the exporter before 1.0
        // too, which kept _total: its dashboards query
        // ..._completed_rebalances_total and ..._failed_authentication_total.
        if (a.name.ends_with("-total") &&
            (g == "connect-worker-rebalance-metrics" || g == "connect-metrics")) {
            name("kafka_connect_", g, a.name);
            add(a, MetricType::Counter, a.number, true);
        }
    }

    // Strimzi Metrics Reporter: kafka_connect_<group>_<attr>, `_total`
    // stripped, strings as <name>_info{<attr>="value"} 1.
    void reporter(const Attribute& a) {
        const std::string_view client = client_domain(a.group);
        if (client.empty()) {
            name("kafka_connect_", a.group, without_suffix(a.name, "-total"));
        } else {
            qualified_client_name(client, a);
        }
        tag_labels(a, "client_id");
        if (a.text) {
            part("_info", false);
            value_label(a);
            add(a, MetricType::Gauge, 1);
            return;
        }
        add(a, MetricType::Gauge, a.number);
    }

    NamingScheme scheme_;
    Exposition& out_;
    FamilyCache& families_;
    struct Part {
        std::string_view text;
        bool safe;
    };
    std::array<Part, 6> parts_;
    size_t parts_count_ = 0;
    std::string labels_;
};

}  // namespace

NamingScheme parse_naming_scheme(std::string_view value) {
    if (value == "strimzi") return NamingScheme::Strimzi;
    if (value == "confluent") return NamingScheme::Confluent;
    if (value == "strimzi-reporter") return NamingScheme::StrimziReporter;
    throw config::ConfigError("Invalid value " + std::string(value) + " for configuration " +
                              std::string(kKey) +
                              ": String must be one of: strimzi, confluent, strimzi-reporter");
}

NamingScheme naming_scheme(const config::WorkerConfig& config) {
    return parse_naming_scheme(config.get_string(kKey).value_or("strimzi"));
}

std::string render_prometheus(const MetricsRegistry& registry, NamingScheme scheme) {
    // One per scraping thread (the REST server's few), reused scrape after scrape.
    thread_local Exposition out;
    thread_local FamilyCache families;
    out.reset();
    Namer namer(scheme, out, families);
    registry.collect(namer);
    ClientStatistics::instance().collect(namer);
    add_process_metrics(out);
    return out.text();
}

}  // namespace kc::host::metrics
