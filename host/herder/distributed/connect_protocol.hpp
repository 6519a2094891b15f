// The payloads of Kafka Connect's group protocol, byte-compatible with Java's
// ConnectProtocol / IncrementalCooperativeConnectProtocol: the member metadata a
// worker puts in each JoinGroup protocol, and the assignment the leader hands
// every member through SyncGroup. Also the connect.protocol modes and the
// ordered protocol list a worker offers for each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/connect_types.hpp"

namespace kc::host::distributed {

// The JoinGroup protocol_type of every Connect group.
inline constexpr std::string_view kConnectProtocolType = "connect";

inline constexpr std::int16_t kConnectProtocolV0 = 0;  // eager
inline constexpr std::int16_t kConnectProtocolV1 = 1;  // incremental cooperative
inline constexpr std::int16_t kConnectProtocolV2 = 2;  // cooperative with session keys

// In an assignment's task list, this "task id" stands for the connector itself.
inline constexpr std::int32_t kConnectorTask = -1;

// connect.protocol (Java ConnectProtocolCompatibility).
enum class ConnectProtocolCompatibility { Eager, Compatible, Sessioned };

// The config spelling: "eager", "compatible", "sessioned".
std::string_view compatibility_config_name(ConnectProtocolCompatibility mode);
// The JoinGroup protocol name: "default", "compatible", "sessioned".
std::string_view protocol_name(ConnectProtocolCompatibility mode);
// The metadata/assignment header version: 0, 1, 2.
std::int16_t protocol_version(ConnectProtocolCompatibility mode);

// Lookups in the other direction; nullopt when nothing matches. Names are
// matched case-insensitively, as Java does.
std::optional<ConnectProtocolCompatibility> parse_compatibility(std::string_view config_value);
std::optional<ConnectProtocolCompatibility> compatibility_from_protocol(std::string_view name);
std::optional<ConnectProtocolCompatibility> compatibility_from_version(std::int16_t version);

// A set of connectors and tasks, in the order they were listed.
struct ConnectorsAndTasks {
    std::vector<std::string> connectors;
    std::vector<ConnectorTaskId> tasks;

    bool empty() const { return connectors.empty() && tasks.empty(); }
    friend bool operator==(const ConnectorsAndTasks&, const ConnectorsAndTasks&) = default;
};

// An assignment's error field.
inline constexpr std::int16_t kAssignmentNoError = 0;
// The leader's config was behind a member's: members read the config topic to
// its end and rejoin.
inline constexpr std::int16_t kAssignmentConfigMismatch = 1;

// What the leader sends one member (Java ExtendedAssignment; version 0 is the
// eager Assignment, which has no revoked list and no delay).
struct ConnectAssignment {
    std::int16_t version = kConnectProtocolV1;
    std::int16_t error = kAssignmentNoError;
    std::string leader;      // the leader's member id
    std::string leader_url;  // the leader's REST url
    std::int64_t config_offset = -1;
    ConnectorsAndTasks assigned;
    ConnectorsAndTasks revoked;
    std::int32_t delay_ms = 0;  // rejoin after this long (a scheduled rebalance)

    bool failed() const { return error != kAssignmentNoError; }
    friend bool operator==(const ConnectAssignment&, const ConnectAssignment&) = default;
};

// What a member tells the leader about itself (Java ExtendedWorkerState).
struct WorkerMetadata {
    std::string url;                  // advertised REST url
    std::int64_t config_offset = -1;  // config topic position; -1 before any read
    // The member's current full assignment; nullopt when it has none. Encoded
    // only in v1/v2 metadata.
    std::optional<ConnectAssignment> allocation;

    friend bool operator==(const WorkerMetadata&, const WorkerMetadata&) = default;
};

// Metadata bytes for one JoinGroup protocol. version 0 writes url and offset
// only; 1 and 2 add the allocation, encoded with that same header version.
// Throws std::invalid_argument for another version, WireError for a string
// longer than the protocol allows.
std::string encode_metadata(const WorkerMetadata& metadata, std::int16_t version);

// Reads metadata of any version >= 0 (v0 gives no allocation); bytes after
// the known fields are ignored. Throws WireError on malformed bytes.
WorkerMetadata decode_metadata(std::string_view bytes);

// Assignment bytes in assignment.version's layout. Connectors are written once
// each; a connector entry lists -1 (the connector) first, then its task ids.
// Throws std::invalid_argument for a version outside 0..2, or a version 0
// assignment that carries revocations or a delay (v0 cannot say them).
std::string encode_assignment(const ConnectAssignment& assignment);

// Reads an assignment of any version >= 0 with the tolerant v1 layout: absent
// or null lists are empty, an absent delay is 0, trailing bytes are ignored.
// Throws WireError on malformed bytes.
ConnectAssignment decode_assignment(std::string_view bytes);

// One entry of a JoinGroup request's protocol list.
struct JoinGroupProtocol {
    std::string name;
    std::string metadata;

    friend bool operator==(const JoinGroupProtocol&, const JoinGroupProtocol&) = default;
};

// The protocols a worker offers, most preferred first: sessioned offers
// sessioned (v2), compatible (v1), default (v0); compatible offers the last
// two; eager offers default alone.
std::vector<JoinGroupProtocol> join_group_protocols(ConnectProtocolCompatibility mode,
                                                    const WorkerMetadata& metadata);

}  // namespace kc::host::distributed
