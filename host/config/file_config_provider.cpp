#include "host/config/file_config_provider.hpp"

#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"

namespace kc::host::config {

kc::ConfigDef FileConfigProvider::configDef() {
    kc::ConfigDef def;
    AllowedPaths::define(def);
    return def;
}

kc::ConfigData FileConfigProvider::get(const std::string& path) {
    kc::ConfigData result;
    if (path.empty()) return result;
    const std::filesystem::path file = allowed_.check(path);
    ConfigMap props;
    try {
        props = parse_properties(read_provider_file(file), file.string());
    } catch (const ConfigError& e) {
        throw kc::ConfigException("could not read properties from file " + path + ": " + e.what());
    }
    for (const auto& [key, value] : props.entries())
        result.data[key] = value;
    return result;
}

}  // namespace kc::host::config
