#include "host/core/connect_types.hpp"

#include <array>
#include <utility>

namespace kc::host {
namespace {

constexpr std::array<std::pair<TargetState, std::string_view>, 3> kTargetStates{{
    {TargetState::Started, "STARTED"},
    {TargetState::Paused, "PAUSED"},
    {TargetState::Stopped, "STOPPED"},
}};

constexpr std::array<std::pair<ConnectState, std::string_view>, 7> kConnectStates{{
    {ConnectState::Unassigned, "UNASSIGNED"},
    {ConnectState::Running, "RUNNING"},
    {ConnectState::Paused, "PAUSED"},
    {ConnectState::Failed, "FAILED"},
    {ConnectState::Restarting, "RESTARTING"},
    {ConnectState::Stopped, "STOPPED"},
    {ConnectState::Destroyed, "DESTROYED"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
    for (const auto& [value, name] : table)
        if (value == e) return name;
    return "UNKNOWN";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view text) {
    for (const auto& [value, name] : table)
        if (name == text) return value;
    return std::nullopt;
}

}  // namespace

std::string_view target_state_name(TargetState state) {
    return name_of(kTargetStates, state);
}
std::optional<TargetState> parse_target_state(std::string_view name) {
    return parse(kTargetStates, name);
}

std::string worker_id_from_url(std::string_view url) {
    if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    return std::string(url);
}

std::string_view connect_state_name(ConnectState state) {
    return name_of(kConnectStates, state);
}
std::optional<ConnectState> parse_connect_state(std::string_view name) {
    return parse(kConnectStates, name);
}

}  // namespace kc::host
