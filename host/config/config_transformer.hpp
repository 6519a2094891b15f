#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_map.hpp"

namespace kc::host::config {

// One ${provider:[path:]key} reference inside a value, located as Java's
// ConfigTransformer regex \$\{([^}]*?):(([^}]*?):)?([^}]*?)\} locates it.
struct ConfigVariable {
    std::string provider;
    std::string path;  // "" when the reference has no path part
    std::string key;
    std::size_t begin = 0;  // [begin, end) of "${...}" in the value
    std::size_t end = 0;
};
std::vector<ConfigVariable> find_config_variables(std::string_view value);

// What a provider returned for one path.
struct ProviderData {
    std::map<std::string, std::string> values;
    std::optional<int64_t> ttl_ms;  // nullopt: never expires
};

// Fetches `keys` under `path` from the provider the worker named `provider`.
// Throws (any std::exception) when the provider fails.
using ProviderLookup = std::function<ProviderData(
    const std::string& provider, const std::string& path, const std::set<std::string>& keys)>;

struct TransformedConfig {
    ConfigMap config;                     // resolved copy; the raw map is untouched
    std::map<std::string, int64_t> ttls;  // by path, for values that expire
};

// Resolves every reference in `raw` (Java ConfigTransformer.transform), one
// provider call per (provider, path). As in Java, a reference to a provider
// not in `providers` or to a key the provider does not have is left as it is
// (and logged as a warning); a provider failure throws ConfigError naming the
// config key and the reference.
TransformedConfig transform_config(const ConfigMap& raw, const std::set<std::string>& providers,
                                   const ProviderLookup& lookup);

}  // namespace kc::host::config
