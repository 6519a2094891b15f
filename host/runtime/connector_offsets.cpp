#include "host/runtime/connector_offsets.hpp"

#include <spdlog/spdlog.h>

#include <limits>
#include <new>
#include <variant>

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/kafka/topic_name.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host::runtime {
namespace {

// A sink partition's field, or nullptr when the map has none.
const storage::OffsetPrimitive* field(const storage::OffsetMap& map, std::string_view key) {
    for (const auto& [k, v] : map)
        if (k == key) return &v;
    return nullptr;
}

kc_value to_value(const storage::OffsetMap& map, Arena& arena) {
    const storage::ArenaAlloc alloc = [&arena](std::size_t size, std::size_t align) {
        return arena.allocate(size, align);
    };
    kc_value v{};
    if (!storage::offset_map_to_value(map, alloc, v)) throw std::bad_alloc();
    return v;
}

bool is_sink(Worker& worker, const config::ConfigMap& raw) {
    return worker.registry()
               .resolve_connector(raw.get_or("connector.class", ""))
               .descriptor()
               ->kind == KC_KIND_SINK_CONNECTOR;
}

std::vector<ConnectorOffset> sink_offsets(Worker& worker, const std::string& name,
                                          const config::ConfigMap& raw) {
    std::vector<ConfigProblem> ignored;
    const ConnectorConfig parsed = parse_connector_config(raw, true, ignored);
    std::vector<ConnectorOffset> out;
    config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + name);
    auto cfg = kafka::build_client_config(kafka::ClientRole::Consumer, worker.bootstrap_servers(),
                                          worker.config().originals(), defaults);
    std::vector<kafka::TopicPartition> tps;
    for (const auto& t : parsed.topics)
        if (auto n = worker.admin()->partition_count(t, 5000))
            for (int32_t p = 0; p < *n; ++p)
                tps.push_back({t, p});
    if (tps.empty()) return out;
    kafka::Consumer consumer(cfg);
    for (const auto& tpo : consumer.committed(tps, 10000)) {
        if (tpo.offset < 0) continue;
        out.push_back(
            {{{"kafka_topic", tpo.topic}, {"kafka_partition", std::int64_t{tpo.partition}}},
             storage::OffsetMap{{"kafka_offset", std::int64_t{tpo.offset}}}});
    }
    return out;
}

// Java's answer when the sink connector's consumer group still has members.
std::string group_not_empty(const std::string& name) {
    return "Failed to alter consumer group offsets for connector " + name +
           " either because its tasks haven't stopped completely yet or the connector was "
           "resumed before the request to alter its offsets could be successfully completed. If "
           "the connector is in a stopped state, this operation can be safely retried. If it "
           "doesn't eventually succeed, the Connect cluster may need to be restarted to get rid "
           "of the zombie sink tasks.";
}

// Commits a stopped sink connector's consumer group offsets as Java's admin
// client does, from no member of the group (generation -1), which a broker
// accepts while the group is empty. A coordinator that still counts members
// answers "unknown member" (the embedded broker always does once a group has
// existed, as it never forgets one); that is Java's retriable error.
void commit_group_offsets(const kafka::ClientConfig& cfg, const std::string& name,
                          const std::vector<kafka::TopicPartitionOffset>& commit) {
    kafka::Consumer outsider(cfg);
    outsider.assign(commit);
    try {
        outsider.commit_sync(commit);
    } catch (const kafka::KafkaError& e) {
        if (e.unknown_member()) throw std::runtime_error(group_not_empty(name));
        throw;
    }
}

}  // namespace

std::string offsets_need_stopped_connector(const std::string& name) {
    return "Connectors must be in the STOPPED state before their offsets can be modified. This "
           "can be done for the specified connector by issuing a 'PUT' request to the "
           "'/connectors/" +
           name + "/stop' endpoint";
}

std::vector<ConnectorOffset> read_connector_offsets(Worker& worker, const std::string& name,
                                                    const config::ConfigMap& raw) {
    bool sink = false;
    try {
        sink = is_sink(worker, raw);
    } catch (const std::exception&) {
        // An unknown class: only the offset store can say anything.
    }
    if (sink) return sink_offsets(worker, name, raw);
    std::vector<ConnectorOffset> out;
    for (const auto& [key, value] : worker.offsets().all()) {
        auto parsed = storage::parse_offset_key(key);
        if (!parsed || parsed->first != name) continue;
        try {
            out.push_back({parsed->second, storage::offset_map_from_json(value)});
        } catch (const std::exception& e) {
            spdlog::warn("[{}] Skipping malformed stored offset {}: {}", name, key, e.what());
        }
    }
    return out;
}

