#include "host/metrics/client_statistics.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <optional>
#include <span>
#include <tuple>
#include <vector>

namespace kc::host::metrics {
namespace {

using Figures = ClientStatistics::Figures;
using Node = ClientStatistics::Node;
using Traffic = ClientStatistics::Traffic;

double number(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble() : 0.0;
}

std::string text(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString()
               ? std::string(it->value.GetString(), it->value.GetStringLength())
               : std::string();
}

// Java's id of the connection a librdkafka broker handle stands for: the
// broker's id; a bootstrap server's is negative (librdkafka says -1 until it
// learns the id); the group coordinator has a connection of its own, which
// Java numbers Integer.MAX_VALUE - id. Nothing for librdkafka's internal
// handle, or a coordinator not yet known.
std::optional<int64_t> java_node_id(const rapidjson::Value& broker) {
    const std::string source = text(broker, "source");
    const auto id = static_cast<int64_t>(number(broker, "nodeid"));
    if (source == "internal") return std::nullopt;
    if (source == "logical") {
        if (id < 0) return std::nullopt;
        return int64_t{2147483647} - id;
    }
    return id;
}

void add(Traffic& into, const Traffic& t) {
    into.tx_bytes += t.tx_bytes;
    into.rx_bytes += t.rx_bytes;
    into.tx += t.tx;
    into.rx += t.rx;
}

// Per second between two statistics `seconds` apart.
Traffic rate(const Traffic& now, const Traffic& before, double seconds) {
    return {(now.tx_bytes - before.tx_bytes) / seconds, (now.rx_bytes - before.rx_bytes) / seconds,
            (now.tx - before.tx) / seconds, (now.rx - before.rx) / seconds};
}

// The figures of one statistics document (librdkafka's STATISTICS.md):
// top-level totals, and per broker its connection state, the connects and
// disconnects so far, its traffic and round-trip times (microseconds). False
// when the text is not such a document.
bool parse(std::string_view json, Figures& out, std::string& type, std::string& client_id) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return false;
    out = {};
    out.ts_us = static_cast<int64_t>(number(doc, "ts"));
    out.traffic = {number(doc, "tx_bytes"), number(doc, "rx_bytes"), number(doc, "tx"),
                   number(doc, "rx")};
    type = text(doc, "type");
    client_id = text(doc, "client_id");
    auto brokers = doc.FindMember("brokers");
    if (brokers == doc.MemberEnd() || !brokers->value.IsObject()) return true;
    for (const auto& b : brokers->value.GetObject()) {
        if (!b.value.IsObject()) continue;
        out.connections += text(b.value, "state") == "UP";
        out.connects += number(b.value, "connects");
        out.disconnects += number(b.value, "disconnects");
        const std::optional<int64_t> id = java_node_id(b.value);
        if (!id) continue;
        auto node = std::lower_bound(out.nodes.begin(), out.nodes.end(), *id,
                                     [](const Node& n, int64_t v) { return n.id < v; });
        if (node == out.nodes.end() || node->id != *id)
            node = out.nodes.insert(node, Node{*id, {}, 0, 0});
        add(node->traffic, {number(b.value, "txbytes"), number(b.value, "rxbytes"),
                            number(b.value, "tx"), number(b.value, "rx")});
        auto rtt = b.value.FindMember("rtt");
        if (rtt != b.value.MemberEnd() && rtt->value.IsObject()) {
            node->latency_avg_ms = std::max(node->latency_avg_ms, number(rtt->value, "avg") / 1e3);
            node->latency_max_ms = std::max(node->latency_max_ms, number(rtt->value, "max") / 1e3);
        }
    }
    return true;
}

// The Java groups of a client: `group` as its owner says (admin-client-metrics)
// or else from librdkafka's type; nothing for a type Java has no group for.
struct Groups {
    std::string_view client, node;
};
std::optional<Groups> groups_of(std::string_view group, std::string_view type) {
    static constexpr Groups kKnown[] = {{"producer-metrics", "producer-node-metrics"},
                                        {"consumer-metrics", "consumer-node-metrics"},
                                        {"admin-client-metrics", "admin-client-node-metrics"}};
    for (const Groups& g : kKnown) {
        if (group.empty() ? g.client.substr(0, g.client.find('-')) == type : g.client == group)
            return g;
    }
    return std::nullopt;
}

// Java's traffic attributes of a client or of one of its connections.
void emit_traffic(AttributeSink& out, std::string_view group, std::span<const Tag> tags,
                  const Traffic& total, const Traffic& per_second) {
    emit(out, group, tags, "outgoing-byte-total", total.tx_bytes);
    emit(out, group, tags, "incoming-byte-total", total.rx_bytes);
    emit(out, group, tags, "request-total", total.tx);
    emit(out, group, tags, "response-total", total.rx);
    emit(out, group, tags, "outgoing-byte-rate", per_second.tx_bytes);
    emit(out, group, tags, "incoming-byte-rate", per_second.rx_bytes);
    emit(out, group, tags, "request-rate", per_second.tx);
    emit(out, group, tags, "response-rate", per_second.rx);
}

}  // namespace

