#include "host/config/env_var_config_provider.hpp"

#include <string_view>

extern char** environ;

namespace kc::host::config {

namespace {

constexpr const char* kAllowlist = "allowlist.pattern";

std::regex compile(const std::string& pattern) {
    try {
        return std::regex(pattern);
    } catch (const std::regex_error& e) {
        throw kc::ConfigException("invalid allowlist.pattern '" + pattern + "': " + e.what());
    }
}

}  // namespace

kc::ConfigDef EnvVarConfigProvider::configDef() {
    kc::ConfigDef def;
    def.define(kAllowlist, kc::ConfigType::String, ".*",
               kc::LambdaValidator::with([](const std::string&, const kc::ParsedValue& value) {
                   if (const auto* pattern = std::get_if<std::string>(&value)) compile(*pattern);
               }),
               kc::Importance::Medium,
               "A regular expression the names of readable environment variables must match.");
    return def;
}

void EnvVarConfigProvider::configure(const kc::ConfigMap& configs) {
    auto it = configs.find(kAllowlist);
    allow_.emplace(compile(it == configs.end() ? ".*" : it->second));
}

kc::ConfigData EnvVarConfigProvider::get(const std::string& path) {
    if (!path.empty())
        throw kc::ConfigException(
            "a path is not supported by EnvVarConfigProvider, invalid value '" + path + "'");
    kc::ConfigData result;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view entry(*e);
        const std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(entry.substr(0, eq));
        if (allow_ && !std::regex_match(name, *allow_)) continue;
        result.data[std::move(name)] = std::string(entry.substr(eq + 1));
    }
    return result;
}

}  // namespace kc::host::config