std::string change_connector_offsets(Worker& worker, const std::string& name,
                                     const config::ConfigMap& raw,
                                     const std::vector<ConnectorOffset>* offsets) {
    const bool reset = offsets == nullptr;
    auto handle = worker.registry().resolve_connector(raw.get_or("connector.class", ""));
    const bool sink = handle.descriptor()->kind == KC_KIND_SINK_CONNECTOR;
    std::vector<ConnectorOffset> effective;
    if (reset)
        effective = read_connector_offsets(worker, name, raw);
    else
        effective = *offsets;

    // The connector gets its say first (Java alterOffsets), on a fresh instance.
    bool handled = false;
    {
        Arena arena;
        std::vector<kc_map_entry> entries;
        for (const auto& o : effective) {
            kc_map_entry e{};
            e.key = to_value(o.partition, arena);
            if (!reset && o.offset) e.value = to_value(*o.offset, arena);
            entries.push_back(e);
        }
        try {
            InstanceContext ctx;
            ConnectorInstance instance(handle, &ctx);
            ConfigEntries cfg(worker.resolve(raw));
            handled = instance.alter_offsets(*cfg.get(), entries);
        } catch (const PluginError& e) {
            throw OffsetRequestError(std::string("Failed to ") + (reset ? "reset" : "alter") +
                                     " offsets for connector " + name + ": " + e.what());
        }
    }

    if (sink) {
        config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + name);
        auto cfg =
            kafka::build_client_config(kafka::ClientRole::Consumer, worker.bootstrap_servers(),
                                       worker.config().originals(), defaults);
        kafka::Consumer consumer(cfg);
        std::vector<kafka::TopicPartitionOffset> commit;
        for (const auto& o : effective) {
            const storage::OffsetPrimitive* t = field(o.partition, "kafka_topic");
            const storage::OffsetPrimitive* p = field(o.partition, "kafka_partition");
            if (!t || !p || !std::holds_alternative<std::string>(*t) ||
                !std::holds_alternative<std::int64_t>(*p))
                throw OffsetRequestError(
                    "Sink connector offsets need kafka_topic (string) and "
                    "kafka_partition (integer) in each partition");
            std::string topic = std::get<std::string>(*t);
            if (auto problem = kafka::topic_name_problem(topic))
                throw OffsetRequestError("Invalid kafka_topic in a sink connector offset: " +
                                         *problem);
            const std::int64_t number = std::get<std::int64_t>(*p);
            if (number < 0 || number > std::numeric_limits<int32_t>::max())
                throw OffsetRequestError("Invalid kafka_partition " + std::to_string(number) +
                                         " in a sink connector offset: partitions are "
                                         "non-negative 32-bit integers");
            const auto partition = static_cast<int32_t>(number);
            int64_t offset = -1;
            if (!reset && o.offset) {
                const storage::OffsetPrimitive* ko = field(*o.offset, "kafka_offset");
                if (!ko || !std::holds_alternative<std::int64_t>(*ko) ||
                    std::get<std::int64_t>(*ko) < 0)
                    throw OffsetRequestError(
                        "Sink connector offsets need a non-negative integer kafka_offset");
                offset = std::get<std::int64_t>(*ko);
            }
            if (offset < 0) {
                // Reset: back to the earliest retained offset (the mock cluster
                // cannot delete consumer groups), 0 when it cannot be read.
                try {
                    offset = consumer.start_offsets({{topic, partition}}, 5000).at(0).offset;
                } catch (const kafka::KafkaError& e) {
                    spdlog::warn("Reading the start offset of {}-{}: {}", topic, partition,
                                 e.what());
                    offset = 0;
                }
            }
            commit.push_back({topic, partition, offset});
        }
        consumer.close();
        commit_group_offsets(cfg, name, commit);
    } else {
        storage::OffsetEntries entries;
        for (const auto& o : effective) {
            std::optional<std::string> value;
            if (!reset && o.offset) value = storage::offset_map_to_json(*o.offset);
            entries.emplace_back(storage::offset_key(name, o.partition), value);
        }
        worker.offsets().set_sync(entries);
    }
    const char* verb = reset ? "reset" : "altered";
    if (handled || !sink)
        return std::string("The offsets for this connector have been ") + verb + " successfully";
    return std::string("The Connect framework-managed offsets for this connector have been ") +
           verb +
           " successfully. However, if this connector manages offsets externally, they "
           "will need to be manually " +
           verb + " in the system that the connector uses.";
}

}  // namespace kc::host::runtime
