#include "host/metrics/client_statistics.hpp"

#include <rapidjson/document.h>

#include <vector>

namespace kc::host::metrics {
namespace {

using Figures = ClientStatistics::Figures;

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

// The figures of one statistics document (librdkafka's STATISTICS.md):
// top-level totals, and per broker its connection state and the connects
// and disconnects so far. False when the text is not such a document.
bool parse(std::string_view json, Figures& out, std::string& type, std::string& client_id) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return false;
    out = {};
    out.ts_us = static_cast<int64_t>(number(doc, "ts"));
    out.tx_bytes = number(doc, "tx_bytes");
    out.rx_bytes = number(doc, "rx_bytes");
    out.tx = number(doc, "tx");
    out.rx = number(doc, "rx");
    type = text(doc, "type");
    client_id = text(doc, "client_id");
    auto brokers = doc.FindMember("brokers");
    if (brokers != doc.MemberEnd() && brokers->value.IsObject()) {
        for (const auto& b : brokers->value.GetObject()) {
            if (!b.value.IsObject()) continue;
            out.connections += text(b.value, "state") == "UP";
            out.connects += number(b.value, "connects");
            out.disconnects += number(b.value, "disconnects");
        }
    }
    return true;
}

}  // namespace

ClientStatistics& ClientStatistics::instance() {
    static ClientStatistics statistics;
    return statistics;
}

void ClientStatistics::update(const void* client, std::string_view json, std::string_view group) {
    std::lock_guard lock(mutex_);
    Latest& l = latest_[client];
    l.json.assign(json);  // reuses the capacity of the previous statistics
    if (l.group != group) l.group.assign(group);
    ++l.seq;
}

void ClientStatistics::forget(const void* client) {
    std::lock_guard lock(mutex_);
    latest_.erase(client);
}

void ClientStatistics::collect(AttributeSink& out) {
    std::lock_guard collecting(collect_mutex_);
    // Copy out what changed since the last scrape; parse without the lock the
    // callbacks take.
    std::vector<std::pair<const void*, Latest>> fresh;
    {
        std::lock_guard lock(mutex_);
        for (auto it = parsed_.begin(); it != parsed_.end();)
            it = latest_.count(it->first) ? std::next(it) : parsed_.erase(it);
        for (const auto& [client, l] : latest_) {
            auto p = parsed_.find(client);
            if (p == parsed_.end() || p->second.seq != l.seq) fresh.emplace_back(client, l);
        }
    }
    for (auto& [client, l] : fresh) {
        Figures f;
        std::string type, client_id;
        if (!parse(l.json, f, type, client_id)) continue;
        Parsed& p = parsed_[client];
        p.seq = l.seq;
        p.group = l.group.empty() ? type + "-metrics" : l.group;
        p.client_id = std::move(client_id);
        p.before = p.now;
        p.now = f;
    }

    struct Sum {
        Figures totals;
        double tx_bytes_rate = 0, rx_bytes_rate = 0, tx_rate = 0, rx_rate = 0;
    };
    std::map<std::pair<std::string, std::string>, Sum> sums;
    for (const auto& [client, p] : parsed_) {
        Sum& s = sums[{p.group, p.client_id}];
        const Figures& n = p.now;
        s.totals.connections += n.connections;
        s.totals.connects += n.connects;
        s.totals.disconnects += n.disconnects;
        s.totals.tx_bytes += n.tx_bytes;
        s.totals.rx_bytes += n.rx_bytes;
        s.totals.tx += n.tx;
        s.totals.rx += n.rx;
        // Rates between the last two statistics (per second).
        const Figures& b = p.before;
        if (b.ts_us > 0 && n.ts_us > b.ts_us) {
            const double seconds = double(n.ts_us - b.ts_us) / 1e6;
            s.tx_bytes_rate += (n.tx_bytes - b.tx_bytes) / seconds;
            s.rx_bytes_rate += (n.rx_bytes - b.rx_bytes) / seconds;
            s.tx_rate += (n.tx - b.tx) / seconds;
            s.rx_rate += (n.rx - b.rx) / seconds;
        }
    }
    for (const auto& [key, s] : sums) {
        const auto& [group, client_id] = key;
        const Tag tags[] = {{"client-id", client_id}};
        const Figures& t = s.totals;
        emit(out, group, tags, "connection-count", t.connections);
        emit(out, group, tags, "connection-creation-total", t.connects);
        emit(out, group, tags, "connection-close-total", t.disconnects);
        emit(out, group, tags, "outgoing-byte-total", t.tx_bytes);
        emit(out, group, tags, "incoming-byte-total", t.rx_bytes);
        emit(out, group, tags, "request-total", t.tx);
        emit(out, group, tags, "response-total", t.rx);
        emit(out, group, tags, "outgoing-byte-rate", s.tx_bytes_rate);
        emit(out, group, tags, "incoming-byte-rate", s.rx_bytes_rate);
        emit(out, group, tags, "request-rate", s.tx_rate);
        emit(out, group, tags, "response-rate", s.rx_rate);
    }
}

}  // namespace kc::host::metrics
