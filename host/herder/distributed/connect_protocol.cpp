#include "host/herder/distributed/connect_protocol.hpp"

#include <array>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "host/kafka/protocol/wire.hpp"

namespace kc::host::distributed {
namespace {

using kafka::protocol::WireError;
using kafka::protocol::WireReader;
using kafka::protocol::WireWriter;

struct ModeNames {
    ConnectProtocolCompatibility mode;
    std::string_view config_name;
    std::string_view protocol;
    std::int16_t version;
};

constexpr std::array<ModeNames, 3> kModes{{
    {ConnectProtocolCompatibility::Eager, "eager", "default", kConnectProtocolV0},
    {ConnectProtocolCompatibility::Compatible, "compatible", "compatible", kConnectProtocolV1},
    {ConnectProtocolCompatibility::Sessioned, "sessioned", "sessioned", kConnectProtocolV2},
}};

const ModeNames& names_of(ConnectProtocolCompatibility mode) {
    for (const auto& m : kModes)
        if (m.mode == mode) return m;
    throw std::invalid_argument("unknown ConnectProtocolCompatibility value");
}

bool equals_ignore_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// Smallest encoding of one ARRAY element, so a hostile count is refused before
// anything is reserved: a connector entry is an empty name plus an empty task
// array, a task id an INT32.
constexpr std::size_t kMinConnectorEntrySize = 2 + 4;
constexpr std::size_t kMinTaskIdSize = 4;

// Java groups a connector list and a task list by connector: one entry per
// connector, -1 first when the connector itself is listed, then its task ids,
// entries in first-appearance order with listed connectors first. A connector
// listed twice is written once, as Java's set does.
void write_entries(WireWriter& w, const ConnectorsAndTasks& items) {
    std::vector<std::pair<std::string_view, std::vector<std::int32_t>>> entries;
    std::unordered_map<std::string_view, std::size_t> index;
    auto entry_for = [&](std::string_view connector) -> std::vector<std::int32_t>& {
        auto [it, inserted] = index.emplace(connector, entries.size());
        if (inserted) entries.emplace_back(connector, std::vector<std::int32_t>{});
        return entries[it->second].second;
    };
    for (const auto& connector : items.connectors) {
        if (index.count(connector)) continue;
        entry_for(connector).push_back(kConnectorTask);
    }
    for (const auto& task : items.tasks)
        entry_for(task.connector).push_back(task.task);

    w.array_length(static_cast<std::int32_t>(entries.size()));
    for (const auto& [connector, ids] : entries) {
        w.string(connector);
        w.array_length(static_cast<std::int32_t>(ids.size()));
        for (auto id : ids)
            w.int32(id);
    }
}

// A nullable ARRAY of {STRING connector, ARRAY[INT32] tasks}; null reads as
// empty. `list` names the field in error messages.
void read_entries(WireReader& r, const std::string& list, ConnectorsAndTasks& out) {
    auto count = r.array_length(list.c_str(), kMinConnectorEntrySize);
    if (!count) return;
    const std::string connector_field = list + " connector name";
    for (std::int32_t i = 0; i < *count; ++i) {
        std::string connector = r.string(connector_field.c_str());
        const std::string tasks_field = list + " task ids of connector '" + connector + "'";
        auto ids = r.array_length(tasks_field.c_str(), kMinTaskIdSize);
        if (!ids) throw WireError("null " + tasks_field + " where an array is required");
        for (std::int32_t j = 0; j < *ids; ++j) {
            std::int32_t id = r.int32(tasks_field.c_str());
            if (id == kConnectorTask)
                out.connectors.push_back(connector);
            else
                out.tasks.push_back(ConnectorTaskId{connector, id});
        }
    }
}

// Every version from 0 up is read with the newest layout Java knows; only a
// negative one is refused.
std::int16_t read_version(WireReader& r) {
    std::int16_t version = r.int16("version");
    if (version < kConnectProtocolV0)
        throw WireError("unsupported version " + std::to_string(version));
    return version;
}

void check_encodable_version(std::int16_t version, const char* what) {
    if (version < kConnectProtocolV0 || version > kConnectProtocolV2)
        throw std::invalid_argument(std::string("cannot encode ") + what + " version " +
                                    std::to_string(version) + "; known versions are 0, 1 and 2");
}

}  // namespace

std::string_view compatibility_config_name(ConnectProtocolCompatibility mode) {
    return names_of(mode).config_name;
}

std::string_view protocol_name(ConnectProtocolCompatibility mode) {
    return names_of(mode).protocol;
}

std::int16_t protocol_version(ConnectProtocolCompatibility mode) {
    return names_of(mode).version;
}

std::optional<ConnectProtocolCompatibility> parse_compatibility(std::string_view config_value) {
    for (const auto& m : kModes)
        if (equals_ignore_ascii_case(m.config_name, config_value)) return m.mode;
    return std::nullopt;
}

std::optional<ConnectProtocolCompatibility> compatibility_from_protocol(std::string_view name) {
    for (const auto& m : kModes)
        if (equals_ignore_ascii_case(m.protocol, name)) return m.mode;
    return std::nullopt;
}

std::optional<ConnectProtocolCompatibility> compatibility_from_version(std::int16_t version) {
    for (const auto& m : kModes)
        if (m.version == version) return m.mode;
    return std::nullopt;
}

std::string encode_assignment(const ConnectAssignment& a) {
    check_encodable_version(a.version, "a Connect assignment at");
    if (a.version == kConnectProtocolV0 && (!a.revoked.empty() || a.delay_ms != 0))
        throw std::invalid_argument(
            "a version 0 (eager) Connect assignment cannot carry revocations or a delay");
    WireWriter w;
    w.int16(a.version);
    w.int16(a.error);
    w.string(a.leader);
    w.string(a.leader_url);
    w.int64(a.config_offset);
    write_entries(w, a.assigned);
    if (a.version >= kConnectProtocolV1) {
        write_entries(w, a.revoked);
        w.int32(a.delay_ms);
    }
    return w.take();
}

ConnectAssignment decode_assignment(std::string_view bytes) {
    try {
        WireReader r(bytes);
        ConnectAssignment a;
        a.version = read_version(r);
        a.error = r.int16("error");
        a.leader = r.string("leader");
        a.leader_url = r.string("leader_url");
        a.config_offset = r.int64("config_offset");
        // The v1 fields have defaults that apply once the bytes run out; this is
        // what lets a v0 assignment read as v1.
        if (!r.at_end()) read_entries(r, "assignment", a.assigned);
        if (!r.at_end()) read_entries(r, "revoked", a.revoked);
        if (!r.at_end()) a.delay_ms = r.int32("delay");
        return a;
    } catch (const WireError& e) {
        throw WireError(std::string("Connect assignment: ") + e.what());
    }
}

std::string encode_metadata(const WorkerMetadata& m, std::int16_t version) {
    check_encodable_version(version, "Connect member metadata at");
    WireWriter w;
    w.int16(version);
    w.string(m.url);
    w.int64(m.config_offset);
    if (version >= kConnectProtocolV1) {
        std::optional<std::string> allocation;
        if (m.allocation) {
            // Java writes the allocation with the metadata's header version,
            // whatever version the assignment arrived with.
            ConnectAssignment a = *m.allocation;
            a.version = version;
            allocation = encode_assignment(a);
        }
        w.nullable_bytes(allocation);
    }
    return w.take();
}

WorkerMetadata decode_metadata(std::string_view bytes) {
    std::optional<std::string> allocation;
    WorkerMetadata m;
    try {
        WireReader r(bytes);
        read_version(r);
        m.url = r.string("url");
        m.config_offset = r.int64("config_offset");
        if (!r.at_end()) allocation = r.nullable_bytes("allocation");
    } catch (const WireError& e) {
        throw WireError(std::string("Connect member metadata: ") + e.what());
    }
    if (allocation) {
        try {
            m.allocation = decode_assignment(*allocation);
        } catch (const WireError& e) {
            throw WireError(std::string("Connect member metadata allocation: ") + e.what());
        }
    }
    return m;
}

std::vector<JoinGroupProtocol> join_group_protocols(ConnectProtocolCompatibility mode,
                                                    const WorkerMetadata& metadata) {
    std::vector<JoinGroupProtocol> out;
    for (auto offered :
         {ConnectProtocolCompatibility::Sessioned, ConnectProtocolCompatibility::Compatible,
          ConnectProtocolCompatibility::Eager}) {
        // A mode offers itself and every older protocol, newest first.
        if (protocol_version(offered) > protocol_version(mode)) continue;
        out.push_back({std::string(protocol_name(offered)),
                       encode_metadata(metadata, protocol_version(offered))});
    }
    return out;
}

}  // namespace kc::host::distributed
