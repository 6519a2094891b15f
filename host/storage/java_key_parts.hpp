// How Java's backing stores take a task id apart from a record key
// ("task-<c>-<n>", "status-task-<c>-<n>"): String.split("-"), which drops
// trailing empty parts, then Integer.parseInt of the last part and the middle
// parts rejoined with '-' as the connector. Shared by the config and status
// record codecs so that both keep Java's quirks (a trailing '-' is ignored, a
// connector name may itself contain '-').
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "host/core/connect_types.hpp"

namespace kc::host::storage::java_key_parts {

// The task id in `key`, whose first `prefix_parts` '-'-separated parts are the
// key's prefix ("task" = 1, "status-task" = 2). nullopt where Java gives null:
// fewer than prefix_parts + 2 parts, or a last part that is not an int.
std::optional<ConnectorTaskId> task_id(std::string_view key, std::size_t prefix_parts);

}  // namespace kc::host::storage::java_key_parts
