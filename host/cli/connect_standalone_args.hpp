// connect-standalone's command line and connector files: Java's
// "ConnectStandalone worker.properties [connector1.properties connector2.json ...]",
// where a JSON file is a flat config map or {"name","config","initial_state"}.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/herder/herder.hpp"

namespace kc::host::cli {

struct StandaloneArgs {
    bool help = false;
    std::filesystem::path worker_config;
    std::vector<std::filesystem::path> connector_configs;
};

// Throws std::invalid_argument with a usage message.
StandaloneArgs parse_standalone_args(int argc, char** argv);
std::string standalone_usage();

struct ConnectorFile {
    std::string name;
    config::ConfigMap config;
    std::optional<TargetState> initial_state;
};

// .json files as JSON, anything else as .properties. Throws naming the file.
ConnectorFile load_connector_file(const std::filesystem::path& file);

}  // namespace kc::host::cli
