// The worker's vocabulary: one type per Connect concept, shared by every layer
// from storage up to REST. Nothing here knows about Kafka, plugins or HTTP;
// the C ABI types appear only at the plugin boundary (host/plugins).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kc::host {

// A task of a connector, as Java's ConnectorTaskId: "<connector>-<task>".
struct ConnectorTaskId {
    std::string connector;
    int task = 0;

    friend bool operator==(const ConnectorTaskId&, const ConnectorTaskId&) = default;
    friend auto operator<=>(const ConnectorTaskId&, const ConnectorTaskId&) = default;
};

// What the user asked a connector to be (Java TargetState). The config topic
// spells these STARTED/PAUSED/STOPPED; REST's initial_state spells started as
// RUNNING.
enum class TargetState { Started, Paused, Stopped };

// The config topic's spelling ("STARTED", "PAUSED", "STOPPED").
std::string_view target_state_name(TargetState state);
// Parses the config topic's spelling; nullopt for anything else.
std::optional<TargetState> parse_target_state(std::string_view name);

// Where a connector or task is (Java AbstractStatus.State). destroyed is only
// ever written to the status topic, as a tombstone.
enum class ConnectState { Unassigned, Running, Paused, Failed, Restarting, Stopped, Destroyed };

// The REST and status-topic spelling ("UNASSIGNED", "RUNNING", ...).
std::string_view connect_state_name(ConnectState state);
// Parses that spelling; nullopt for anything else.
std::optional<ConnectState> parse_connect_state(std::string_view name);

// Java's worker id: the advertised REST URL without scheme and trailing
// slashes ("http://host:8083/" -> "host:8083"), as statuses carry it.
std::string worker_id_from_url(std::string_view url);

}  // namespace kc::host
