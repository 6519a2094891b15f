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
    std::filesystem::path worker_config;
    std::vector<std::filesystem::path> connector_configs;
};

// The arguments, or nullopt after printing help or a usage error; then the
// process exits with exit_code.
std::optional<StandaloneArgs> parse_standalone_args(int argc, char** argv, int& exit_code);

struct ConnectorFile {
    std::string name;
    config::ConfigMap config;
    std::optional<TargetState> initial_state;
};

// .json files as JSON, anything else as .properties. Throws naming the file.
ConnectorFile load_connector_file(const std::filesystem::path& file);

}  // namespace kc::host::cli
