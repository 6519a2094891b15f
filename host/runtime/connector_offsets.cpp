#include "host/runtime/connector_offsets.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <new>

#include "host/runtime/kafka_clients.hpp"
#include "host/runtime/plugin_api.hpp"
#include "host/runtime/sink_connector_offsets.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host::runtime {
namespace {

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

// The connector's consumer group, as its sink tasks' consumers join it.
std::unique_ptr<kafka::ConsumerGroupOffsets> sink_group(Worker& worker, const std::string& name) {
    config::ConfigMap defaults = kafka::sink_consumer_defaults("connect-" + name);
    auto cfg = kafka::build_client_config(kafka::ClientRole::Consumer, worker.bootstrap_servers(),
                                          worker.config().originals(), defaults);
    return librdkafka_clients()->group_offsets(cfg);
}

std::vector<ConnectorOffset> sink_offsets(Worker& worker, const std::string& name,
                                          const config::ConfigMap& raw) {
    std::vector<ConfigProblem> ignored;
    const ConnectorConfig parsed = parse_connector_config(raw, true, ignored);
    return read_sink_connector_offsets(*sink_group(worker, name), parsed.topics);
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
        change_sink_connector_offsets(*sink_group(worker, name), name, effective, reset);
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