ClientStatistics& ClientStatistics::instance() {
    static ClientStatistics statistics;
    return statistics;
}

void ClientStatistics::update(const void* client, std::string_view json, std::string_view group) {
    Figures f;
    std::string type, client_id;
    if (!parse(json, f, type, client_id)) return;  // outside the lock
    const std::optional<Groups> groups = groups_of(group, type);
    if (!groups) return;
    std::lock_guard lock(mutex_);
    Client& c = clients_[client];
    c.group = groups->client;
    c.node_group = groups->node;
    c.client_id = std::move(client_id);
    c.before = std::move(c.now);
    c.now = std::move(f);
}

void ClientStatistics::forget(const void* client) {
    std::lock_guard lock(mutex_);
    clients_.erase(client);
}

void ClientStatistics::collect(AttributeSink& out) {
    struct Sum {
        Figures totals;
        Traffic per_second;
    };
    struct NodeSum {
        Traffic totals, per_second;
        double latency_avg_ms = 0, latency_max_ms = 0;
    };
    std::map<std::pair<std::string_view, std::string>, Sum> sums;
    std::map<std::tuple<std::string_view, std::string, int64_t>, NodeSum> node_sums;
    // Summed under the lock, named and written without it.
    std::unique_lock lock(mutex_);
    for (const auto& [client, p] : clients_) {
        Sum& s = sums[{p.group, p.client_id}];
        const Figures& n = p.now;
        const Figures& b = p.before;
        s.totals.connections += n.connections;
        s.totals.connects += n.connects;
        s.totals.disconnects += n.disconnects;
        add(s.totals.traffic, n.traffic);
        // Rates between the last two statistics.
        const bool two = b.ts_us > 0 && n.ts_us > b.ts_us;
        const double seconds = two ? double(n.ts_us - b.ts_us) / 1e6 : 1.0;
        if (two) add(s.per_second, rate(n.traffic, b.traffic, seconds));
        for (const Node& node : n.nodes) {
            NodeSum& ns = node_sums[{p.node_group, p.client_id, node.id}];
            add(ns.totals, node.traffic);
            ns.latency_avg_ms = std::max(ns.latency_avg_ms, node.latency_avg_ms);
            ns.latency_max_ms = std::max(ns.latency_max_ms, node.latency_max_ms);
            auto old = std::find_if(b.nodes.begin(), b.nodes.end(),
                                    [&](const Node& o) { return o.id == node.id; });
            if (two && old != b.nodes.end())
                add(ns.per_second, rate(node.traffic, old->traffic, seconds));
        }
    }
    lock.unlock();
    for (const auto& [key, s] : sums) {
        const auto& [group, client_id] = key;
        const Tag tags[] = {{"client-id", client_id}};
        const Figures& t = s.totals;
        emit(out, group, tags, "connection-count", t.connections);
        emit(out, group, tags, "connection-creation-total", t.connects);
        emit(out, group, tags, "connection-close-total", t.disconnects);
        emit_traffic(out, group, tags, t.traffic, s.per_second);
    }
    std::string node_id;
    for (const auto& [key, ns] : node_sums) {
        const auto& [group, client_id, id] = key;
        node_id = "node-" + std::to_string(id);
        const Tag tags[] = {{"client-id", client_id}, {"node-id", node_id}};
        emit_traffic(out, group, tags, ns.totals, ns.per_second);
        emit(out, group, tags, "request-latency-avg", ns.latency_avg_ms);
        emit(out, group, tags, "request-latency-max", ns.latency_max_ms);
    }
}

}  // namespace kc::host::metrics
